package dev.tagstream.bench.worker;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.images.FetchConfig;
import dev.tagstream.core.images.ImageDecoder;
import dev.tagstream.core.images.ImageFetcher;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.ops.ThreadCpu;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.infer.IntraOpThreads;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.worker.WorkerConfig;
import dev.tagstream.worker.WorkerMetrics;
import dev.tagstream.worker.WorkerService;
import dev.tagstream.worker.WorkerSettings;
import dev.tagstream.worker.serving.ModelLoader;
import dev.tagstream.worker.serving.ServingModel;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The worker benchmark, all in one process on one machine, with one thread budget for every part
 * (libtorch's intra-op threads, the fetch pool): (a) the model alone on preprocessed tensors at
 * batch B, (b) fetch+decode+preprocess alone, (c) the bound 1/(1/a + 1/b) for sharing these cores,
 * (d) end to end through Kafka (submission to prediction read back) with a real worker, d/c; (a),
 * (b) and (d) interleaved over several rounds after a warm-up, medians reported; then p50/p99
 * end-to-end latency when submitting at 50% and 90% of d.
 */
final class WorkerBench {
  record Options(
      int images,
      int batch,
      Duration maxWait,
      int labels,
      int imageSize,
      int inputSize,
      Path dir,
      Path model,
      int fetchThreads,
      int torchThreads,
      int inferenceThreads,
      int rounds,
      double partSeconds,
      int latencySeconds,
      KafkaConfig kafka,
      List<Integer> shadowPercents,
      List<Integer> processes,
      List<Integer> topicPartitions,
      List<String> forwardedKafkaArgs) {}

  private final Options o;
  private final PrintStream out;
  private final CpuMeter cpu = new CpuMeter();

  WorkerBench(Options o, PrintStream out) {
    this.o = o;
    this.out = out;
  }

  void run() throws Exception {
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    if (o.torchThreads() > 0) {
      // set before the engine loads; the worker in this process then uses the same intra-op thread
      // count
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(o.torchThreads()));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Path work = Files.createTempDirectory("tagstream-bench-");
    Path modelDir =
        o.model() != null
            ? o.model()
            : SyntheticModel.write(
                    work.resolve("model"), "bench-v1", o.labels(), inputBackbone(), 0.5f)
                .dir();
    List<Path> files =
        o.dir() != null
            ? BenchImages.list(o.dir())
            : BenchImages.generate(work.resolve("images"), o.images(), o.imageSize());
    Path root = o.dir() != null ? o.dir() : work.resolve("images");
    try (ServingModel model = new ModelLoader(Device.cpu(), 10).load(modelDir.toString(), null)) {
      out.printf(
          "machine: %d cores, load average %.1f; libtorch intra-op threads %d (OMP_WAIT_POLICY=%s); fetch threads %d%n",
          Runtime.getRuntime().availableProcessors(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          JniUtils.getNumThreads(),
          System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"),
          o.fetchThreads());
      out.printf(
          "images: %d files from %s; batch %d, max wait %d ms; model %s, %d labels, %d px input%n",
          files.size(),
          root,
          o.batch(),
          o.maxWait().toMillis(),
          model.version(),
          model.labelCount(),
          model.preprocessor().size());
      ExecutorService pool =
          Executors.newFixedThreadPool(o.fetchThreads(), r -> new Thread(r, "bench-fetch"));
      try {
        if (!o.shadowPercents().isEmpty()) {
          shadowCost(work, modelDir, model, root, files);
          return;
        }
        if (!o.processes().isEmpty()) {
          new ProcessScaling(o, out, work)
              .run(withPrefix(broker(), runPrefix()), modelDir, root, files);
          return;
        }
        List<float[]> tensors = prepareAll(files, root, model, pool);
        endToEnd(files, root, modelDir, model, tensors, pool);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * The bench's worker: the model, the image root and the options' batch, wait and fetch threads,
   * on a free loopback port; {@code extra} flags add to them.
   */
  static Settings workerSettings(Options o, Path model, Path root, String id, String... extra) {
    List<String> args = workerArgs(o, o.fetchThreads(), o.inferenceThreads(), model, root, id);
    args.addAll(List.of(extra));
    return Settings.parse(WorkerSettings.all(), args, Map.of());
  }

  /**
   * The bench worker's flags, with {@code fetchThreads} fetch threads and --inference-threads (0:
   * the worker's choice, as its own default).
   */
  static List<String> workerArgs(
      Options o, int fetchThreads, int inferenceThreads, Path model, Path root, String id) {
    List<String> args = BenchWorkerArgs.of(model, root, o.batch(), o.maxWait(), fetchThreads, id);
    args.addAll(List.of("--worker.inference-threads", Integer.toString(inferenceThreads)));
    return args;
  }

  /** The default backbone at --input-size: same widths and stages, more pixels. */
  private BackboneSpec inputBackbone() {
    BackboneSpec d = BackboneSpec.defaults();
    return d.inputSize() == o.inputSize()
        ? d
        : BackboneSpec.resnet(o.inputSize(), d.width(), d.depth(), d.stages());
  }

  private void endToEnd(
      List<Path> files,
      Path root,
      Path modelDir,
      ServingModel model,
      List<float[]> tensors,
      ExecutorService pool)
      throws Exception {
    try (KafkaRuntime kafka = KafkaRuntime.open(withPrefix(broker(), runPrefix()))) {
      KafkaConfig k = kafka.config();
      Settings ws = workerSettings(o, modelDir, root, "bench");
      try (WorkerService worker = new WorkerService(k, WorkerConfig.from(ws), Clock.systemUTC());
          BenchTraffic.Arrivals arrivals = new BenchTraffic.Arrivals(k);
          BenchTraffic.Submitter submit = new BenchTraffic.Submitter(k, files)) {
        worker.start();
        int callers = worker.inferenceThreads();
        int intraOp = worker.perThreadIntraOp();
        out.println("worker " + worker.threadSplit());
        // warm-up of every part (JIT, page cache, libtorch's allocator, the broker's log segments),
        // then short estimates that size the timed parts to last about partSeconds each
        modelAlone(model, tensors, 8, callers, intraOp);
        prepare(files, root, model, pool, 300);
        through(submit, arrivals, "warm-", Math.max(300, o.batch() * 8));
        settleJit(submit, arrivals);
        double aEst = modelAlone(model, tensors, Math.max(4, 256 / o.batch()), callers, intraOp);
        double bEst = prepare(files, root, model, pool, 300);
        double dEst = through(submit, arrivals, "est-", Math.max(300, o.batch() * 8));
        int aBatches = (int) Math.max(10, o.partSeconds() * aEst / o.batch());
        int bImages = (int) Math.max(o.images(), o.partSeconds() * bEst);
        int dImages = (int) Math.max(o.images(), o.partSeconds() * dEst);
        out.printf(
            "after warm-up: a %.0f, b %.0f, d %.0f images/s; each round times %d images for (a), %d for (b),"
                + " %d for (d)%n",
            aEst, bEst, dEst, aBatches * o.batch(), bImages, dImages);

        double[] a = new double[o.rounds()];
        double[] b = new double[o.rounds()];
        double[] d = new double[o.rounds()];
        double[][] coreMs =
            new double[3][o.rounds()]; // this process's CPU per image, in core-milliseconds
        for (int r = 0; r < o.rounds(); r++) {
          cpu.start();
          a[r] = modelAlone(model, tensors, aBatches, callers, intraOp);
          CpuMeter.Usage ua = cpu.stop();
          cpu.start();
          b[r] = prepare(files, root, model, pool, bImages);
          CpuMeter.Usage ub = cpu.stop();
          WorkerMetrics m = worker.metrics();
          long batches0 = m.batches();
          double images0 = m.batchedImages();
          double infer0 = m.stageSeconds("inference");
          cpu.start();
          d[r] = through(submit, arrivals, "round" + r + "-", dImages);
          CpuMeter.Usage ud = cpu.stop();
          long batches = m.batches() - batches0;
          double images = m.batchedImages() - images0;
          double infer = m.stageSeconds("inference") - infer0;
          coreMs[0][r] = 1e3 * ua.process() / a[r];
          coreMs[1][r] = 1e3 * ub.process() / b[r];
          coreMs[2][r] = 1e3 * ud.process() / d[r];
          out.printf(
              "round %d: a %7.1f  b %7.1f  d %7.1f images/s  d/c %.2f%n",
              r + 1, a[r], b[r], d[r], d[r] / (1 / (1 / a[r] + 1 / b[r])));
          out.printf(
              "  cpu (a): %s%n  cpu (b): %s%n  cpu (d): %s%n",
              ua.describe(), ub.describe(), ud.describe());
          // inference inside (d): smaller batches, or slower ones (contention), or an idle
          // inference thread
          out.printf(
              "  inside (d): %d batches, mean %.1f images, %.1f ms each: %.0f images/s while inferring,"
                  + " inference thread busy %.0f%% of the run%n",
              batches,
              images / batches,
              1e3 * infer / batches,
              images / infer,
              100 * infer * d[r] / dImages);
        }
        double am = median(a);
        double bm = median(b);
        double c = 1 / (1 / am + 1 / bm);
        double dm = median(d);
        double batchSeconds = o.batch() / am;
        out.printf("medians of %d rounds:%n", o.rounds());
        out.printf(
            "(a) model alone, batch %d:           %8.1f images/s (%.2f ms per batch)%n",
            o.batch(), am, batchSeconds * 1e3);
        out.printf("(b) fetch+decode+preprocess, %d thr:  %8.1f images/s%n", o.fetchThreads(), bm);
        out.printf("(c) bound 1/(1/a+1/b):               %8.1f images/s%n", c);
        out.printf(
            "(d) end to end through Kafka:        %8.1f images/s (%d images per round, submission to prediction)%n",
            dm, dImages);
        out.printf("(e) efficiency d/c:                  %8.2f%n", dm / c);
        double ca = median(coreMs[0]);
        double cb = median(coreMs[1]);
        double cd = median(coreMs[2]);
        // CPU per image does not depend on how much of the machine other processes left this one
        out.printf(
            "cpu per image (this process, median): (a) %.2f + (b) %.2f = %.2f core-ms; (d) %.2f core-ms;"
                + " (a+b)/d %.2f%n",
            ca, cb, ca + cb, cd, (ca + cb) / cd);
        double target = o.maxWait().toMillis() + 3 * batchSeconds * 1e3;
        out.printf("latency target at 50%%: max wait + 3 x batch inference = %.1f ms%n", target);
        for (double load : new double[] {0.5, 0.9}) {
          latency(submit, arrivals, load, dm);
        }
        if (arrivals.failures() > 0) {
          out.printf("dead letters: %d (see the failures topic)%n", arrivals.failures());
        }
      }
    }
  }

  /**
   * Runs traffic until the JIT compiler has compiled the hot paths: for tens of seconds after a
   * start it compiles the broker, the Kafka clients and the worker on a quarter of the cores, which
   * a long-running worker pays once and the timed parts should not (at most about a minute).
   */
  private void settleJit(BenchTraffic.Submitter submit, BenchTraffic.Arrivals arrivals)
      throws Exception {
    long t0 = System.nanoTime();
    double jit = Double.NaN;
    int passes = 0;
    while (passes < MAX_WARMUP_PASSES && !(jit < ThreadCpu.SETTLED_JIT_CORES)) {
      cpu.start();
      through(submit, arrivals, "jit" + passes + "-", o.batch() * 16);
      jit = cpu.stop().jit();
      passes++;
    }
    out.printf(
        "warm-up: %d passes of %d images in %.0f s, until the JIT compiler used %.2f cores (%s)%n",
        passes,
        o.batch() * 16,
        (System.nanoTime() - t0) / 1e9,
        jit,
        jit < ThreadCpu.SETTLED_JIT_CORES
            ? "settled"
            : "not settled: the timed parts include compiling");
  }

  private static final int MAX_WARMUP_PASSES = 40;

  /** --shadow-percents: (d) with a candidate shadowed at each percent, side by side. */
  private void shadowCost(Path work, Path modelDir, ServingModel model, Path root, List<Path> files)
      throws Exception {
    // the candidate has the served model's shape (a second random initialisation when generated)
    ModelArtifact candidate =
        o.model() != null
            ? ModelArtifact.load(modelDir)
            : SyntheticModel.write(work.resolve("candidate"), "bench-v2", model.labelCount());
    try (KafkaRuntime kafka = KafkaRuntime.open(withPrefix(broker(), runPrefix()))) {
      new ShadowCost(o, out).run(kafka.config(), modelDir, candidate, root, files);
    }
  }

  /**
   * (a): whole batches of distinct preprocessed images on {@code callers} threads at once, each
   * taking the next batch, as the worker's inference threads run them.
   */
  private double modelAlone(
      ServingModel model, List<float[]> tensors, int batches, int callers, int intraOp) {
    List<List<float[]>> all = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      List<float[]> batch = new ArrayList<>(o.batch());
      for (int j = 0; j < o.batch(); j++) {
        batch.add(tensors.get((i * o.batch() + j) % tensors.size()));
      }
      all.add(batch);
    }
    // threads set up as the worker's inference threads are: their own intra-op count, if it chose
    // one
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      Thread t =
          new Thread(
              () -> {
                if (intraOp > 0) {
                  IntraOpThreads.useOnThisThread(intraOp);
                }
                for (int i; (i = next.getAndIncrement()) < all.size(); ) {
                  model.score(all.get(i));
                }
              },
              "bench-model-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return batches * o.batch() / ((System.nanoTime() - t0) / 1e9);
  }

  /**
   * (b): fetch, decode and preprocess n images on the worker's number of threads, with the worker's
   * classes.
   */
  private double prepare(
      List<Path> files, Path root, ServingModel model, ExecutorService pool, int n)
      throws Exception {
    long t0 = System.nanoTime();
    // each tensor is dropped as soon as it is made: holding n of them (5 GB for 25,000 images at
    // 128 px) ran the bench out of heap once (b) got fast
    List<Future<Integer>> done = prepareAsync(files, root, model, pool, n, t -> t.length);
    for (Future<Integer> f : done) {
      f.get();
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private List<float[]> prepareAll(
      List<Path> files, Path root, ServingModel model, ExecutorService pool) throws Exception {
    List<float[]> out = new ArrayList<>();
    for (Future<float[]> f : prepareAsync(files, root, model, pool, files.size(), t -> t)) {
      out.add(f.get());
    }
    return out;
  }

  /** Fetches, decodes and preprocesses n images on the pool; {@code keep} is what each returns. */
  private static <T> List<Future<T>> prepareAsync(
      List<Path> files,
      Path root,
      ServingModel model,
      ExecutorService pool,
      int n,
      Function<float[], T> keep) {
    ImageFetcher fetcher = ImageFetcher.create(FetchConfig.defaults(List.of(root)));
    ImageDecoder decoder = new ImageDecoder(40_000_000);
    List<Future<T>> done = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String uri = files.get(i % files.size()).toUri().toString();
      done.add(
          pool.submit(
              () ->
                  keep.apply(
                      model
                          .preprocessor()
                          .toTensorData(decoder.decode(fetcher.fetch(uri).bytes())))));
    }
    return done;
  }

  /**
   * (d): n references submitted at once; images/s from the first submission to the last prediction
   * read back.
   */
  static double through(
      BenchTraffic.Submitter submit, BenchTraffic.Arrivals arrivals, String prefix, int n) {
    long t0 = System.nanoTime();
    submit.burst(prefix, n);
    arrivals.await(prefix, n, Duration.ofMinutes(30));
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private void latency(
      BenchTraffic.Submitter submit, BenchTraffic.Arrivals arrivals, double load, double capacity)
      throws InterruptedException {
    double rate = load * capacity;
    int n = (int) Math.max(100, rate * o.latencySeconds());
    String prefix = "lat" + (int) (load * 100) + "-";
    // submit on another thread so that arrivals are timed as they happen, not after the run
    Thread sender = new Thread(() -> submit.paced(prefix, n, rate), "bench-paced-submitter");
    cpu.start();
    sender.start();
    List<Long> ms = arrivals.await(prefix, n, Duration.ofMinutes(10));
    sender.join();
    CpuMeter.Usage u = cpu.stop();
    long[] sorted = ms.stream().mapToLong(Long::longValue).sorted().toArray();
    double[] w = arrivals.inWorker(prefix);
    out.printf(
        "latency at %2.0f%% (%.0f images/s, %d images): p50 %d ms, p99 %d ms"
            + " (inside the worker: p50 %.0f ms, p99 %.0f ms)%n",
        load * 100,
        rate,
        n,
        sorted[sorted.length / 2],
        sorted[BenchTraffic.Arrivals.percentileIndex(sorted.length, 0.99)],
        w[0],
        w[1]);
    out.printf("  cpu: %s%n", u.describe());
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The configured cluster, or an embedded broker in a temporary directory. */
  private KafkaConfig broker() throws java.io.IOException {
    KafkaConfig base = o.kafka();
    if (base.bootstrap() != null) {
      return base;
    }
    return new KafkaConfig(
        null,
        base.topicPrefix(),
        base.partitions(),
        base.replication(),
        Files.createTempDirectory("tagstream-bench-kafka"),
        0);
  }

  /** A run's own topics: a random part, so runs on one cluster never mix. */
  private static String runPrefix() {
    return "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  /** {@code c}'s topics one prefix further down. */
  static KafkaConfig withPrefix(KafkaConfig c, String prefix) {
    return c.withTopicPrefix(c.topicPrefix() + prefix);
  }
}
