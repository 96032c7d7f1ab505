package dev.tagstream.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services, blocks until the process is asked to stop (SIGTERM, Ctrl-C), then closes them
 * and then the broker, within a bounded time.
 */
public final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  /**
   * What a stop may take beyond the longest drain timeout: closing the clients and the Streams apps
   * (10 s at most; the services close side by side), then the embedded broker.
   */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** Exit status of a stop that had to give up on a close that did not return. */
  public static final int STOP_OVERRAN = 1;

  private ServiceRunner() {}

  public static void runUntilStopped(
      List<? extends AutoCloseable> resources, List<Service> services) {
    CountDownLatch stopped = new CountDownLatch(1);
    Duration budget = stopBudget(services);
    Thread hook =
        new Thread(
            () -> {
              log.warn(
                  "stopping: draining {} service(s), at most {} s",
                  services.size(),
                  budget.toSeconds());
              closeWithin(services, resources, budget);
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

  /** The longest drain timeout of the services plus {@link #STOP_GRACE}. */
  static Duration stopBudget(List<Service> services) {
    Duration longest = Duration.ZERO;
    for (Service s : services) {
      if (s.drainTimeout().compareTo(longest) > 0) {
        longest = s.drainTimeout();
      }
    }
    return longest.plus(STOP_GRACE);
  }

  /**
   * Closes the services all at once (each has its own clients; against a broker that stopped
   * answering, each close waits out its own timeouts, and one after another they added up to more
   * than half a minute), then the resources, last first. Whatever has not closed when the budget is
   * spent is given up and the process ends at once: a JVM that is already stopping ignores the next
   * Ctrl-C, so nothing else could end it.
   */
  static void closeWithin(
      List<Service> services, List<? extends AutoCloseable> resources, Duration budget) {
    Set<String> open = new ConcurrentSkipListSet<>();
    Thread closer =
        new Thread(
            () -> {
              List<Thread> closing = new ArrayList<>();
              for (Service s : services) {
                closing.add(closing(s.name(), s, open));
              }
              joinAll(closing);
              for (int i = resources.size() - 1; i >= 0; i--) {
                AutoCloseable r = resources.get(i);
                joinAll(List.of(closing(r.getClass().getSimpleName(), r, open)));
              }
            },
            "tagstream-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(budget.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      // Straight to stderr: the logging framework's own shutdown hook may have stopped it by now.
      System.err.println(
          "tagstream: stopping took longer than "
              + budget.toSeconds()
              + " s; "
              + String.join(", ", open)
              + " had not closed; exiting without waiting for "
              + (open.size() == 1 ? "it" : "them"));
      System.err.flush();
      Runtime.getRuntime().halt(STOP_OVERRAN);
    }
  }

  private static Thread closing(String name, AutoCloseable c, Set<String> open) {
    open.add(name);
    Thread t =
        new Thread(
            () -> {
              try {
                c.close();
              } catch (Exception e) {
                log.warn("error while stopping {}: {}", name, e.toString());
              }
              open.remove(name);
            },
            "tagstream-close-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void joinAll(List<Thread> threads) {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
