package dev.tagstream.cli.reliability;

import dev.tagstream.cli.IngestCalls;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.net.FreePorts;
import dev.tagstream.model.train.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * One soak: a broker and its controller, ingest, feedback and the workers, each its own process; a
 * steady load through ingest's HTTP API; every process's resources sampled until the planned
 * duration is over and every reference is out; then the delivery figures from the topics (as the
 * reliability run computes them) and a growth verdict per process and figure.
 */
final class SoakRun {
  private static final String TOKEN = "soak-" + UUID.randomUUID();
  private static final int MAX_BODY = 1 << 20;

  private final SoakPlan plan;
  private final PrintStream err;
  private final Report report = new Report();
  private final List<Started> started = new ArrayList<>();
  private ResourceLog resources;

  SoakRun(SoakPlan plan, PrintStream err) {
    this.plan = plan;
    this.err = err;
  }

  Report execute() throws Exception {
    Path dir = plan.dir();
    Fixture fixture = Fixture.create(dir, 64, plan.labels());
    try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("kafka"), 1)) {
      KafkaConfig kafka = new KafkaConfig(cluster.bootstrap(), "", 4, (short) 1, dir, 0);
      TopicAdmin.ensureTopics(kafka);
      TopicProbes.release(kafka, "v0001", fixture.firstModel().dir(), fixture.vocabulary().hash());
      ServiceArgs args = new ServiceArgs(kafka.bootstrap(), 1, dir, fixture);
      Map<String, IntFunction<List<String>>> services = new LinkedHashMap<>();
      services.put(
          "ingest",
          port -> {
            List<String> a = args.common(port, "ingest");
            a.addAll(args.ingestFlags(TOKEN, MAX_BODY, plan.batch()));
            return a;
          });
      services.put(
          "feedback",
          port -> {
            List<String> a = args.common(port, "feedback");
            a.addAll(args.feedbackFlags());
            return a;
          });
      for (int i = 0; i < plan.workers(); i++) {
        int index = i;
        services.put("worker-" + i, port -> args.worker(port, index, "exactly-once"));
      }
      try {
        startReady(services);
        List<ResourceLog.Watched> watched = new ArrayList<>();
        cluster.processes().forEach(p -> watched.add(new ResourceLog.Watched(p, 0)));
        started.forEach(st -> watched.add(new ResourceLog.Watched(st.process(), st.port())));
        resources = new ResourceLog(watched);
        List<Started> workers = started.subList(2, started.size());
        Liveness liveness =
            new Liveness(
                workers.stream().map(Started::process).toList(),
                workers.stream().mapToInt(Started::port).toArray(),
                err);
        try (Ledger ledger = new Ledger(kafka)) {
          IngestCalls calls = new IngestCalls(started.get(0).port(), TOKEN);
          load(fixture, calls, ledger, liveness, cluster);
        }
      } finally {
        for (Started st : started) {
          st.process().close();
        }
      }
    }
    return report;
  }

  /** A service's process and the HTTP port it serves on. */
  private record Started(ChildProcess process, int port) {}

  /**
   * Starts every service (name → its command line for a port) and waits until each answers /readyz,
   * so the load and its rate start with the scoring. A port found free can be taken by another
   * program before the service binds it (on a busy machine outgoing connections draw from the same
   * range): a service that exits before it is ready is started again on another port, up to 3 times
   * in all.
   */
  private void startReady(Map<String, IntFunction<List<String>>> services) throws Exception {
    for (Map.Entry<String, IntFunction<List<String>>> e : services.entrySet()) {
      started.add(launch(e.getKey(), e.getValue()));
    }
    long deadline = System.nanoTime() + plan.stall().toNanos();
    List<IntFunction<List<String>>> commands = List.copyOf(services.values());
    for (int i = 0; i < started.size(); i++) {
      int attempts = 1;
      while (new IngestCalls(started.get(i).port(), null).get("/readyz", null).status() != 200) {
        ChildProcess c = started.get(i).process();
        if (!c.alive()) {
          if (attempts++ >= 3) {
            throw new IllegalStateException(
                c.name() + " exited before it was ready, 3 times; see " + c.log());
          }
          err.printf(
              "%s exited before it was ready (port %d taken?); starting it on another port%n",
              c.name(), started.get(i).port());
          started.set(i, launch(c.name(), commands.get(i)));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              c.name() + " not ready within --stall " + plan.stall() + "; see " + c.log());
        }
        Thread.sleep(250);
      }
    }
  }

  private Started launch(String name, IntFunction<List<String>> command) throws IOException {
    int port = FreePorts.take(1, 0)[0];
    ChildProcess c =
        new ChildProcess(name, command.apply(port), plan.dir().resolve(name + ".log"), "warn");
    c.start();
    return new Started(c, port);
  }

  private void load(
      Fixture fixture, IngestCalls calls, Ledger ledger, Liveness liveness, KafkaCluster cluster)
      throws Exception {
    LoadDriver driver =
        new LoadDriver(
            calls,
            fixture,
            plan.references(),
            plan.batch(),
            plan.lead(),
            plan.rate(),
            () -> ledger.predictions.size() + ledger.failures.size());
    Thread driverThread = new Thread(driver, "soak-load");
    ProgressBar bar = new ProgressBar(err, System.console() != null);
    List<ChildProcess> all = new ArrayList<>(cluster.processes());
    started.forEach(st -> all.add(st.process()));
    resources.sample();
    long start = System.nanoTime();
    long sampleNanos = plan.sample().toNanos();
    long nextSample = start + sampleNanos;
    long loadEnd = -1;
    boolean stalled = false;
    driverThread.start();
    bar.start("soak", plan.references());
    while (true) {
      long now = System.nanoTime();
      long done = ledger.done.get();
      for (ChildProcess c : all) {
        if (c.reviveIfCrashed()) {
          err.printf("%n%s exited on its own (a crash); restarted%n", c.name());
        }
      }
      liveness.probe();
      if (now >= nextSample) {
        resources.sample();
        nextSample += sampleNanos;
      }
      bar.update(done, Double.NaN);
      if (loadEnd < 0 && !driverThread.isAlive()) {
        loadEnd = now;
      }
      boolean allOut = loadEnd > 0 && done >= driver.accepted.get();
      if (allOut && now - start >= plan.duration().toNanos()) {
        break;
      }
      if (!allOut && ledger.quietSeconds() > plan.stall().toSeconds()) {
        err.printf(
            "%nno output for %s: stopping the run; what is missing is reported%n", plan.stall());
        stalled = true;
        break;
      }
      Thread.sleep(200);
    }
    resources.sample();
    double seconds = (System.nanoTime() - start) / 1e9;
    driver.stop();
    driverThread.join(60_000);
    bar.finish(String.format(Locale.ROOT, "done in %.0f s", seconds));
    Thread.sleep(3000); // late duplicates would show up now
    delivery(ledger, driver, loadEnd < 0 ? Double.NaN : (loadEnd - start) / 1e9, seconds, stalled);
    resources.judge(report);
    long crashes =
        all.stream().mapToInt(ChildProcess::unexpectedExits).sum() + liveness.unhealthy();
    report.exact(
        "crashes", "processes that died or services unhealthy without being killed", 0, crashes);
  }

  private void delivery(
      Ledger ledger, LoadDriver driver, double loadSeconds, double seconds, boolean stalled) {
    String load = "load";
    long n = plan.references();
    report.exact(load, "accepted by ingest (202, stored by Kafka)", n, driver.accepted.get());
    report.figure(
        load,
        "batches re-posted (not acknowledged: timeouts, 503)",
        Long.toString(driver.retries.get()));
    report.exact(load, "unexpected refusals of good batches", 0, driver.unexpected.size());
    // the last batch is posted at (n - batch) / rate: the pace is measured up to it
    long paced = Math.max(1, driver.accepted.get() - plan.batch());
    double rate = paced / loadSeconds;
    report.add(
        load,
        "pace through ingest (references/s)",
        String.format(
            Locale.ROOT, "≥ %.1f (95 %% of --rate %.0f)", 0.95 * plan.rate(), plan.rate()),
        Double.isNaN(loadSeconds)
            ? "the load did not finish"
            : String.format(
                Locale.ROOT,
                "%.1f (%,d posted before the last batch, which was accepted after %.0f s)",
                rate,
                paced,
                loadSeconds),
        !Double.isNaN(loadSeconds) && rate >= 0.95 * plan.rate());
    report.add(
        load,
        "services running and sampled",
        "≥ " + plan.duration().toSeconds() + " s",
        String.format(Locale.ROOT, "%.0f s%s", seconds, stalled ? " (stopped: no output)" : ""),
        seconds >= plan.duration().toSeconds());
    ledger.tally(n).report(report, load, n, true); // the soak's workers run exactly-once
  }

  /** Samples taken of each process. */
  int samples() {
    return resources == null ? 0 : resources.count();
  }

  /** Every sample, as CSV. */
  String csv() {
    return resources == null ? "" : resources.csv();
  }
}
