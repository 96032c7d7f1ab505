package dev.tagstream.bench;

import dev.tagstream.model.train.Batches;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.ResNetBackbone;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.WarmupCosineTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Pretrains the built-in ResNet backbone once on single-emoji classification (softmax over the PretextSet classes,
 * augmented views, Adam with warm-up and cosine decay) and saves only the backbone's parameters.
 */
final class PretextBackbone {
  /** The pretext recipe and what it reached: top-1 on fresh augmented views of the pretext emoji, and its duration. */
  record Report(BackboneSpec backbone, int classes, int images, int epochs, int views, double lr, double top1,
      double seconds) {
    /** The metrics a pretrain artifact records (model.json), from which fromMetrics reads the report back. */
    Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("pretext_top1", top1);
      m.put("pretext_classes", (double) classes);
      m.put("pretext_images", (double) images);
      m.put("pretext_epochs", (double) epochs);
      m.put("pretext_views", (double) views);
      m.put("pretext_lr", lr);
      m.put("pretext_seconds", seconds);
      return m;
    }

    static Report fromMetrics(BackboneSpec backbone, Map<String, Double> m) {
      for (String k : List.of("pretext_top1", "pretext_classes", "pretext_images", "pretext_epochs", "pretext_views",
          "pretext_lr", "pretext_seconds")) {
        if (!m.containsKey(k)) {
          throw new IllegalArgumentException("not an artifact of tagstream pretrain emoji: model.json metrics lack " + k);
        }
      }
      return new Report(backbone, m.get("pretext_classes").intValue(), m.get("pretext_images").intValue(),
          m.get("pretext_epochs").intValue(), m.get("pretext_views").intValue(), m.get("pretext_lr"),
          m.get("pretext_top1"), m.get("pretext_seconds"));
    }
  }

  private final BackboneSpec spec;
  private final int epochs;
  private final int viewsPerImage;
  private final double lr;
  private final long seed;

  PretextBackbone(BackboneSpec spec, int epochs, int viewsPerImage, double lr, long seed) {
    this.spec = spec.requireTrainable(); // oneDNN computes wrong conv gradients below 16-channel multiples
    this.epochs = epochs;
    this.viewsPerImage = viewsPerImage;
    this.lr = lr;
    this.seed = seed;
  }

  /** Saves the backbone to {@code out} and, when headOut is not null, the pretext classifier (a linear head) there. */
  Report train(PretextSet set, Path out, Path headOut, ProgressBar progress) {
    long t0 = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) seed);
    PretextViews views = new PretextViews(new ImagePreprocessor(spec.inputSize()));
    int n = set.art().size() * viewsPerImage;
    int batch = 64;
    int steps = (n + batch - 1) / batch;
    Block backbone = ResNetBackbone.build(spec);
    Block head = TaggerNetwork.newHead(set.classes().size());
    SequentialBlock net = new SequentialBlock().add(backbone).add(head);
    try (Model model = Model.newInstance("pretext", Device.cpu())) {
      model.setBlock(net);
      Adam adam = Adam.builder().optLearningRateTracker(new WarmupCosineTracker((float) lr, steps / 2, epochs * steps, 0.01f))
          .optWeightDecays(1e-4f).optClipGrad(HeadTrainer.CLIP_GRAD).build();
      DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
          .optOptimizer(adam).optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, 3, spec.inputSize(), spec.inputSize()));
        SplittableRandom aug = new SplittableRandom(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
          int[] order = Batches.shuffle(n, new Random(seed * 31 + epoch));
          progress.start("pretext epoch " + (epoch + 1) + "/" + epochs, n);
          double lossSum = 0;
          int correct = 0;
          for (int s = 0; s < n; s += batch) {
            int b = Math.min(batch, n - s);
            float[] x = new float[b * 3 * spec.inputSize() * spec.inputSize()];
            float[] y = new float[b];
            for (int i = 0; i < b; i++) {
              int img = order[s + i] % set.art().size();
              float[] v = views.view(set.art().get(img), aug);
              System.arraycopy(v, 0, x, i * v.length, v.length);
              y[i] = set.classOf()[img];
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
              NDArray input = m.create(x, new Shape(b, 3, spec.inputSize(), spec.inputSize()));
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(m.create(y)), new NDList(logits));
                gc.backward(l);
                lossSum += l.getFloat() * b;
                correct += hits(logits.argMax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), y);
              }
              trainer.step();
            }
            progress.update(s + b, lossSum / (s + b));
          }
          progress.finish(String.format(java.util.Locale.ROOT, "loss %.3f, train top-1 %.3f", lossSum / n, (double) correct / n));
        }
        double top1 = heldOutTop1(trainer, set, views);
        Files.createDirectories(out.toAbsolutePath().getParent());
        TaggerNetwork.save(backbone, out);
        if (headOut != null) {
          TaggerNetwork.save(head, headOut);
        }
        return new Report(spec, set.classes().size(), set.art().size(), epochs, viewsPerImage, lr, top1,
            (System.nanoTime() - t0) / 1e9);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // one fresh view per image from an unrelated stream, in inference mode (BatchNorm running statistics)
  private double heldOutTop1(Trainer trainer, PretextSet set, PretextViews views) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int correct = 0;
    int n = set.art().size();
    for (int s = 0; s < n; s += 128) {
      int b = Math.min(128, n - s);
      float[] x = new float[b * 3 * spec.inputSize() * spec.inputSize()];
      float[] y = new float[b];
      for (int i = 0; i < b; i++) {
        float[] v = views.view(set.art().get(s + i), rng);
        System.arraycopy(v, 0, x, i * v.length, v.length);
        y[i] = set.classOf()[s + i];
      }
      try (NDManager m = trainer.getManager().newSubManager()) {
        NDArray logits = trainer.evaluate(new NDList(m.create(x, new Shape(b, 3, spec.inputSize(), spec.inputSize()))))
            .singletonOrThrow();
        correct += hits(logits.argMax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), y);
      }
    }
    return (double) correct / n;
  }

  private static int hits(float[] predicted, float[] y) {
    int h = 0;
    for (int i = 0; i < y.length; i++) {
      h += predicted[i] == y[i] ? 1 : 0;
    }
    return h;
  }
}
