package dev.tagstream.ingest.submit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a real HTTP server that, for its first {@code drops}
 * connections, passes the request on, waits for the server's whole answer, and then closes the
 * client's connection without it: the server did the work, the client saw only a dropped
 * connection. Later connections are piped through untouched.
 */
final class AnswerDroppingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final AtomicInteger dropsLeft;
  private final AtomicInteger dropped = new AtomicInteger();
  private final Thread acceptor;

  AnswerDroppingProxy(int upstreamPort, int drops) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.dropsLeft = new AtomicInteger(drops);
    this.acceptor = new Thread(this::acceptLoop, "answer-dropping-proxy");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many answers the server gave that the client never received. */
  int dropped() {
    return dropped.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        boolean drop = dropsLeft.getAndDecrement() > 0;
        Thread t = new Thread(() -> serve(client, drop), "proxy-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client, boolean drop) {
    try (client;
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      if (drop) {
        upstream.getOutputStream().write(readMessage(client.getInputStream()));
        upstream.getOutputStream().flush();
        readMessage(
            upstream.getInputStream()); // the whole answer: the server has finished the request
        dropped.incrementAndGet();
        return; // closing the client's socket without a byte of the answer
      }
      Thread back = new Thread(() -> pipe(upstream, client), "proxy-back");
      back.setDaemon(true);
      back.start();
      pipe(client, upstream);
      back.join();
    } catch (IOException | InterruptedException e) {
      // a connection ending is how every exchange here ends
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // either side closed
    }
  }

  /**
   * One HTTP/1.1 message with a Content-Length body (what the JDK's client and server both send
   * here).
   */
  private static byte[] readMessage(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a message head");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head.toByteArray());
    all.write(body);
    return all.toByteArray();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
