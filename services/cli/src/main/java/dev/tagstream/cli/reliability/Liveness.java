package dev.tagstream.cli.reliability;

import dev.tagstream.cli.IngestCalls;
import java.io.PrintStream;
import java.util.List;

/**
 * An orchestrator's liveness probe over child processes, every 5 s: one whose /healthz answers but
 * not 200 (its loop stopped on a fatal error) is counted as a crash and restarted.
 */
final class Liveness {
  private final List<ChildProcess> processes;
  private final int[] ports;
  private final PrintStream err;
  private long last = System.nanoTime();
  private int unhealthy;

  /** {@code ports[i]}: the HTTP port of {@code processes.get(i)}. */
  Liveness(List<ChildProcess> processes, int[] ports, PrintStream err) {
    this.processes = processes;
    this.ports = ports;
    this.err = err;
  }

  void probe() throws InterruptedException {
    if (System.nanoTime() - last < 5_000_000_000L) {
      return;
    }
    last = System.nanoTime();
    for (int i = 0; i < processes.size(); i++) {
      ChildProcess p = processes.get(i);
      int status = p.alive() ? new IngestCalls(ports[i], null).get("/healthz", null).status() : 0;
      if (status != 0 && status != 200) { // 0: not listening yet (starting) or gone
        unhealthy++;
        err.printf(
            "%n%s answers /healthz %d (stopped on a fatal error); restarted%n", p.name(), status);
        p.kill();
        p.start();
      }
    }
  }

  /** Processes found unhealthy (and restarted) so far. */
  int unhealthy() {
    return unhealthy;
  }
}
