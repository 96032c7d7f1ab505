package dev.tagstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.core.Service;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow-loris: many clients that open a connection and trickle a request one byte at a time must not
 * starve the others. The JDK server reads a request's head on its executor's threads, so a small
 * fixed pool was all taken by a handful of such clients.
 */
class SlowClientsIT {
  private static final int SLOW_CLIENTS = 40;

  @Test
  void theApiKeepsAnsweringOthersWhileSlowClientsTrickleRequests(@TempDir Path dir)
      throws Exception {
    Service service = IngestHarness.start(TestBroker.freshConfig(1), dir);
    AtomicBoolean trickling = new AtomicBoolean(true);
    List<Socket> slow = new ArrayList<>();
    List<Thread> tricklers = new ArrayList<>();
    try {
      Http api = new Http(service.httpPort(), null);
      byte[] request =
          ("POST /v1/images HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 60\r\n\r\n{\"id\":\"slow\",\"uri\":\"file:///data/slow.png\"}")
              .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), service.httpPort());
        slow.add(s);
        Thread t =
            new Thread(
                () -> {
                  try {
                    OutputStream out = s.getOutputStream();
                    for (int k = 0; k < request.length && trickling.get(); k++) {
                      out.write(request[k]);
                      out.flush();
                      Thread.sleep(500);
                    }
                  } catch (Exception e) {
                    // the server may close a connection that is too slow: that is allowed
                  }
                },
                "slow-client-" + i);
        t.setDaemon(true);
        t.start();
        tricklers.add(t);
      }
      Thread.sleep(1_000); // every slow client has a request under way

      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        Http.Response ready =
            api.send(api.request("/readyz").timeout(Duration.ofSeconds(5)).GET().build());
        assertEquals(200, ready.status());
        Http.Response posted =
            api.send(
                api.request("/v1/images")
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            Http.q("{'id':'fast-" + i + "','uri':'file:///data/fast.png'}")))
                    .build());
        assertEquals(202, posted.status(), posted.body());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "answered in " + ms + " ms");
      }
    } finally {
      trickling.set(false);
      for (Socket s : slow) {
        s.close();
      }
      service.close();
    }
  }
}
