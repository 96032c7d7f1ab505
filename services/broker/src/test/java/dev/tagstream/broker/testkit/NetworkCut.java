package dev.tagstream.broker.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a broker that can cut the network: while cut, every open
 * connection is closed and every new one is closed on arrival, so clients see a broker that is
 * unreachable, while the broker itself keeps running (its transaction coordinator never reloads,
 * which a restart of a sole replica needs and which can hang a transaction on its own). Start the
 * broker with {@code EmbeddedKafka.startAdvertised(dir, upstreamPort, cut.port())}.
 */
public final class NetworkCut implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  public NetworkCut(int upstreamPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    Thread acceptor = new Thread(this::acceptLoop, "network-cut");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Where the broker listens. */
  public int upstreamPort() {
    return upstreamPort;
  }

  /** The address clients are given. */
  public int port() {
    return server.getLocalPort();
  }

  /** From now on nothing gets through: open connections are closed, new ones too. */
  public void cut() {
    cut = true;
    open.forEach(NetworkCut::closeQuietly);
  }

  /** Connections get through again. */
  public void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  // one direction of a connection; when either side ends, both are closed
  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  if (cut) {
                    break;
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side or a cut closed the connection
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "network-cut-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    open.forEach(NetworkCut::closeQuietly);
  }
}
