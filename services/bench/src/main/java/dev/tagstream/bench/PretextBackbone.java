package dev.tagstream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import dev.tagstream.model.metrics.MacroMap;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.ResNetBackbone;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.Batches;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.WarmupCosineTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Pretrains the built-in ResNet backbone once on a pretext task over the pretext emoji (single
 * views with a softmax, or multi-emoji scenes with a sigmoid per class; Adam with warm-up and
 * cosine decay) and saves the backbone's parameters. Each batch draws from its own random stream
 * (seed, epoch, batch), so a run is reproducible whatever the thread timing; the next batch is
 * drawn on a helper thread while the current one trains.
 */
final class PretextBackbone {
  static final int BATCH = 64;

  /** Fresh pretext scenes the scene pretext's held-out mAP is measured on. */
  static final int HELD_OUT_SCENES = 2000;

  /**
   * The pretext recipe and what it reached: top-1 on fresh single views of the pretext emoji (both
   * tasks), mAP on fresh pretext scenes (scene task; NaN otherwise), and its duration.
   */
  record Report(
      BackboneSpec backbone,
      String pretext,
      int classes,
      int images,
      int epochs,
      int views,
      double lr,
      long seed,
      double top1,
      double sceneMap,
      double seconds) {
    /**
     * The metrics a pretrain artifact records (model.json), from which fromMetrics reads the report
     * back.
     */
    Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("pretext_top1", top1);
      m.put("pretext_classes", (double) classes);
      m.put("pretext_images", (double) images);
      m.put("pretext_epochs", (double) epochs);
      m.put("pretext_views", (double) views);
      m.put("pretext_lr", lr);
      m.put("pretext_seconds", seconds);
      m.put("pretext_task", (double) PretextTask.parse(pretext).ordinal());
      m.put("pretext_seed", (double) seed);
      if (!Double.isNaN(sceneMap)) {
        m.put("pretext_scene_map", sceneMap);
      }
      return m;
    }

    static Report fromMetrics(BackboneSpec backbone, Map<String, Double> m) {
      for (String k :
          List.of(
              "pretext_top1",
              "pretext_classes",
              "pretext_images",
              "pretext_epochs",
              "pretext_views",
              "pretext_lr",
              "pretext_seconds")) {
        if (!m.containsKey(k)) {
          throw new IllegalArgumentException(
              "not an artifact of tagstream pretrain emoji: model.json metrics lack " + k);
        }
      }
      // artifacts written before the scene pretext existed were single-view pretexts with seed 7
      String pretext = PretextTask.values()[m.getOrDefault("pretext_task", 0.0).intValue()].id();
      return new Report(
          backbone,
          pretext,
          m.get("pretext_classes").intValue(),
          m.get("pretext_images").intValue(),
          m.get("pretext_epochs").intValue(),
          m.get("pretext_views").intValue(),
          m.get("pretext_lr"),
          m.getOrDefault("pretext_seed", 7.0).longValue(),
          m.get("pretext_top1"),
          m.getOrDefault("pretext_scene_map", Double.NaN),
          m.get("pretext_seconds"));
    }
  }

  private final BackboneSpec spec;
  private final PretextTask task;
  private final int epochs;
  private final int viewsPerImage;
  private final double lr;
  private final long seed;

  PretextBackbone(
      BackboneSpec spec, PretextTask task, int epochs, int viewsPerImage, double lr, long seed) {
    this.spec =
        spec.requireTrainable(); // oneDNN computes wrong conv gradients below 16-channel multiples
    this.task = task;
    this.epochs = epochs;
    this.viewsPerImage = viewsPerImage;
    this.lr = lr;
    this.seed = seed;
  }

  /** One drawn batch: inputs and label rows. */
  private record Batch(float[] x, float[] y, int size) {}

  /**
   * Saves the backbone to {@code out} and, when headOut is not null, the pretext classifier (a
   * linear head) there.
   */
  Report train(PretextSet set, Path out, Path headOut, ProgressBar progress) {
    long t0 = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) seed);
    PretextTask.Renderers renderers = PretextTask.Renderers.of(spec.inputSize());
    int classes = set.classes().size();
    // the same number of drawn images per epoch for both tasks, so their budgets compare
    int n = set.art().size() * viewsPerImage;
    int steps = (n + BATCH - 1) / BATCH;
    Block backbone = ResNetBackbone.build(spec);
    Block head = TaggerNetwork.newHead(classes);
    SequentialBlock net = new SequentialBlock().add(backbone).add(head);
    ExecutorService drawer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pretext-draw");
              t.setDaemon(true);
              return t;
            });
    try (Model model = Model.newInstance("pretext", Device.cpu())) {
      model.setBlock(net);
      Adam adam =
          Adam.builder()
              .optLearningRateTracker(
                  new WarmupCosineTracker((float) lr, steps / 2, epochs * steps, 0.01f))
              .optWeightDecays(1e-4f)
              .optClipGrad(HeadTrainer.CLIP_GRAD)
              .build();
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(task.loss())
              .optOptimizer(adam)
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, 3, spec.inputSize(), spec.inputSize()));
        for (int epoch = 0; epoch < epochs; epoch++) {
          int[] order = Batches.shuffle(n, new Random(seed * 31 + epoch));
          progress.start(task.id() + " pretext epoch " + (epoch + 1) + "/" + epochs, n);
          double lossSum = 0;
          final int e = epoch;
          Future<Batch> next = drawer.submit(() -> draw(set, renderers, order, 0, e));
          for (int s = 0; s < n; s += BATCH) {
            Batch b = next.get();
            if (s + BATCH < n) {
              final int from = s + BATCH;
              next = drawer.submit(() -> draw(set, renderers, order, from, e));
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
              NDArray input =
                  m.create(b.x(), new Shape(b.size(), 3, spec.inputSize(), spec.inputSize()));
              NDArray labels =
                  !task.scenes() ? m.create(b.y()) : m.create(b.y(), new Shape(b.size(), classes));
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                gc.backward(l);
                lossSum += l.getFloat() * b.size();
              }
              trainer.step();
            }
            progress.update(s + b.size(), lossSum / (s + b.size()));
          }
          progress.finish(String.format(Locale.ROOT, "loss %.4f", lossSum / n));
        }
        double top1 = heldOutTop1(trainer, set, renderers);
        double sceneMap = task.scenes() ? heldOutSceneMap(trainer, set, renderers) : Double.NaN;
        Files.createDirectories(out.toAbsolutePath().getParent());
        TaggerNetwork.save(backbone, out);
        if (headOut != null) {
          TaggerNetwork.save(head, headOut);
        }
        return new Report(
            spec,
            task.id(),
            classes,
            set.art().size(),
            epochs,
            viewsPerImage,
            lr,
            seed,
            top1,
            sceneMap,
            (System.nanoTime() - t0) / 1e9);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("pretraining interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "drawing a pretext batch failed: " + e.getCause(), e.getCause());
    } finally {
      drawer.shutdownNow();
    }
  }

  private Batch draw(PretextSet set, PretextTask.Renderers r, int[] order, int from, int epoch) {
    int b = Math.min(BATCH, order.length - from);
    int side = spec.inputSize();
    float[] x = new float[b * 3 * side * side];
    float[] y = new float[b * task.labelWidth(set.classes().size())];
    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + epoch * 100_003L + from);
    for (int i = 0; i < b; i++) {
      task.draw(set, r, order[from + i], rng, x, y, i);
    }
    return new Batch(x, y, b);
  }

  // one fresh single view per pretext image from an unrelated stream, in inference mode (BatchNorm
  // running statistics)
  private double heldOutTop1(Trainer trainer, PretextSet set, PretextTask.Renderers r) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int correct = 0;
    int n = set.art().size();
    int side = spec.inputSize();
    for (int s = 0; s < n; s += 128) {
      int b = Math.min(128, n - s);
      float[] x = new float[b * 3 * side * side];
      float[] y = new float[b];
      for (int i = 0; i < b; i++) {
        PretextTask.VIEWS.draw(set, r, s + i, rng, x, y, i);
      }
      float[] predicted = infer(trainer, x, b, l -> l.argMax(1).toType(DataType.FLOAT32, false));
      for (int i = 0; i < b; i++) {
        correct += predicted[i] == y[i] ? 1 : 0;
      }
    }
    return (double) correct / n;
  }

  // macro mAP over the pretext classes on fresh pretext scenes, from a stream the training never
  // draws
  private double heldOutSceneMap(Trainer trainer, PretextSet set, PretextTask.Renderers r) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    int classes = set.classes().size();
    int side = spec.inputSize();
    float[][] scores = new float[HELD_OUT_SCENES][];
    boolean[][] truth = new boolean[HELD_OUT_SCENES][classes];
    for (int s = 0; s < HELD_OUT_SCENES; s += 128) {
      int b = Math.min(128, HELD_OUT_SCENES - s);
      float[] x = new float[b * 3 * side * side];
      float[] y = new float[b * classes];
      for (int i = 0; i < b; i++) {
        PretextTask.SCENES_SIGMOID.draw(set, r, s + i, rng, x, y, i);
      }
      // per-image softmax for a softmax-trained head: its logits share an arbitrary per-image
      // offset
      float[] p =
          infer(
              trainer, x, b, task == PretextTask.SCENES ? l -> l.softmax(1) : Activation::sigmoid);
      for (int i = 0; i < b; i++) {
        scores[s + i] = new float[classes];
        System.arraycopy(p, i * classes, scores[s + i], 0, classes);
        for (int c = 0; c < classes; c++) {
          truth[s + i][c] = y[i * classes + c] > 0.5f;
        }
      }
    }
    return MacroMap.of(scores, truth);
  }

  // inference on one batch in its own sub-manager; f maps the logits to what the caller reads
  private float[] infer(Trainer trainer, float[] x, int b, UnaryOperator<NDArray> f) {
    try (NDManager m = trainer.getManager().newSubManager()) {
      NDArray logits =
          trainer
              .evaluate(
                  new NDList(m.create(x, new Shape(b, 3, spec.inputSize(), spec.inputSize()))))
              .singletonOrThrow();
      return f.apply(logits).toFloatArray();
    }
  }
}
