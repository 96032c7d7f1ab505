package dev.tagstream.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free loopback ports for embedded brokers, child processes and tests. */
public final class FreePorts {
  private FreePorts() {}

  /**
   * {@code n} distinct free ports, none equal to {@code excluded}. All sockets are held open
   * together while choosing: probing one port at a time lets the OS hand out the same port twice.
   */
  public static int[] take(int n, int excluded) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; ) {
        ServerSocket s = new ServerSocket();
        held.add(s);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        if (s.getLocalPort() != excluded) {
          ports[i++] = s.getLocalPort();
        }
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
