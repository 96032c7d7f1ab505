package dev.tagstream.worker.pipeline;

import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Timings;
import dev.tagstream.core.images.ImageDecoder;
import dev.tagstream.core.images.ImageFetchException;
import dev.tagstream.core.images.ImageFetcher;
import dev.tagstream.model.infer.IntraOpThreads;
import dev.tagstream.model.infer.ScoreBatch;
import dev.tagstream.worker.WorkerMetrics;
import dev.tagstream.worker.serving.ModelLease;
import dev.tagstream.worker.serving.ModelSlot;
import dev.tagstream.worker.serving.ServingModel;
import dev.tagstream.worker.serving.ShadowSlot;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image job in, outcome out: fetch and decode run on a pool of threads while inference threads (one
 * by default) score the batches before; a dynamic batcher sits between them. Every submitted job
 * gets exactly one outcome, a prediction or a dead letter, through its callback (on a pipeline
 * thread). With a candidate in the {@link ShadowSlot}, the inference threads also score the batch's
 * sampled images ({@link ShadowSample}) with it, and the outcome carries that shadow prediction
 * too; a shadow failure never costs an image its served prediction. No Kafka here: the worker feeds
 * it from its consumer, tests and the bench feed it directly.
 */
public final class ScoringPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScoringPipeline.class);

  private record Prepared(
      ImageJob job,
      Consumer<Outcome> done,
      byte[] bytes,
      float[] tensor,
      int attempts,
      long fetchNanos,
      long decodeNanos,
      long readyNanos) {}

  private final PipelineConfig config;
  private final ImageFetcher fetcher;
  private final ImageDecoder decoder;
  private final ModelSlot models;
  private final ShadowSlot shadows;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private final ThreadPoolExecutor pool;
  private final DynamicBatcher<Prepared> batcher;
  private final List<Thread> inference = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean aborted;

  private ScoringPipeline(
      PipelineConfig config,
      ImageFetcher fetcher,
      ImageDecoder decoder,
      ModelSlot models,
      ShadowSlot shadows,
      WorkerMetrics metrics,
      Clock clock) {
    this.config = config;
    this.fetcher = fetcher;
    this.decoder = decoder;
    this.models = models;
    this.shadows = shadows;
    this.metrics = metrics;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            config.fetchThreads(),
            config.fetchThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> daemon(r, "tagstream-worker-fetch-" + n.incrementAndGet()));
    this.batcher =
        new DynamicBatcher<>(config.batchSize(), config.maxWait().toNanos(), System::nanoTime);
    int threads = Math.max(1, config.inferenceThreads());
    for (int i = 1; i <= threads; i++) {
      inference.add(
          daemon(
              this::inferenceLoop,
              threads == 1 ? "tagstream-worker-inference" : "tagstream-worker-inference-" + i));
    }
  }

  /** Builds the pipeline without starting a thread or touching any I/O. */
  public static ScoringPipeline create(
      PipelineConfig config,
      ImageFetcher fetcher,
      ImageDecoder decoder,
      ModelSlot models,
      WorkerMetrics metrics,
      Clock clock) {
    return create(config, fetcher, decoder, models, new ShadowSlot(), metrics, clock);
  }

  /** As {@link #create}, with the slot a candidate to shadow is offered to. */
  public static ScoringPipeline create(
      PipelineConfig config,
      ImageFetcher fetcher,
      ImageDecoder decoder,
      ModelSlot models,
      ShadowSlot shadows,
      WorkerMetrics metrics,
      Clock clock) {
    ScoringPipeline p =
        new ScoringPipeline(config, fetcher, decoder, models, shadows, metrics, clock);
    metrics.gauge(
        "tagstream.worker.queue.depth", "Decoded images waiting for a batch", p.batcher::depth);
    metrics.gauge(
        "tagstream.worker.pipeline.in.flight", "Images inside the pipeline", p.inFlight::get);
    return p;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public void start() {
    inference.forEach(Thread::start);
  }

  int inFlight() {
    return inFlight.get();
  }

  public void submit(ImageJob job, Consumer<Outcome> done) {
    inFlight.incrementAndGet();
    pool.execute(() -> prepare(job, done));
  }

  private void prepare(ImageJob job, Consumer<Outcome> done) {
    long t0 = System.nanoTime();
    try {
      ImageFetcher.Fetched fetched = fetcher.fetch(job.reference().getUri());
      long t1 = System.nanoTime();
      float[] tensor = preprocess(fetched.bytes(), models.newest());
      long t2 = System.nanoTime();
      metrics.stage("fetch", t1 - t0);
      metrics.stage("decode", t2 - t1);
      batcher.add(
          new Prepared(
              job, done, fetched.bytes(), tensor, fetched.attempts(), t1 - t0, t2 - t1, t2));
    } catch (ImageFetchException e) { // the fetch
      fail(job, done, ImageFailedException.of(e));
    } catch (ImageFailedException e) { // the decode, see preprocess
      fail(job, done, e);
    } catch (RuntimeException e) {
      fail(
          job,
          done,
          new ImageFailedException(Stage.DECODE, "internal-error", e.toString(), false, e));
    }
  }

  private float[] preprocess(byte[] bytes, ServingModel model) {
    BufferedImage img;
    try {
      img = decoder.decode(bytes);
    } catch (ImageFetchException e) {
      throw ImageFailedException.of(e);
    }
    return model == null ? null : model.preprocessor().toTensorData(img);
  }

  private void fail(ImageJob job, Consumer<Outcome> done, ImageFailedException e) {
    metrics.failed(e.stage().id(), e.reason());
    inFlight.decrementAndGet();
    done.accept(ImageDeadLetters.of(job, e, models.newestVersion(), clock.instant()));
  }

  private void inferenceLoop() {
    if (config.intraOpThreads() > 0) {
      try {
        IntraOpThreads.useOnThisThread(config.intraOpThreads());
      } catch (RuntimeException e) { // slower, never stopped: the thread scores on libtorch's count
        log.warn("cannot set this inference thread's intra-op threads: {}", e.toString());
      }
    }
    try {
      while (true) {
        List<Prepared> batch = batcher.take();
        if (batch.isEmpty() || aborted) {
          return; // closed and drained, or abandoned
        }
        Set<Prepared> answered = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
          runBatch(batch, answered);
        } catch (RuntimeException e) {
          // Never let one bad batch kill an inference thread, and never leave a job without an
          // outcome: its offset could never be committed, so its partition would stall without a
          // word.
          log.error("unexpected error scoring a batch of {}: {}", batch.size(), e.toString(), e);
          for (Prepared p : batch) {
            if (!answered.contains(p)) {
              fail(
                  p,
                  answered,
                  new ImageFailedException(Stage.SCORE, "internal-error", e.toString(), false, e));
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // aborted: in-flight work is abandoned on purpose
    }
  }

  private void runBatch(List<Prepared> batch, Set<Prepared> answered) {
    try (ModelLease lease = models.forBatch()) { // the only place a new model takes over
      runBatch(batch, answered, lease.model());
    }
  }

  private void runBatch(List<Prepared> batch, Set<Prepared> answered, ServingModel model) {
    long start = System.nanoTime();
    List<Prepared> ok = new ArrayList<>(batch.size());
    List<float[]> tensors = new ArrayList<>(batch.size());
    for (Prepared p : batch) {
      try {
        if (model == null) {
          throw ImageFailedException.poison(Stage.SCORE, "no-model", "no model is loaded");
        }
        // preprocessed for another input size just before a model switch: redo it for this model
        boolean fits = p.tensor() != null && p.tensor().length == model.preprocessor().length();
        tensors.add(fits ? p.tensor() : preprocess(p.bytes(), model));
        ok.add(p);
      } catch (ImageFailedException e) {
        fail(p, answered, e);
      }
    }
    if (ok.isEmpty()) {
      return;
    }
    ScoreBatch scores;
    try {
      scores = model.score(tensors);
    } catch (RuntimeException e) {
      log.warn(
          "inference failed for a batch of {} with model {}: {}",
          ok.size(),
          model.version(),
          e.toString());
      ok.forEach(
          p ->
              fail(
                  p,
                  answered,
                  new ImageFailedException(Stage.SCORE, "model-error", e.toString(), false, e)));
      return;
    }
    long end = System.nanoTime();
    Instant now = clock.instant();
    metrics.batch(ok.size());
    metrics.stage("inference", end - start);
    metrics.scored(ok.size());
    Prediction[] built = new Prediction[ok.size()];
    for (int i = 0; i < ok.size(); i++) {
      Prepared p = ok.get(i);
      try {
        built[i] = prediction(p, model, scores, i, start, end, now);
      } catch (
          RuntimeException
              e) { // this image's record cannot be built: it alone becomes a dead letter
        fail(
            p,
            answered,
            new ImageFailedException(Stage.SCORE, "internal-error", e.toString(), false, e));
      }
    }
    Prediction[] shadow = shadow(ok, built, tensors, model);
    for (int i = 0; i < ok.size(); i++) {
      Prepared p = ok.get(i);
      Prediction prediction = built[i];
      if (prediction == null) {
        continue;
      }
      metrics.stage("queue", start - p.readyNanos());
      metrics.stage("worker", end - p.job().receivedNanos());
      metrics.endToEnd(Duration.between(prediction.getSubmittedAt(), now));
      deliver(p, answered, Outcome.scored(p.job(), prediction, shadow[i]));
    }
  }

  /**
   * The candidate's predictions of the batch's sampled images (null where none), scored after the
   * served ones on this thread, so shadowing costs throughput, never correctness: any failure here
   * drops the batch's shadow predictions, counted and logged, and the served ones go out as usual.
   */
  private Prediction[] shadow(
      List<Prepared> ok, Prediction[] built, List<float[]> tensors, ServingModel served) {
    try (ModelLease lease = shadows.forBatch()) { // the only place a candidate takes over or ends
      ServingModel candidate = lease.model();
      return candidate == null || config.shadowPercent() == 0
          ? new Prediction[ok.size()]
          : shadow(ok, built, tensors, served, candidate);
    }
  }

  private Prediction[] shadow(
      List<Prepared> ok,
      Prediction[] built,
      List<float[]> tensors,
      ServingModel served,
      ServingModel candidate) {
    Prediction[] out = new Prediction[ok.size()];
    List<Integer> picked = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    long start = System.nanoTime();
    try {
      boolean sameInput = candidate.preprocessor().length() == served.preprocessor().length();
      for (int i = 0; i < ok.size(); i++) {
        Prepared p = ok.get(i);
        if (built[i] != null
            && ShadowSample.picks(p.job().reference().getId().toString(), config.shadowPercent())) {
          picked.add(i);
          inputs.add(sameInput ? tensors.get(i) : preprocess(p.bytes(), candidate));
        }
      }
      if (picked.isEmpty()) {
        return out;
      }
      ScoreBatch scores = candidate.score(inputs);
      long end = System.nanoTime();
      Instant now = clock.instant();
      for (int j = 0; j < picked.size(); j++) {
        int i = picked.get(j);
        out[i] = prediction(ok.get(i), candidate, scores, j, start, end, now);
      }
      metrics.stage("shadow", end - start);
      metrics.shadowScored(picked.size());
      return out;
    } catch (RuntimeException e) {
      metrics.shadowFailed(e instanceof ImageFailedException f ? f.reason() : "model-error");
      log.warn(
          "shadow scoring with candidate {} failed for a batch of {}: {}",
          candidate.version(),
          picked.size(),
          e.toString());
      return new Prediction[ok.size()];
    }
  }

  /**
   * Hands over a job's one outcome; a callback that throws is the caller's failure, not the other
   * jobs'.
   */
  private void deliver(Prepared p, Set<Prepared> answered, Outcome outcome) {
    answered.add(p);
    inFlight.decrementAndGet();
    try {
      p.done().accept(outcome);
    } catch (RuntimeException e) {
      log.error(
          "the outcome handler failed for image {}: {}",
          p.job().reference().getId(),
          e.toString(),
          e);
    }
  }

  private void fail(Prepared p, Set<Prepared> answered, ImageFailedException e) {
    metrics.failed(e.stage().id(), e.reason());
    deliver(p, answered, ImageDeadLetters.of(p.job(), e, models.newestVersion(), clock.instant()));
  }

  private Prediction prediction(
      Prepared p, ServingModel model, ScoreBatch scores, int i, long start, long end, Instant now) {
    float[] probs = scores.probabilities().get(i);
    Timings timings =
        Timings.newBuilder()
            .setFetchMs(p.fetchNanos() / 1e6)
            .setDecodeMs(p.decodeNanos() / 1e6)
            .setQueueMs((start - p.readyNanos()) / 1e6)
            .setInferenceMs((end - start) / 1e6)
            .setTotalMs((end - p.job().receivedNanos()) / 1e6)
            .build();
    return Prediction.newBuilder()
        .setId(p.job().reference().getId())
        .setUri(p.job().reference().getUri())
        .setModelVersion(model.version())
        .setLabels(model.selector().select(probs))
        .setProbabilities(config.includeProbabilities() ? boxed(probs) : null)
        .setEmbedding(
            config.includeEmbedding() && i < scores.embeddings().size()
                ? boxed(scores.embeddings().get(i))
                : null)
        .setTimings(timings)
        .setSubmittedAt(p.job().reference().getSubmittedAt())
        .setScoredAt(now)
        .build();
  }

  private static List<Float> boxed(float[] values) {
    Float[] out = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return Arrays.asList(out);
  }

  /** Graceful: finishes every submitted job (each gets its outcome), then stops the threads. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
      batcher.close();
      for (Thread t : inference) {
        t.join(TimeUnit.MINUTES.toMillis(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Abrupt: abandons whatever is in flight (no outcome for it), as a crashed process would. */
  public void abort() {
    aborted = true;
    pool.shutdownNow();
    batcher.close();
    inference.forEach(Thread::interrupt);
    try {
      for (Thread t : inference) {
        t.join(TimeUnit.SECONDS.toMillis(30)); // a running batch ends before its model may close
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
