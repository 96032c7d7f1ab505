package dev.tagstream.worker;

import ai.djl.Device;
import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaRuntime;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The worker benchmark, all in one process on one machine: (a) the model alone on preprocessed tensors at batch
 * B, (b) fetch+decode+preprocess alone on the worker's thread count, (c) the bound 1/(1/a + 1/b) for sharing
 * these cores, (d) end to end through Kafka (submission to prediction read back) with a real worker, d/c, and
 * p50/p99 end-to-end latency when submitting at 50% and 90% of d.
 */
final class WorkerBench {
  record Options(int images, int batch, Duration maxWait, int labels, int imageSize, Path dir, Path model,
      int fetchThreads, int latencySeconds, KafkaConfig kafka) {}

  private final Options o;
  private final PrintStream out;

  WorkerBench(Options o, PrintStream out) {
    this.o = o;
    this.out = out;
  }

  void run() throws Exception {
    // libtorch's spinning worker threads collapse on a shared 2-core machine (FIELD-NOTES): one intra-op thread
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
    System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    Path work = Files.createTempDirectory("tagstream-bench-");
    Path modelDir = o.model() != null ? o.model() : SyntheticModel.write(work.resolve("model"), "bench-v1", o.labels()).dir();
    List<Path> files = o.dir() != null ? listImages(o.dir()) : generate(work.resolve("images"), o.images(), o.imageSize());
    Path root = o.dir() != null ? o.dir() : work.resolve("images");
    out.printf("machine: %d cores, load average %.1f; libtorch threads %s; images: %d files from %s; batch %d, max wait %d ms%n",
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("ai.djl.pytorch.num_threads"), files.size(), root, o.batch(), o.maxWait().toMillis());

    double a;
    double batchSeconds;
    try (ServingModel model = new ModelLoader(Device.cpu(), 10).load(modelDir.toString(), null)) {
      out.printf("model: %s, %d labels, %d px input%n", model.version(), model.labelCount(), model.preprocessor().size());
      float[] tensor = model.preprocessor().toTensorData(new ImageDecoder(Long.MAX_VALUE).decode(Files.readAllBytes(files.get(0))));
      List<float[]> batch = new ArrayList<>();
      for (int i = 0; i < o.batch(); i++) {
        batch.add(tensor);
      }
      int batches = Math.max(5, o.images() / o.batch());
      for (int i = 0; i < 5; i++) {
        model.score(batch);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < batches; i++) {
        model.score(batch);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      a = batches * o.batch() / s;
      batchSeconds = s / batches;
      out.printf("(a) model alone, batch %d:           %8.1f images/s (%.2f ms per batch)%n", o.batch(), a, batchSeconds * 1e3);

      double b = fetchDecode(files, root, model);
      out.printf("(b) fetch+decode+preprocess, %d thr:  %8.1f images/s%n", o.fetchThreads(), b);
      double c = 1 / (1 / a + 1 / b);
      out.printf("(c) bound 1/(1/a+1/b):               %8.1f images/s%n", c);
      model.close();
      endToEnd(files, root, modelDir, c, batchSeconds);
    }
  }

  private double fetchDecode(List<Path> files, Path root, ServingModel model) throws Exception {
    ImageFetcher fetcher = ImageFetcher.create(FetchConfig.defaults(List.of(root)));
    ImageDecoder decoder = new ImageDecoder(40_000_000);
    ExecutorService pool = Executors.newFixedThreadPool(o.fetchThreads());
    try {
      for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT and the page cache
        int n = pass == 0 ? Math.min(200, o.images()) : o.images();
        long t0 = System.nanoTime();
        List<Future<float[]>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String uri = files.get(i % files.size()).toUri().toString();
          done.add(pool.submit(() -> model.preprocessor().toTensorData(decoder.decode(fetcher.fetch(uri).bytes()))));
        }
        for (Future<float[]> f : done) {
          f.get();
        }
        if (pass == 1) {
          return n / ((System.nanoTime() - t0) / 1e9);
        }
      }
      throw new IllegalStateException("unreachable");
    } finally {
      pool.shutdownNow();
    }
  }

  private void endToEnd(List<Path> files, Path root, Path modelDir, double c, double batchSeconds) throws Exception {
    KafkaConfig base = o.kafka();
    if (base.bootstrap() == null) {
      base = new KafkaConfig(null, base.topicPrefix(), base.partitions(), base.replication(),
          Files.createTempDirectory("tagstream-bench-kafka"), 0);
    }
    try (KafkaRuntime kafka = KafkaRuntime.open(withPrefix(base, "bench-" + UUID.randomUUID().toString().substring(0, 8) + "."))) {
      KafkaConfig k = kafka.config();
      Settings ws = Settings.parse(WorkerSettings.all(), List.of("--worker.model", modelDir.toString(),
          "--worker.file-roots", root.toString(), "--worker.batch-size", Integer.toString(o.batch()),
          "--worker.max-wait", o.maxWait().toMillis() + "ms", "--worker.fetch-threads", Integer.toString(o.fetchThreads()),
          "--worker.http-port", "0", "--http-bind", "127.0.0.1", "--worker.id", "bench"), Map.of());
      try (WorkerService worker = new WorkerService(k, WorkerConfig.from(ws), Clock.systemUTC());
          Arrivals arrivals = new Arrivals(k);
          KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producerProps(k, "bench-submitter"))) {
        worker.start();
        Submitter submit = new Submitter(k, producer, files);
        submit.burst("warm-", Math.min(500, o.images()));
        arrivals.await("warm-", Math.min(500, o.images()), Duration.ofMinutes(5));

        long t0 = System.nanoTime();
        submit.burst("run-", o.images());
        arrivals.await("run-", o.images(), Duration.ofMinutes(30));
        double d = o.images() / ((System.nanoTime() - t0) / 1e9);
        out.printf("(d) end to end through Kafka:        %8.1f images/s (%d images, submission to prediction)%n", d, o.images());
        out.printf("(e) efficiency d/c:                  %8.2f%n", d / c);
        out.printf("latency target at 50%%: max wait + 3 x batch inference = %.1f ms%n",
            o.maxWait().toMillis() + 3 * batchSeconds * 1e3);
        for (double load : new double[] {0.5, 0.9}) {
          double rate = load * d;
          int n = (int) Math.max(100, rate * o.latencySeconds());
          String prefix = "lat" + (int) (load * 100) + "-";
          // submit on another thread so that arrivals are timed as they happen, not after the run
          Thread sender = new Thread(() -> submit.paced(prefix, n, rate), "bench-paced-submitter");
          sender.start();
          List<Long> ms = arrivals.await(prefix, n, Duration.ofMinutes(10));
          sender.join();
          long[] sorted = ms.stream().mapToLong(Long::longValue).sorted().toArray();
          double[] w = arrivals.inWorker(prefix);
          out.printf("latency at %2.0f%% (%.0f images/s, %d images): p50 %d ms, p99 %d ms"
              + " (inside the worker: p50 %.0f ms, p99 %.0f ms)%n", load * 100, rate, n, sorted[sorted.length / 2],
              sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)], w[0], w[1]);
        }
        if (arrivals.failures() > 0) {
          out.printf("dead letters: %d (see the failures topic)%n", arrivals.failures());
        }
      }
    }
  }

  private static KafkaConfig withPrefix(KafkaConfig c, String prefix) {
    return new KafkaConfig(c.bootstrap(), c.topicPrefix() + prefix, c.partitions(), c.replication(), c.dataDir(),
        c.brokerPort());
  }

  private static List<Path> listImages(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files = s.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g)$")).sorted().toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no .png/.jpg files under " + dir);
      }
      return files;
    }
  }

  /** Distinct PNGs with some structure (not flat colour), so decoding costs what real small images cost. */
  static List<Path> generate(Path dir, int n, int size) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, 1000); i++) {
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = img.createGraphics();
      for (int k = 0; k < 6; k++) {
        g.setColor(new Color(Color.HSBtoRGB(((i * 7 + k * 13) % 97) / 97f, 0.7f, 0.9f)));
        int x = (i * 31 + k * 17) % size;
        int y = (i * 11 + k * 29) % size;
        g.fillOval(x - size / 4, y - size / 4, size / 2, size / 2);
      }
      g.dispose();
      Path p = dir.resolve("img-" + i + ".png");
      ImageIO.write(img, "png", p.toFile());
      out.add(p);
    }
    return out;
  }

  /** Sends references: as fast as possible, or at a fixed rate with submittedAt set at the moment of sending. */
  private static final class Submitter {
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Path> files;
    private final AvroSerde<ImageReference> serde = Topics.IMAGES.valueSerde();

    Submitter(KafkaConfig k, KafkaProducer<String, byte[]> producer, List<Path> files) {
      this.topic = Topics.IMAGES.name(k.topicPrefix());
      this.producer = producer;
      this.files = files;
    }

    private void send(String id, int i) {
      ImageReference r = ImageReference.newBuilder().setId(id).setUri(files.get(i % files.size()).toUri().toString())
          .setSubmittedAt(Instant.now()).setSource("bench").build();
      producer.send(new ProducerRecord<>(topic, id, serde.encode(topic, r)));
    }

    void burst(String prefix, int n) {
      for (int i = 0; i < n; i++) {
        send(prefix + i, i);
      }
      producer.flush();
    }

    void paced(String prefix, int n, double perSecond) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = start + (long) (i * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        send(prefix + i, i);
      }
      producer.flush();
    }
  }

  /** Reads predictions and failures as they arrive; latency = arrival here minus submittedAt. */
  private static final class Arrivals implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictions;
    private final Map<String, List<Long>> latencies = new java.util.HashMap<>();
    private final Map<String, List<Double>> inWorker = new java.util.HashMap<>();
    private int failures;

    Arrivals(KafkaConfig k) {
      predictions = Topics.PREDICTIONS.name(k.topicPrefix());
      String failuresTopic = Topics.FAILURES.name(k.topicPrefix());
      consumer = new KafkaConsumer<>(KafkaClients.readerProps(k, "bench-reader", false));
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : List.of(predictions, failuresTopic)) {
        consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    /** p50 and p99 of the worker-internal time (record received to scored), to tell worker from Kafka time. */
    double[] inWorker(String prefix) {
      double[] v = inWorker.getOrDefault(prefix, List.of(0.0)).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new double[] {v[v.length / 2], v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.99) - 1)]};
    }

    int failures() {
      return failures;
    }

    /** Waits for n outputs whose id starts with prefix; returns their latencies in ms. */
    List<Long> await(String prefix, int n, Duration timeout) {
      AvroSerde<Prediction> serde = Topics.PREDICTIONS.valueSerde();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (latencies.getOrDefault(prefix, List.of()).size() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out waiting for " + n + " outputs of " + prefix);
        }
        for (var r : consumer.poll(Duration.ofMillis(5))) {
          long now = System.currentTimeMillis();
          String p = r.key().substring(0, r.key().indexOf('-') + 1);
          long latency = 0;
          if (r.topic().equals(predictions)) {
            Prediction pr = serde.decode(r.topic(), r.value());
            latency = now - pr.getSubmittedAt().toEpochMilli();
            inWorker.computeIfAbsent(p, x -> new ArrayList<>()).add(pr.getTimings().getTotalMs());
          } else {
            failures++;
          }
          latencies.computeIfAbsent(p, x -> new ArrayList<>()).add(latency);
        }
      }
      return latencies.get(prefix);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
