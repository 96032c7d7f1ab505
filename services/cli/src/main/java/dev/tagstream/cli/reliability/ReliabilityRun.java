package dev.tagstream.cli.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.broker.EmbeddedKafka;
import dev.tagstream.cli.IngestCalls;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.feedback.FeedbackServiceFactory;
import dev.tagstream.ingest.IngestServiceFactory;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.train.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One reliability run: a real broker in this JVM, ingest and feedback in this JVM (restartable),
 * workers and the trainer as separate processes (killable), a load through the ingest API, faults
 * at fixed points of the load's progress, bad input on every path, and at the end the figures, each
 * computed from the topics themselves.
 */
final class ReliabilityRun {
  private static final String TOKEN = "reliability-" + UUID.randomUUID();
  private static final int MAX_BODY = 1 << 20;

  private final ReliabilityPlan plan;
  private final PrintStream out;
  private final PrintStream err;
  private final Report report = new Report();
  private final List<Fault> faults = new ArrayList<>();
  private final Map<String, String> hostile = new LinkedHashMap<>(); // id → expected "stage/reason"
  private final Map<String, String> hostileAt =
      new HashMap<>(); // id → where it was stored, "topic-partition@offset"
  private final Map<String, String> confirmed =
      new LinkedHashMap<>(); // id → label confirmed positive
  private final long t0 = System.nanoTime();
  private EmbeddedKafka broker;
  private KafkaCluster cluster;
  private KafkaConfig kafka;
  private ServiceArgs args;
  private Service ingest;
  private Service feedback;
  private int feedbackCrashes;
  private Liveness liveness;

  /** A fault and where in the load it struck. */
  private record Fault(
      String name, long acceptedBefore, long outputsAt, long goodDone, double[] resumedAfter) {}

  ReliabilityRun(ReliabilityPlan plan, PrintStream out, PrintStream err) {
    this.plan = plan;
    this.out = out;
    this.err = err;
  }

  Report execute() throws Exception {
    Path dir = plan.dir();
    Fixture fixture = Fixture.create(dir, 64, plan.labels());
    String bootstrap;
    if (plan.cluster()) {
      cluster = KafkaCluster.start(dir.resolve("kafka"), plan.brokers());
      bootstrap = cluster.bootstrap();
    } else {
      broker = EmbeddedKafka.start(dir.resolve("kafka"), 0);
      bootstrap = broker.bootstrap();
    }
    // replication = brokers, so min.insync.replicas is 2 of 3 on a cluster (TopicAdmin)
    kafka = new KafkaConfig(bootstrap, "", 4, (short) plan.brokers(), dir, 0);
    TopicAdmin.ensureTopics(kafka);
    args = new ServiceArgs(kafka.bootstrap(), plan.brokers(), dir, fixture);
    TopicProbes.release(kafka, "v0001", fixture.firstModel().dir(), fixture.vocabulary().hash());
    List<ChildProcess> workers = new ArrayList<>();
    ChildProcess trainer = null;
    try (LocalHosts hosts = new LocalHosts()) {
      ingest = startIngest();
      feedback = startFeedback();
      IngestCalls calls = new IngestCalls(ingest.httpPort(), TOKEN);
      int[] ports = dev.tagstream.core.net.FreePorts.take(plan.workers() + 1, 0);
      for (int i = 0; i < plan.workers(); i++) {
        ChildProcess w =
            new ChildProcess(
                "worker-" + i,
                args.worker(ports[i], i, plan.delivery()),
                dir.resolve("worker-" + i + ".log"),
                "warn");
        w.start();
        workers.add(w);
      }
      if (plan.trainerKill()) {
        trainer =
            new ChildProcess(
                "trainer",
                trainerArgs(fixture, ports[plan.workers()]),
                dir.resolve("trainer.log"),
                "info"); // its "training vNNNN" line is what an operator reads after a kill
        trainer.start();
      }
      HttpProbes.run(calls, MAX_BODY, report);
      awaitReady(ports, plan.workers());
      try (Ledger ledger = new Ledger(kafka)) {
        load(fixture, hosts, calls, ledger, workers, trainer, ports);
        figures(ledger, hosts, calls, workers, trainer);
      }
    } finally {
      for (ChildProcess w : workers) {
        w.close();
      }
      if (trainer != null) {
        trainer.close();
      }
      closeQuietly(feedback);
      closeQuietly(ingest);
      if (cluster != null) {
        cluster.close();
      } else {
        broker.close();
      }
    }
    return report;
  }

  private void load(
      Fixture fixture,
      LocalHosts hosts,
      IngestCalls calls,
      Ledger ledger,
      List<ChildProcess> workers,
      ChildProcess trainer,
      int[] ports)
      throws Exception {
    int trainerPort = ports[plan.workers()];
    liveness = new Liveness(workers, ports, err);
    LoadDriver driver =
        new LoadDriver(
            calls,
            fixture,
            plan.images(),
            plan.batch(),
            plan.lead(),
            plan.rate(),
            () -> ledger.predictions.size() + ledger.failures.size());
    if (plan.cluster()) {
      driver.holdBack(Math.min(2L * plan.batch(), plan.images() / 4));
    }
    Thread driverThread = new Thread(driver, "reliability-load");
    driverThread.start();
    List<Step> steps = schedule(fixture, hosts, calls, workers, driver);
    ProgressBar bar = new ProgressBar(err, System.console() != null);
    bar.start("reliability", plan.images());
    TrainerKill trainerKill =
        trainer == null ? null : new TrainerKill(trainer, trainerPort, fixture.registry());
    if (trainerKill != null) {
      trainerKill.start();
    }
    int next = 0;
    long allOutSince = -1;
    long expected = plan.images();
    while (true) {
      long done = ledger.done.get();
      // read again after each step: a step can take many seconds, and its row names where it struck
      while (next < steps.size()
          && (done = ledger.done.get()) >= steps.get(next).at * plan.images()) {
        Step s = steps.get(next++);
        Fault f =
            new Fault(
                s.name,
                driver.accepted.get(),
                ledger.predictions.size() + ledger.failures.size(),
                done,
                new double[] {Double.NaN});
        err.printf("%n[%s] %s%n", clock(), s.name);
        long start = System.nanoTime();
        s.action.run();
        faults.add(f);
        watchResume(ledger, f, start);
      }
      for (ChildProcess w : workers) {
        if (w.reviveIfCrashed()) {
          err.printf("%n%s exited on its own (a crash); restarted%n", w.name());
        }
      }
      liveness.probe();
      if (trainer != null && trainerKill.done() && trainer.reviveIfCrashed()) {
        err.printf("%ntrainer exited on its own (a crash); restarted%n");
      }
      bar.update(done, Double.NaN);
      boolean loaded = !driverThread.isAlive();
      boolean allOut =
          loaded
              && done >= driver.accepted.get()
              && next >= steps.size()
              && hostile.keySet().stream().allMatch(id -> ledger.outputs(id) > 0);
      if (allOut && (trainerKill == null || trainerKill.done())) {
        break;
      }
      allOutSince = allOut ? (allOutSince < 0 ? System.nanoTime() : allOutSince) : -1;
      if (allOutSince > 0 && System.nanoTime() - allOutSince > plan.stall().toNanos()) {
        trainerKill.giveUp(); // everything is out but the trainer never started training
      }
      if (!allOut && ledger.quietSeconds() > plan.stall().toSeconds()) {
        err.printf(
            "%nno output for %s: stopping the run; what is missing is reported%n", plan.stall());
        break;
      }
      Thread.sleep(200);
    }
    if (trainerKill != null) {
      trainerKill.close();
    }
    driver.stop();
    driverThread.join(60_000);
    bar.finish(String.format(Locale.ROOT, "load done in %s", clock()));
    Thread.sleep(3000); // late duplicates from the last rebalance would show up now
    report.exact("load", "references posted to ingest", expected, expected);
    report.exact(
        "load", "accepted by ingest (202, stored by Kafka)", expected, driver.accepted.get());
    report.figure(
        "load",
        "batches re-posted (not acknowledged: broker down, timeouts)",
        Long.toString(driver.retries.get()));
    report.exact("load", "unexpected refusals of good batches", 0, driver.unexpected.size());
    if (trainerKill != null) {
      trainerKill.report(report);
      if (trainerKill.done()) {
        trainerRecovered();
      }
    }
  }

  /**
   * Waits until every worker answers /readyz (a model loaded, the loop consuming), so that the load
   * and its --rate start with the scoring instead of piling up behind the workers' start-up.
   */
  private void awaitReady(int[] ports, int workers) {
    long deadline = System.nanoTime() + plan.stall().toNanos();
    for (int i = 0; i < workers; i++) {
      IngestCalls probe = new IngestCalls(ports[i], null);
      while (probe.get("/readyz", null).status() != 200 && System.nanoTime() < deadline) {
        sleep(250);
      }
    }
  }

  /** After its kill and restart, the trainer must finish a training and announce it. */
  private void trainerRecovered() {
    String topic = Topics.MODELS.name(kafka.topicPrefix());
    long deadline = System.nanoTime() + 2 * plan.stall().toNanos();
    ModelRelease found = null;
    while (found == null && System.nanoTime() < deadline) {
      for (ModelRelease r : readReleases(topic)) {
        if (!r.getVersion().equals("v0001")
            && !TopicProbes.BAD_VERSIONS.contains(r.getVersion().toString())) {
          found = r;
        }
      }
      if (found == null) {
        sleep(2000);
      }
    }
    report.add(
        "faults",
        "trainer after its restart",
        "a complete training announced",
        found == null
            ? "nothing announced within " + plan.stall().multipliedBy(2)
            : found.getVersion()
                + " "
                + found.getStatus()
                + " ("
                + found.getReason()
                + ")"
                + (loads(found) ? ", artifact verifies" : ", ARTIFACT DOES NOT LOAD"),
        found != null && loads(found));
  }

  private static boolean loads(ModelRelease r) {
    try {
      ModelArtifact.load(Path.of(URI.create(r.getArtifactUri().toString())));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private List<ModelRelease> readReleases(String topic) {
    List<ModelRelease> all = new ArrayList<>();
    readToEnd(topic, r -> all.add(Topics.MODELS.valueSerde().decode(topic, r.value())));
    return all;
  }

  /**
   * Every decodable record of {@code topic} up to its current end (garbage from the bad-input phase
   * skipped).
   */
  private void readToEnd(
      String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, "reliability-reader", true))) {
      List<TopicPartition> parts = KafkaClients.assignFromStart(c, null, List.of(topic));
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.key() == null || r.value() == null) {
            continue;
          }
          try {
            each.accept(r);
          } catch (RuntimeException e) {
            // an undecodable value: the garbage written on purpose
          }
        }
      }
    }
  }

  /** A scheduled fault or probe: at which fraction of the good references scored it strikes. */
  private record Step(double at, String name, Action action) {}

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  private List<Step> schedule(
      Fixture fixture,
      LocalHosts hosts,
      IngestCalls calls,
      List<ChildProcess> workers,
      LoadDriver driver)
      throws IOException {
    List<Step> steps = new ArrayList<>();
    steps.add(
        new Step(
            0.02,
            "hostile references (bad files, forgery targets, outside the roots) on images",
            () -> hostileReferences(fixture, hosts)));
    for (int k = 0; k < plan.workerKills(); k++) {
      ChildProcess w = workers.get(k % workers.size());
      int n = k + 1;
      steps.add(
          new Step(
              0.10 + 0.6 * k / Math.max(1, plan.workerKills()),
              "worker killed (SIGKILL) #" + n + " (" + w.name() + "), restarted",
              () -> {
                w.kill();
                w.start();
              }));
    }
    steps.add(
        new Step(
            0.20,
            "label confirmations posted (the trainer's trigger and the feedback check)",
            () -> confirm(calls, 0, 400)));
    if (plan.feedbackRestart()) {
      steps.add(
          new Step(
              0.30,
              "feedback app restarted (closed and started again on the same state)",
              () -> {
                feedback.close();
                feedback = startFeedback();
                confirm(calls, 400, 200);
              }));
    }
    steps.add(
        new Step(
            0.35,
            "malformed values on every topic; releases with broken artifacts",
            () -> {
              TopicProbes.garbage(kafka).forEach(k -> hostile.put(k, "deserialize/"));
              TopicProbes.badReleases(kafka, fixture);
            }));
    if (plan.cluster()) {
      clusterSteps(steps, driver);
    } else if (plan.brokerRestart()) {
      steps.add(
          new Step(
              0.50,
              "broker stopped and restarted on the same data",
              () -> {
                broker.close();
                Thread.sleep(3000); // long enough for every client to notice
                broker = EmbeddedKafka.start(plan.dir().resolve("kafka"), 0);
              }));
    }
    steps.add(
        new Step(0.80, "more confirmations after every fault", () -> confirm(calls, 600, 100)));
    steps.sort(java.util.Comparator.comparingDouble(Step::at));
    return steps;
  }

  /**
   * The three-broker faults: the leaders of images-0 and predictions-0 killed (SIGKILL) and
   * restarted, then two brokers stopped at once for the outage.
   */
  private void clusterSteps(List<Step> steps, LoadDriver driver) {
    String images = Topics.IMAGES.name(kafka.topicPrefix());
    String predictions = Topics.PREDICTIONS.name(kafka.topicPrefix());
    ClusterFaults faults =
        new ClusterFaults(
            cluster,
            Topics.all().stream().map(t -> t.name(kafka.topicPrefix())).toList(),
            report,
            err);
    steps.add(
        new Step(
            0.15,
            "leader of " + images + "-0 killed (SIGKILL), restarted",
            () -> faults.killLeader(images, 0, 1)));
    steps.add(
        new Step(
            0.35,
            "leader of " + predictions + "-0 killed (SIGKILL), restarted",
            () -> faults.killLeader(predictions, 0, 2)));
    steps.add(
        new Step(
            0.55,
            "two of three brokers stopped for " + plan.outage().toSeconds() + " s, restarted",
            () -> faults.outage(plan.outage(), driver)));
  }

  /** Records when outputs moved again after a fault (20 more, or all that were left). */
  private void watchResume(Ledger ledger, Fault f, long start) {
    long left = plan.images() + hostile.size() - f.outputsAt();
    if (left <= 0) {
      f.resumedAfter()[0] = 0;
      return;
    }
    long target = f.outputsAt() + Math.min(20, left);
    Thread t =
        new Thread(
            () -> {
              while (System.nanoTime() - start < 2 * plan.stall().toNanos()) {
                if (ledger.predictions.size() + ledger.failures.size() >= target) {
                  f.resumedAfter()[0] = (System.nanoTime() - start) / 1e9;
                  return;
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "resume-watch");
    t.setDaemon(true);
    t.start();
  }

  private void hostileReferences(Fixture fixture, LocalHosts hosts) throws IOException {
    for (String[] h : fixture.hostileFiles()) {
      hostile.put("bad-" + h[0], h[2]);
      sendReference("bad-" + h[0], h[1]);
    }
    Map<String, String[]> web = new LinkedHashMap<>();
    web.put("bad-http-404", new String[] {hosts.allowedUri("/missing.png"), "fetch/not-found"});
    web.put("bad-timeout", new String[] {hosts.allowedUri("/slow.png"), "fetch/timeout"});
    web.put("ssrf-loopback-127.0.0.1", new String[] {hosts.canaryUri(), "fetch/forbidden-address"});
    web.put("ssrf-loopback-ipv6", new String[] {hosts.canary6Uri(), "fetch/forbidden-address"});
    web.put(
        "ssrf-metadata-169.254.169.254",
        new String[] {"http://169.254.169.254/latest/meta-data/", "fetch/forbidden-address"});
    web.put(
        "ssrf-private-10.0.0.1", new String[] {"http://10.0.0.1/x.png", "fetch/forbidden-address"});
    web.put(
        "ssrf-redirect-to-loopback",
        new String[] {hosts.allowedUri("/to-loopback"), "fetch/forbidden-address"});
    web.put(
        "ssrf-redirect-to-metadata",
        new String[] {hosts.allowedUri("/to-metadata"), "fetch/forbidden-address"});
    web.put(
        "file-outside-roots",
        new String[] {
          fixture.outside().resolve("secret.png").toUri().toString(), "fetch/outside-roots"
        });
    web.put(
        "file-traversal",
        new String[] {
          "file://" + fixture.root() + "/../outside/secret.png", "fetch/outside-roots"
        });
    web.put("file-etc-passwd", new String[] {"file:///etc/passwd", "fetch/outside-roots"});
    web.put(
        "bad-scheme-ftp", new String[] {"ftp://example.org/x.png", "validate/unsupported-scheme"});
    web.put("control-allowed-host", new String[] {hosts.allowedUri("/ok.png"), "scored"});
    for (Map.Entry<String, String[]> e : web.entrySet()) {
      hostile.put(e.getKey(), e.getValue()[1]);
      sendReference(e.getKey(), e.getValue()[0]);
    }
  }

  /**
   * Written straight to the topic, as a producer with topic access could, past ingest's own
   * validation.
   */
  private void sendReference(String id, String uri) {
    hostileAt.put(
        id,
        TopicProbes.send(
            kafka,
            Topics.IMAGES,
            id,
            ImageReference.newBuilder()
                .setId(id)
                .setUri(uri)
                .setSubmittedAt(Instant.now())
                .setSource("reliability-probe")
                .build()));
  }

  private void confirm(IngestCalls calls, int from, int count) {
    List<ObjectNode> items = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String id = LoadDriver.id(i);
      String label = String.format("label-%04d", i % plan.labels());
      items.add(
          IngestCalls.JSON
              .createObjectNode()
              .put("id", id)
              .put("label", label)
              .put("state", "positive")
              .put("source", "reliability"));
      confirmed.put(id, label);
    }
    // in requests of at most --batch items, ingest's max-batch
    for (int at = 0; at < items.size(); at += plan.batch()) {
      List<ObjectNode> part = items.subList(at, Math.min(items.size(), at + plan.batch()));
      for (int attempt = 0; ; attempt++) {
        IngestCalls.Answer a = calls.post("/v1/labels", part);
        if (a.status() == 202 || attempt >= 30) {
          if (a.status() != 202) {
            report.add(
                "feedback", "confirmations accepted", "202", a.status() + " " + a.body(), false);
          }
          break;
        }
        sleep(1000);
      }
    }
  }

  private void figures(
      Ledger ledger,
      LocalHosts hosts,
      IngestCalls calls,
      List<ChildProcess> workers,
      ChildProcess trainer)
      throws Exception {
    String load = "load";
    ledger.tally(plan.images()).report(report, load, plan.images(), plan.exactlyOnce());
    long versions = ledger.versions.stream().filter(TopicProbes.BAD_VERSIONS::contains).count();
    report.exact(
        "bad input (models)",
        "predictions by a broken release (" + String.join(", ", TopicProbes.BAD_VERSIONS) + ")",
        0,
        versions);
    report.figure("load", "model versions in predictions", ledger.versions.toString());

    for (Fault f : faults) {
      long m = 0;
      long d = 0;
      for (long i = 0; i < f.acceptedBefore(); i++) {
        String id = LoadDriver.id(i);
        int outputs = ledger.outputs(id);
        m += outputs == 0 ? 1 : 0;
        d += Math.max(0, outputs - ledger.inputs.getOrDefault(id, 0));
      }
      String resumed =
          Double.isNaN(f.resumedAfter()[0])
              ? "did not resume"
              : String.format(Locale.ROOT, "%.1f s", f.resumedAfter()[0]);
      report.add(
          "faults",
          f.name(),
          "missing 0" + (plan.exactlyOnce() ? ", duplicated 0" : ""),
          String.format(
              Locale.ROOT,
              "at %,d good references out; of the %,d accepted before it: missing %d, "
                  + "duplicated %d; outputs moved again after %s",
              f.goodDone(),
              f.acceptedBefore(),
              m,
              d,
              resumed),
          m == 0 && (!plan.exactlyOnce() || d == 0) && !Double.isNaN(f.resumedAfter()[0]));
    }

    for (Map.Entry<String, String> e : hostile.entrySet()) {
      String id = e.getKey();
      String want = e.getValue();
      String got =
          ledger.predictions.containsKey(id)
              ? "scored"
              : ledger.reasons.getOrDefault(id, noOutput(id));
      String section =
          id.startsWith("ssrf-") || id.startsWith("file-")
              ? "security"
              : id.startsWith("garbage-") ? "bad input (topics)" : "bad input (worker)";
      report.add(
          section,
          id,
          want.endsWith("/") ? want + "*" : want,
          got,
          want.endsWith("/") ? got.startsWith(want) : got.equals(want));
    }
    report.exact(
        "security", "requests that reached the loopback canaries", 0, hosts.canaryHits.get());

    checkLabelState();

    IngestCalls.Answer lookup = calls.get("/v1/images/" + LoadDriver.id(0));
    report.add(
        "bad input (topics)",
        "ingest lookup after garbage on predictions",
        "200 with a prediction",
        lookup.status() + (lookup.body().contains("modelVersion") ? " with a prediction" : ""),
        lookup.status() == 200 && lookup.body().contains("modelVersion"));
    long crashes =
        workers.stream().mapToInt(ChildProcess::unexpectedExits).sum()
            + (trainer == null ? 0 : trainer.unexpectedExits())
            + feedbackCrashes
            + liveness.unhealthy()
            + (healthy(ingest) ? 0 : 1)
            + (healthy(feedback) ? 0 : 1);
    report.exact(
        "crashes", "processes that died or services unhealthy without being killed", 0, crashes);
  }

  private void checkLabelState() {
    String topic = Topics.LABEL_STATE.name(kafka.topicPrefix());
    Map<String, LabelState> latest = new HashMap<>();
    long deadline = System.nanoTime() + plan.stall().toNanos();
    long lost;
    do {
      readToEnd(
          topic,
          r -> latest.put(r.key(), Topics.LABEL_STATE.valueSerde().decode(topic, r.value())));
      lost =
          confirmed.entrySet().stream()
              .filter(
                  e ->
                      latest.get(e.getKey()) == null
                          || latest.get(e.getKey()).getPositives().stream()
                              .noneMatch(l -> l.toString().equals(e.getValue())))
              .count();
    } while (lost > 0 && System.nanoTime() < deadline && sleep(1000));
    report.exact("feedback", "confirmations posted", confirmed.size(), confirmed.size());
    report.exact("feedback", "confirmations missing from label-state after the restarts", 0, lost);
  }

  private boolean healthy(Service s) {
    IngestCalls probe = new IngestCalls(s.httpPort(), null);
    return probe.get("/healthz", null).status() == 200;
  }

  private Service startIngest() {
    List<String> flags =
        new ArrayList<>(List.of("--ingest.http-port", "0", "--http-bind", "127.0.0.1"));
    flags.addAll(args.ingestFlags(TOKEN, MAX_BODY, plan.batch()));
    if (plan.cluster()) {
      // A request waits at most this long for acks=all: during the two-broker outage a client is
      // told 503 within seconds instead of after the default 30 s.
      flags.addAll(List.of("--ingest.produce-timeout", "5s"));
    }
    return start(new IngestServiceFactory(), flags);
  }

  private Service startFeedback() {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--feedback.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--data-dir",
                plan.dir().toString()));
    flags.addAll(args.feedbackFlags());
    return start(new FeedbackServiceFactory(), flags);
  }

  private Service start(ServiceFactory f, List<String> flags) {
    List<Setting> all = new ArrayList<>(f.settings());
    KafkaSettings.all().stream()
        .filter(s -> all.stream().noneMatch(x -> x.key().equals(s.key())))
        .forEach(all::add);
    Service s = f.create(kafka, Settings.parse(all, flags, Map.of()));
    s.start();
    return s;
  }

  private List<String> trainerArgs(Fixture fixture, int port) {
    List<String> a = args.common(port, "trainer");
    a.addAll(
        List.of(
            "--trainer.registry",
            fixture.registry().toString(),
            "--trainer.vocabulary",
            fixture.labels().toString(),
            "--trainer.file-roots",
            fixture.root().toString(),
            "--trainer.min-new-confirmations",
            "300",
            "--trainer.min-interval",
            "0s",
            "--trainer.max-interval",
            "24h",
            "--trainer.epochs",
            "40",
            "--trainer.patience",
            "40",
            "--trainer.batch-size",
            "32"));
    return a;
  }

  private static void closeQuietly(Service s) {
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // shutting down after the figures are taken
      }
    }
  }

  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String clock() {
    long s = (System.nanoTime() - t0) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /**
   * A probe without an output: where it was stored and what the workers' group has committed on
   * that partition, so a report tells a record still in flight (committed at or before it) from one
   * skipped (committed past it).
   */
  private String noOutput(String id) {
    String at = hostileAt.get(id);
    if (at == null) {
      return "(no output)";
    }
    String partition = at.substring(0, at.indexOf('@'));
    Long committed = committedByWorkers().get(partition);
    return "(no output; stored at "
        + at
        + ", workers committed "
        + (committed == null ? "nothing" : committed)
        + " there)";
  }

  private Map<String, Long> committedByWorkers;

  private Map<String, Long> committedByWorkers() {
    if (committedByWorkers == null) {
      // the run starts its workers with the default worker.group
      committedByWorkers = TopicProbes.committed(kafka, kafka.topicPrefix() + "tagstream-worker");
    }
    return committedByWorkers;
  }
}
