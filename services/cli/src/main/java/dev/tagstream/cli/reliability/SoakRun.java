package dev.tagstream.cli.reliability;

import dev.tagstream.cli.IngestCalls;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.net.FreePorts;
import dev.tagstream.model.train.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

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
  private final List<ChildProcess> children = new ArrayList<>();
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
      int[] ports = FreePorts.take(plan.workers() + 2, 0);
      List<ResourceLog.Watched> watched = new ArrayList<>();
      cluster.processes().forEach(p -> watched.add(new ResourceLog.Watched(p, 0)));
      List<String> ingest = args.common(ports[0], "ingest");
      ingest.addAll(args.ingestFlags(TOKEN, MAX_BODY, plan.batch()));
      watched.add(new ResourceLog.Watched(child("ingest", ingest), ports[0]));
      List<String> feedback = args.common(ports[1], "feedback");
      feedback.addAll(args.feedbackFlags());
      watched.add(new ResourceLog.Watched(child("feedback", feedback), ports[1]));
      List<ChildProcess> workers = new ArrayList<>();
      int[] workerPorts = new int[plan.workers()];
      for (int i = 0; i < plan.workers(); i++) {
        workerPorts[i] = ports[2 + i];
        workers.add(child("worker-" + i, args.worker(workerPorts[i], i, "exactly-once")));
        watched.add(new ResourceLog.Watched(workers.get(i), workerPorts[i]));
      }
      try {
        children.forEach(ChildProcess::start);
        awaitReady(ports);
        resources = new ResourceLog(watched);
        try (Ledger ledger = new Ledger(kafka)) {
          IngestCalls calls = new IngestCalls(ports[0], TOKEN);
          load(fixture, calls, ledger, new Liveness(workers, workerPorts, err), cluster);
        }
      } finally {
        for (ChildProcess c : children) {
          c.close();
        }
      }
    }
    return report;
  }

  private ChildProcess child(String name, List<String> args) {
    ChildProcess c = new ChildProcess(name, args, plan.dir().resolve(name + ".log"), "warn");
    children.add(c);
    return c;
  }

  /** Waits until every service answers /readyz, so the load and its rate start with the scoring. */
  private void awaitReady(int[] ports) throws InterruptedException {
    long deadline = System.nanoTime() + plan.stall().toNanos();
    for (int i = 0; i < ports.length; i++) {
      IngestCalls probe = new IngestCalls(ports[i], null);
      while (probe.get("/readyz", null).status() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              children.get(i).name()
                  + " not ready within --stall "
                  + plan.stall()
                  + "; see "
                  + children.get(i).log());
        }
        Thread.sleep(250);
      }
    }
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
    all.addAll(children);
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
    Ledger.Tally t = ledger.tally(n);
    report.exact(load, "good references on the images topic", n, t.stored());
    report.exact(load, "scored (a prediction)", n, t.scored());
    report.add(
        load,
        "dead-lettered (good references), by reason",
        "0",
        t.deadLettered() + (t.deadLettered() == 0 ? "" : " " + t.reasons()),
        t.deadLettered() == 0);
    report.exact(load, "missing (no output)", 0, t.missing());
    report.exact(
        load,
        "duplicated (outputs beyond one per input record, read_committed)",
        0,
        t.duplicated());
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
