package dev.tagstream.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.tagstream.model.artifact.EpochRecord;
import dev.tagstream.model.loss.EpochScheduled;
import dev.tagstream.model.loss.PartialLabelLoss;
import dev.tagstream.model.loss.PartialLabels;
import dev.tagstream.model.metrics.MacroMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The explicit epoch -> batch -> gradient collector -> step loop, with validation mAP each epoch
 * and resume; what happens after an epoch (best epoch, checkpoints, early stopping) is up to its
 * {@link EpochListener}s. Each batch lives in its own sub-manager; the next batch is prepared
 * (decode-free augmentation) on one helper thread while libtorch computes the current one.
 */
final class FitLoop {
  record Result(
      List<EpochRecord> history,
      int bestEpoch,
      double bestMap,
      byte[] bestParams,
      float[][] bestValProbs) {}

  /**
   * Cap on each gradient element before Adam (DJL 0.36's PyTorch Adam clamps from above only). The
   * random NaNs it was once added for came from uninitialised memory in libtorch's convolution
   * gradient (BackboneSpec.TRAINABLE_CHANNEL_MULTIPLE) and freed scalars read in backward
   * (PartialLabelLoss.constant).
   */
  static final float CLIP_GRAD = 5f;

  private final TrainingConfig cfg;
  private final PartialLabelLoss loss;
  private final ProgressBar progress;
  private final Device device;

  FitLoop(TrainingConfig cfg, PartialLabelLoss loss, ProgressBar progress, Device device) {
    this.cfg = cfg;
    this.loss = loss;
    this.progress = progress;
    this.device = device;
  }

  /**
   * @param warmStart loads initial weights into the block before the trainer initialises it (may do
   *     nothing)
   */
  Result run(
      Model model,
      Inputs trainIn,
      TrainingData train,
      Inputs valIn,
      TrainingData val,
      Runnable warmStart)
      throws IOException {
    int n = train.size();
    int steps = (n + cfg.batchSize() - 1) / cfg.batchSize();
    String fingerprint =
        cfg.loss()
            + "|"
            + cfg.backbone()
            + "|"
            + cfg.batchSize()
            + "|"
            + cfg.learningRate()
            + "|"
            + cfg.epochs()
            + "|"
            + cfg.headOnly()
            + "|"
            + cfg.seed()
            + "|"
            + n
            + "|epochs-from-1"; // older counted from 0
    Optional<Checkpoint.State> resume = Checkpoint.find(cfg.checkpointDir(), fingerprint);
    int start =
        resume.map(Checkpoint.State::epoch).orElse(0); // epoch k (from 1) done: index k is next
    List<EpochRecord> history =
        new ArrayList<>(resume.map(Checkpoint.State::history).orElse(List.of()));

    WarmupCosineTracker lr =
        new WarmupCosineTracker(
            (float) cfg.learningRate(),
            (int) Math.round(cfg.warmupEpochs() * steps),
            cfg.epochs() * steps,
            0.01f);
    StatefulAdam adam =
        StatefulAdam.builder(lr)
            .optWeightDecays((float) cfg.weightDecay())
            .optClipGrad(CLIP_GRAD)
            .optBeginNumUpdate(start * steps)
            .build();
    DefaultTrainingConfig tc =
        new DefaultTrainingConfig(loss).optOptimizer(adam).optDevices(new Device[] {device});
    ExecutorService prep = Executors.newSingleThreadExecutor(FitLoop::prepThread);
    // Weights go in before trainer.initialize: it caches every parameter's array in the parameter
    // store, and
    // loadParameters replaces arrays, so weights loaded afterwards would be neither trained nor
    // saved.
    if (resume.isPresent()) {
      Checkpoint.restore(
          model.getBlock(),
          model.getNDManager(),
          Checkpoint.read(cfg.checkpointDir(), Checkpoint.LAST));
    } else {
      warmStart.run();
    }
    try (Trainer trainer = model.newTrainer(tc)) {
      trainer.initialize(trainIn.shape(1));
      if (resume.isPresent()) {
        Checkpoint.readOptional(cfg.checkpointDir(), Checkpoint.OPTIMIZER)
            .ifPresent(state -> adam.loadState(model.getBlock(), state));
      }
      BestEpoch best = bestSoFar(resume, model);
      List<EpochListener> listeners =
          listeners(best, fingerprint, () -> adam.saveState(model.getBlock()));
      for (int epoch = start; epoch < cfg.epochs(); epoch++) {
        if (loss instanceof EpochScheduled s) {
          s.setEpoch(epoch);
        }
        long t0 = System.nanoTime();
        double trainLoss = trainEpoch(trainer, trainIn, train, epoch, prep);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(trainLoss)) {
          throw new IllegalStateException(
              "training diverged (loss "
                  + trainLoss
                  + ") in epoch "
                  + (epoch + 1)
                  + firstNonFinite(model.getBlock())
                  + "; lower the learning rate (--lr)");
        }
        Validation v = predict(trainer, valIn, val);
        double map = MacroMap.of(v.probs(), val.truth());
        EpochRecord record =
            new EpochRecord(
                epoch + 1,
                trainLoss,
                v.loss(),
                map,
                lr.getNewValue((epoch + 1) * steps),
                n / seconds);
        history.add(record);
        progress.finish(
            String.format(
                java.util.Locale.ROOT,
                "epoch %d: train loss %.4f, val loss %.4f, val mAP %.4f," + " %.1f img/s",
                epoch + 1,
                trainLoss,
                v.loss(),
                map,
                n / seconds));
        if (endEpoch(
            listeners,
            new EpochEnd(
                record, history, v.probs(), () -> Checkpoint.snapshot(model.getBlock())))) {
          break;
        }
      }
      float[][] bestProbs = best.valProbs();
      if (bestProbs == null || start >= cfg.epochs()) {
        // resumed after the last epoch, or the best epoch predates the resume: recompute from the
        // best weights
        Checkpoint.restore(model.getBlock(), model.getNDManager(), best.weights());
        bestProbs = predict(trainer, valIn, val).probs();
      }
      return new Result(history, best.epoch(), best.map(), best.weights(), bestProbs);
    } finally {
      prep.shutdownNow();
    }
  }

  /**
   * The resumed run's best epoch, else none yet with the freshly initialised weights standing in.
   */
  private BestEpoch bestSoFar(Optional<Checkpoint.State> resume, Model model) throws IOException {
    if (resume.isEmpty()) {
      return BestEpoch.none(Checkpoint.snapshot(model.getBlock()));
    }
    return new BestEpoch(
        resume.get().bestEpoch(),
        resume.get().bestMap(),
        Checkpoint.read(cfg.checkpointDir(), Checkpoint.BEST));
  }

  private static Thread prepThread(Runnable r) {
    Thread t = new Thread(r, "batch-prep");
    t.setDaemon(true);
    return t;
  }

  /** Best epoch first: checkpointing saves what it decided and early stopping counts from it. */
  private List<EpochListener> listeners(
      BestEpoch best, String fingerprint, Supplier<byte[]> optimizerState) {
    List<EpochListener> listeners = new ArrayList<>(List.of(best));
    if (cfg.checkpointDir() != null) {
      listeners.add(new Checkpointing(cfg.checkpointDir(), fingerprint, best, optimizerState));
    }
    if (cfg.patience() > 0) {
      listeners.add(new EarlyStopping(cfg.patience(), best, progress::finish));
    }
    return listeners;
  }

  /** Tells every listener about the epoch, in order; true when one of them asks to stop. */
  static boolean endEpoch(List<EpochListener> listeners, EpochEnd end) throws IOException {
    boolean stop = false;
    for (EpochListener l : listeners) {
      l.onEpoch(end);
      stop |= l.stopRequested();
    }
    return stop;
  }

  private double trainEpoch(
      Trainer trainer, Inputs in, TrainingData data, int epoch, ExecutorService prep) {
    int n = data.size();
    int[] perm = Batches.shuffle(n, new Random(cfg.seed() * 1_000_003L + epoch));
    Random aug = new Random(cfg.seed() * 7919L + epoch);
    progress.start("epoch " + (epoch + 1) + "/" + cfg.epochs(), n);
    List<int[]> batches = new ArrayList<>();
    for (int s = 0; s < n; s += cfg.batchSize()) {
      int[] idx = new int[Math.min(cfg.batchSize(), n - s)];
      System.arraycopy(perm, s, idx, 0, idx.length);
      batches.add(idx);
    }
    double sum = 0;
    int done = 0;
    Future<float[]> next = prep.submit(() -> in.batch(batches.get(0), aug, true));
    for (int b = 0; b < batches.size(); b++) {
      int[] idx = batches.get(b);
      float[] x = await(next);
      if (b + 1 < batches.size()) {
        int[] nextIdx = batches.get(b + 1);
        next = prep.submit(() -> in.batch(nextIdx, aug, true));
      }
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDList labels = labels(batch, data, idx);
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDList preds = trainer.forward(new NDList(batch.create(x, in.shape(idx.length))));
          NDArray l = loss.evaluate(labels, preds);
          gc.backward(l);
          sum += l.getFloat() * idx.length;
        }
        trainer.step();
      }
      done += idx.length;
      progress.update(done, sum / done);
    }
    return sum / n;
  }

  /** Validation output: each row's probabilities and the mean loss. */
  record Validation(float[][] probs, double loss) {}

  /** Inference-mode probabilities for every row, and the mean loss. */
  static Validation predict(Trainer trainer, Inputs in, TrainingData data) {
    int n = data.size();
    int c = data.targets()[0].length;
    float[][] probs = new float[n][];
    double sum = 0;
    for (int s = 0; s < n; s += 128) {
      int[] idx = new int[Math.min(128, n - s)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = s + i;
      }
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDList logits =
            trainer.evaluate(
                new NDList(batch.create(in.batch(idx, null, false), in.shape(idx.length))));
        sum += trainer.getLoss().evaluate(labels(batch, data, idx), logits).getFloat() * idx.length;
        float[] p = Activation.sigmoid(logits.singletonOrThrow()).toFloatArray();
        for (int i = 0; i < idx.length; i++) {
          probs[s + i] = new float[c];
          System.arraycopy(p, i * c, probs[s + i], 0, c);
        }
      }
    }
    return new Validation(probs, sum / n);
  }

  /** Where a divergence shows first, for the error message (runs only after a non-finite loss). */
  static String firstNonFinite(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      for (float v : p.getValue().getArray().toFloatArray()) {
        if (!Float.isFinite(v)) {
          return " (first non-finite parameter: " + p.getKey() + ")";
        }
      }
    }
    return " (all parameters finite)";
  }

  private static NDList labels(NDManager m, TrainingData data, int[] idx) {
    Shape shape = new Shape(idx.length, data.targets()[0].length);
    return PartialLabels.of(
        m.create(Batches.rows(data.targets(), idx), shape),
        m.create(Batches.rows(data.known(), idx), shape));
  }

  private static float[] await(Future<float[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new UncheckedIOException(new IOException(e.getCause()));
    }
  }
}
