package dev.tagstream.bench;

import ai.djl.training.loss.Loss;
import dev.tagstream.datasets.SceneRenderer;
import dev.tagstream.model.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the backbone learns before it sees any benchmark scene. {@code views}: one pretext emoji per
 * image, a softmax over the pretext classes. {@code scenes}: fresh EmojiScenes-style scenes (same
 * renderer, 1-4 emoji) drawn only from the pretext emoji, multi-label (a sigmoid per class), so
 * that the pooled embedding learns to say which of several small objects are present: the condition
 * of the tagging task, with none of its scenes or labels.
 */
enum PretextTask {
  VIEWS,
  SCENES,
  SCENES_SIGMOID;

  static PretextTask parse(String s) {
    for (PretextTask t : values()) {
      if (t.id().equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("--pretext " + s + ": use views, scenes or scenes-sigmoid");
  }

  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  boolean scenes() {
    return this != VIEWS;
  }

  /**
   * Views: softmax cross-entropy over class indexes. Scenes: softmax cross-entropy against the
   * multi-hot row normalised to sum 1 (-sum_c y_c/k log softmax(z)_c), or a sigmoid BCE per class
   * (scenes-sigmoid).
   */
  Loss loss() {
    return switch (this) {
      case VIEWS -> Loss.softmaxCrossEntropyLoss();
      case SCENES -> Loss.softmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", 1, -1, false, true);
      case SCENES_SIGMOID -> Loss.sigmoidBinaryCrossEntropyLoss();
    };
  }

  /** Length of one row of labels: 1 (a class index) for views, the class count for scenes. */
  int labelWidth(int classes) {
    return this == VIEWS ? 1 : classes;
  }

  /**
   * Draws sample {@code index} of an epoch into row {@code row} of x (normalised CHW) and y (class
   * index, or multi-hot row). Views take image {@code index % images}; scenes ignore the index and
   * draw from rng.
   */
  void draw(
      PretextSet set, Renderers r, int index, SplittableRandom rng, float[] x, float[] y, int row) {
    int classes = set.classes().size();
    float[] v;
    if (!scenes()) {
      int img = index % set.art().size();
      v = r.views().view(set.art().get(img), rng);
      y[row] = set.classOf()[img];
    } else {
      SceneRenderer.Scene s = r.scenes().render(rng, classes, c -> set.artOf(c, rng));
      v = r.pre().toTensorData(s.image());
      float on = this == SCENES ? 1f / s.emoji().size() : 1f;
      for (int c : s.emoji()) {
        y[row * classes + c] = on;
      }
    }
    System.arraycopy(v, 0, x, row * v.length, v.length);
  }

  /** The drawing tools of one input size; thread-safe (each draw brings its own random stream). */
  record Renderers(ImagePreprocessor pre, PretextViews views, SceneRenderer scenes) {
    static Renderers of(int inputSize) {
      ImagePreprocessor pre = new ImagePreprocessor(inputSize);
      return new Renderers(
          pre, new PretextViews(pre), new SceneRenderer(SceneRenderer.DEFAULT_SIZE));
    }
  }

  /** Art of one class: one of its vendors' images, picked with rng. */
  static BufferedImage pick(List<BufferedImage> art, SplittableRandom rng) {
    return art.get(rng.nextInt(art.size()));
  }
}
