package dev.tagstream.bench.peers;

import ai.djl.pytorch.jni.JniUtils;
import dev.tagstream.bench.worker.BenchImages;
import dev.tagstream.bench.worker.BenchTraffic;
import dev.tagstream.bench.worker.BenchWorkerArgs;
import dev.tagstream.bench.worker.WorkerProcess;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.model.artifact.Directories;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.worker.WorkerService;
import dev.tagstream.worker.WorkerServiceFactory;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * tagstream's worker against the Python consumers a user would write, in one process tree on one
 * embedded broker: the same model (exported to TorchScript, agreement checked first), the same
 * images, one contestant at a time (the others idle), each timed from the first submission of a
 * burst to its last prediction read back. The worker runs twice: in the bench's JVM (beside the
 * broker and the traffic) and in its own JVM, as each peer runs in its own process. Rounds rotate
 * the order; medians and ranges of images/s and of the ratios are reported.
 */
final class PeersBench {
  static final double AGREEMENT_LIMIT = 1e-4;
  static final double TARGET_BATCHED = 1.3;
  static final double TARGET_PER_MESSAGE = 3.0;

  record Options(
      ModelArtifact artifact,
      List<Path> files,
      Path fileRoot,
      Integer batch,
      Duration maxWait,
      int peerThreads,
      int rounds,
      double seconds,
      int warmSeconds,
      int minImages,
      String python,
      int partitions,
      boolean generated) {}

  /**
   * One contestant: its traffic through its own topics, and the consumer (worker or peer) behind
   * them.
   */
  private record Lane(
      String name,
      BenchTraffic.Submitter submit,
      BenchTraffic.Arrivals arrivals,
      LongSupplier childCpuNanos,
      Runnable requireAlive) {}

  /** The lane names the ratios are taken of, and against. */
  static final String IN_JVM = "tagstream";

  static final String OWN_JVM = "tagstream-own-jvm";

  private final Options o;
  private final PrintStream out;

  PeersBench(Options o, PrintStream out) {
    this.o = o;
    this.out = out;
  }

  void run() throws Exception {
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    Path work = Files.createTempDirectory("tagstream-bench-peers-");
    try {
      run(work);
    } finally {
      Directories.deleteQuietly(work); // the broker's log, the exported model, the peers' logs
    }
  }

  private void run(Path work) throws Exception {
    WorkerServiceFactory workers = new WorkerServiceFactory();
    // the worker's own defaults, read from its settings, so "the default configuration" stays the
    // worker's
    Settings defaults = Settings.parse(workers.settings(), List.of(), Map.of());
    int batch =
        o.batch() != null
            ? o.batch()
            : defaults.integer(setting(workers, "worker.batch-size"), 1, 1 << 16);
    Duration maxWait =
        o.maxWait() != null ? o.maxWait() : defaults.duration(setting(workers, "worker.max-wait"));
    int topK = defaults.integer(setting(workers, "worker.top-k"), 1, 1 << 16);

    PythonPeers python = PythonPeers.open(o.python(), work);
    Path torchScript = TorchScriptExport.export(o.artifact(), python, work.resolve("torchscript"));
    // on generated images at the model's input size with alpha 0 or 255: both sides then see the
    // same pixels, so
    // the check is of the model; --dir images that need resizing are resized by PIL and Java2D
    // slightly differently
    List<Path> probe =
        BenchImages.generate(work.resolve("agreement"), 64, o.artifact().info().inputSize());
    PeerAgreement.Result agreement =
        PeerAgreement.check(o.artifact(), python, torchScript, probe, batch, work);
    out.printf(
        "machine: %d cores, load average %.1f; OMP_WAIT_POLICY=%s; libtorch intra-op threads: this JVM's"
            + " process-wide count %d, peers %d (torch.set_num_threads)%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"),
        JniUtils.getNumThreads(),
        o.peerThreads());
    out.printf(
        "model: %s (%s, %d labels); images: %d files under %s%n",
        o.artifact().info().version(),
        o.artifact().info().backbone().id(),
        o.artifact().vocabulary().size(),
        o.files().size(),
        o.fileRoot());
    out.printf(
        "agreement: max |p_tagstream - p_peer| = %.2e over %d generated images x %d labels (limit %.0e):"
            + " %s%n",
        agreement.maxAbsDiff(),
        agreement.images(),
        o.artifact().vocabulary().size(),
        AGREEMENT_LIMIT,
        agreement.maxAbsDiff() <= AGREEMENT_LIMIT ? "agree" : "DISAGREE");
    if (agreement.maxAbsDiff() > AGREEMENT_LIMIT) {
      throw new IllegalStateException("the peers do not score the same model; not measuring");
    }
    out.printf(
        "tagstream: the worker with its defaults (batch %d, max wait %d ms), in this JVM and in its own;"
            + " batched peer: up to %d records"
            + " per poll, %d ms; per-message peer: one record per forward and commit%n",
        batch, maxWait.toMillis(), batch, maxWait.toMillis());

    String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaConfig base =
        new KafkaConfig(
            null, run + "tagstream.", o.partitions(), (short) 1, work.resolve("kafka"), 0);
    PeerConsumer.Setup setup =
        new PeerConsumer.Setup(
            python,
            torchScript,
            o.artifact().dir(),
            o.fileRoot(),
            o.peerThreads(),
            batch,
            maxWait.toMillis(),
            topK,
            work);
    List<AutoCloseable> open = new ArrayList<>();
    try (KafkaRuntime kafka = KafkaRuntime.start(base)) {
      KafkaConfig ts = kafka.config();
      Service worker =
          workers.create(
              ts,
              Settings.parse(workers.settings(), workerArgs(o, batch, maxWait, "bench"), Map.of()));
      open.add(worker);
      worker.start();
      if (worker instanceof WorkerService w) {
        out.println("tagstream worker (both lanes) " + w.threadSplit());
      }
      List<Lane> lanes = new ArrayList<>();
      lanes.add(lane(IN_JVM, ts, () -> 0L, () -> {}, open));
      // the same worker in its own JVM, as the peers run in their own processes and as an operator
      // deploys it: nothing but the worker in the process (the lane above shares its JVM with the
      // broker and the bench's traffic)
      KafkaConfig own = ts.withTopicPrefix(run + OWN_JVM + ".");
      TopicAdmin.ensureTopics(own);
      WorkerProcess process =
          WorkerProcess.start(
              workerArgs(o, batch, maxWait, OWN_JVM), own, List.of(), null, work, OWN_JVM);
      open.add(process);
      lanes.add(lane(OWN_JVM, own, process::cpuNanos, process::requireAlive, open));
      for (PeerConsumer.Mode mode : PeerConsumer.Mode.values()) {
        KafkaConfig k = ts.withTopicPrefix(run + mode.arg + ".");
        TopicAdmin.ensureTopics(k);
        PeerConsumer peer = PeerConsumer.start(setup, mode, k);
        open.add(peer);
        lanes.add(lane(mode.arg, k, peer::cpuNanos, peer::requireAlive, open));
      }
      measure(lanes, batch);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private void measure(List<Lane> lanes, int batch) {
    int warm = Math.max(300, batch * 8);
    int[] sizes = new int[lanes.size()];
    StringBuilder est = new StringBuilder("after warm-up:");
    for (int i = 0; i < lanes.size(); i++) {
      Lane l = lanes.get(i);
      long until = System.nanoTime() + Duration.ofSeconds(o.warmSeconds()).toNanos();
      int burst = 0;
      do {
        through(l, "warm" + burst++ + "-", warm, Duration.ofMinutes(5));
      } while (System.nanoTime() < until);
      double rate = through(l, "est-", warm, Duration.ofMinutes(5)).rate();
      sizes[i] = (int) Math.max(o.minImages(), o.seconds() * rate);
      est.append(String.format(" %s %.0f images/s (%d per round);", l.name(), rate, sizes[i]));
    }
    out.println(est.substring(0, est.length() - 1));
    double[][] rate = new double[lanes.size()][o.rounds()];
    double[][] cpu = new double[lanes.size()][o.rounds()];
    double[][] others = new double[lanes.size()][o.rounds()];
    for (int r = 0; r < o.rounds(); r++) {
      List<String> order = new ArrayList<>();
      for (int j = 0; j < lanes.size(); j++) {
        int i = (j + r) % lanes.size(); // rotate the order so no contestant always runs first
        order.add(lanes.get(i).name());
        Part p = through(lanes.get(i), "round" + r + "-", sizes[i], Duration.ofMinutes(30));
        rate[i][r] = p.rate();
        cpu[i][r] = p.coreMsPerImage();
        others[i][r] = p.otherCores();
      }
      final int round = r;
      StringBuilder line = new StringBuilder();
      StringBuilder cores = new StringBuilder();
      for (int i = 0; i < lanes.size(); i++) {
        line.append(
            String.format("%s%s %.1f", i == 0 ? "" : ", ", lanes.get(i).name(), rate[i][r]));
        cores.append(
            String.format("%s%s %.2f", i == 0 ? "" : ", ", lanes.get(i).name(), cpu[i][r]));
      }
      out.printf("round %d (%s): %s images/s%n", r + 1, String.join(", ", order), line);
      out.printf(
          "  cpu per image: %s core-ms; other processes took %s cores meanwhile%n",
          cores,
          Arrays.stream(others)
              .map(x -> String.format("%.2f", x[round]))
              .reduce((x, y) -> x + ", " + y)
              .orElse(""));
    }
    out.printf("medians of %d rounds (min-max):%n", o.rounds());
    for (int i = 0; i < lanes.size(); i++) {
      out.printf(
          "  %-12s %8.1f images/s (%.1f-%.1f), %.2f core-ms per image (%.2f-%.2f)%n",
          lanes.get(i).name(),
          median(rate[i]),
          min(rate[i]),
          max(rate[i]),
          median(cpu[i]),
          min(cpu[i]),
          max(cpu[i]));
    }
    int batched = index(lanes, PeerConsumer.Mode.BATCHED.arg);
    int perMessage = index(lanes, PeerConsumer.Mode.PER_MESSAGE.arg);
    for (String ours : List.of(IN_JVM, OWN_JVM)) {
      int t = index(lanes, ours);
      ratio(ours + " / batched", rate[t], rate[batched], TARGET_BATCHED);
      ratio(ours + " / per-message", rate[t], rate[perMessage], TARGET_PER_MESSAGE);
      // CPU per image barely depends on what other processes take from the machine; images/s does
      out.printf(
          "  images per core-second, %s / batched %.2f, / per-message %.2f (medians)%n",
          ours, median(cpu[batched]) / median(cpu[t]), median(cpu[perMessage]) / median(cpu[t]));
    }
  }

  private static int index(List<Lane> lanes, String name) {
    for (int i = 0; i < lanes.size(); i++) {
      if (lanes.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no lane " + name);
  }

  private void ratio(String name, double[] ours, double[] theirs, double target) {
    double[] perRound = new double[ours.length];
    for (int r = 0; r < ours.length; r++) {
      perRound[r] = ours[r] / theirs[r];
    }
    double m = median(ours) / median(theirs);
    out.printf(
        "  %-24s %.2f (ratio of medians; per round %.2f-%.2f); target >= %.1f: %s%n",
        name, m, min(perRound), max(perRound), target, m >= target ? "met" : "NOT met");
  }

  /**
   * One timed burst: images/s; CPU per image of this JVM (worker, broker, traffic) plus the peer
   * process; and the cores every other process on the machine took meanwhile (/proc/stat less
   * ours).
   */
  private record Part(double rate, double coreMsPerImage, double otherCores) {}

  private static Part through(Lane l, String prefix, int n, Duration timeout) {
    long cpu0 = cpuNanos(l);
    long machine0 = CpuTotals.busyNanos();
    long t0 = System.nanoTime();
    l.submit().burst(prefix, n);
    try {
      l.arrivals().await(prefix, n, timeout);
    } catch (IllegalStateException e) {
      l.requireAlive().run();
      throw e;
    }
    long wall = System.nanoTime() - t0;
    long cpu = cpuNanos(l) - cpu0;
    double otherCores = Math.max(0, CpuTotals.busyNanos() - machine0 - cpu) / (double) wall;
    if (l.arrivals().failures() > 0) {
      throw new IllegalStateException(
          l.name() + " wrote " + l.arrivals().failures() + " dead letters");
    }
    return new Part(n / (wall / 1e9), cpu / 1e6 / n, otherCores);
  }

  private static long cpuNanos(Lane l) {
    long jvm =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    return jvm + l.childCpuNanos().getAsLong();
  }

  private Lane lane(
      String name,
      KafkaConfig k,
      LongSupplier childCpuNanos,
      Runnable requireAlive,
      List<AutoCloseable> open) {
    BenchTraffic.awaitTopics(k);
    BenchTraffic.Submitter submit = new BenchTraffic.Submitter(k, o.files());
    open.add(submit);
    BenchTraffic.Arrivals arrivals = new BenchTraffic.Arrivals(k);
    open.add(arrivals);
    return new Lane(name, submit, arrivals, childCpuNanos, requireAlive);
  }

  /** Both tagstream lanes' worker flags: the model, the images' root, batch and wait, an id. */
  private static List<String> workerArgs(Options o, int batch, Duration maxWait, String id) {
    return BenchWorkerArgs.of(o.artifact().dir(), o.fileRoot(), batch, maxWait, null, id);
  }

  private static Setting setting(WorkerServiceFactory f, String key) {
    return f.settings().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
