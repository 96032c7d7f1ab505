package dev.tagstream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import dev.tagstream.model.loss.EpochScheduled;
import dev.tagstream.model.loss.PartialLabelLoss;
import dev.tagstream.model.loss.PartialLabels;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.Batches;
import dev.tagstream.model.train.WarmupCosineTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ObjIntConsumer;

/**
 * Trains the tagger's linear head on fixed embeddings with one partial-label loss (Adam, one
 * warm-up epoch, cosine decay, a fixed number of epochs: no early stopping, so every method gets
 * the same budget), then scores the given embedding sets. Each batch lives in its own sub-manager.
 */
final class HeadTrainer {
  /** Element-wise gradient clip, as the model's trainer does. */
  static final float CLIP_GRAD = 5f;

  private final int epochs;
  private final int batchSize;
  private final double weightDecay;
  private long trainedImages;
  private long trainingNanos;

  HeadTrainer(int epochs, int batchSize, double weightDecay) {
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.weightDecay = weightDecay;
  }

  /** Raised when the loss turns non-finite (the caller may retry the run). */
  static final class NonFiniteException extends RuntimeException {
    NonFiniteException(String message) {
      super(message);
    }
  }

  /** Probabilities of each of {@code score} after training on (x, targets, known). */
  List<float[][]> train(
      float[][] x,
      float[][] targets,
      float[][] known,
      PartialLabelLoss loss,
      double lr,
      long seed,
      List<float[][]> score) {
    int n = x.length;
    int d = x[0].length;
    int c = targets[0].length;
    int steps = (n + batchSize - 1) / batchSize;
    Engine.getInstance().setRandomSeed((int) seed);
    try (Model model = Model.newInstance("head", Device.cpu())) {
      model.setBlock(TaggerNetwork.newHead(c));
      Adam adam =
          Adam.builder()
              .optLearningRateTracker(
                  new WarmupCosineTracker((float) lr, steps, epochs * steps, 0.01f))
              .optWeightDecays((float) weightDecay)
              .optClipGrad(CLIP_GRAD)
              .build();
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(loss)
              .optOptimizer(adam)
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, d));
        for (int epoch = 0; epoch < epochs; epoch++) {
          if (loss instanceof EpochScheduled s) {
            s.setEpoch(epoch);
          }
          long t0 = System.nanoTime();
          double mean =
              epoch(
                  trainer,
                  loss,
                  x,
                  targets,
                  known,
                  Batches.shuffle(n, new Random(seed * 1_000_003L + epoch)));
          trainingNanos += System.nanoTime() - t0;
          trainedImages += n;
          if (!Double.isFinite(mean)) {
            throw new NonFiniteException(
                loss.getName() + " at lr " + lr + ": loss " + mean + " in epoch " + (epoch + 1));
          }
        }
        List<float[][]> out = new ArrayList<>();
        for (float[][] s : score) {
          float[][] probs = new float[s.length][];
          predict(trainer, s, (p, row) -> probs[row] = p.clone());
          out.add(probs);
        }
        return out;
      }
    }
  }

  /**
   * Training images per second over every epoch trained so far (forward, loss, backward, step; not
   * scoring).
   */
  double imagesPerSecond() {
    return trainingNanos == 0 ? Double.NaN : trainedImages / (trainingNanos / 1e9);
  }

  private double epoch(
      Trainer trainer, PartialLabelLoss loss, float[][] x, float[][] t, float[][] k, int[] perm) {
    int n = x.length;
    double sum = 0;
    for (int s = 0; s < n; s += batchSize) {
      int[] idx = new int[Math.min(batchSize, n - s)];
      System.arraycopy(perm, s, idx, 0, idx.length);
      try (NDManager batch = trainer.getManager().newSubManager()) {
        Shape labelShape = new Shape(idx.length, t[0].length);
        NDList labels =
            PartialLabels.of(
                batch.create(Batches.rows(t, idx), labelShape),
                batch.create(Batches.rows(k, idx), labelShape));
        NDArray input = batch.create(Batches.rows(x, idx), new Shape(idx.length, x[0].length));
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray l = loss.evaluate(labels, trainer.forward(new NDList(input)));
          gc.backward(l);
          sum += l.getFloat() * idx.length;
        }
        trainer.step();
      }
    }
    return sum / n;
  }

  /** Each row's sigmoid probabilities, in row order, to {@code sink} (one reused array). */
  static void predict(Trainer trainer, float[][] x, ObjIntConsumer<float[]> sink) {
    float[] row = null;
    for (int s = 0; s < x.length; s += 256) {
      int[] idx = new int[Math.min(256, x.length - s)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = s + i;
      }
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDArray logits =
            trainer
                .evaluate(
                    new NDList(
                        batch.create(Batches.rows(x, idx), new Shape(idx.length, x[0].length))))
                .singletonOrThrow();
        float[] p = Activation.sigmoid(logits).toFloatArray();
        int c = p.length / idx.length;
        row = row == null ? new float[c] : row;
        for (int i = 0; i < idx.length; i++) {
          System.arraycopy(p, i * c, row, 0, c);
          for (float v : row) {
            if (Float.isNaN(v)) {
              throw new NonFiniteException("NaN probability after training");
            }
          }
          sink.accept(row, s + i);
        }
      }
    }
  }
}
