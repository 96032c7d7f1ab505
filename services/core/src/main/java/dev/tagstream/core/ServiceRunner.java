package dev.tagstream.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services, blocks until the process is asked to stop (SIGTERM, Ctrl-C), then closes them in
 * reverse order.
 */
public final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private ServiceRunner() {}

  public static void runUntilStopped(
      List<? extends AutoCloseable> resources, List<Service> services) {
    CountDownLatch stopped = new CountDownLatch(1);
    List<AutoCloseable> toClose = new ArrayList<>(resources);
    Thread hook =
        new Thread(
            () -> {
              log.warn("stopping: draining {} service(s)", services.size());
              List<AutoCloseable> all = new ArrayList<>(toClose);
              all.addAll(services);
              for (int i = all.size() - 1; i >= 0; i--) {
                try {
                  all.get(i).close();
                } catch (Exception e) {
                  log.warn("error while stopping: {}", e.toString());
                }
              }
              stopped.countDown();
            },
            "tagstream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    for (Service s : services) {
      s.start();
      log.info(
          "{} running; metrics and health on http://localhost:{}/metrics", s.name(), s.httpPort());
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
