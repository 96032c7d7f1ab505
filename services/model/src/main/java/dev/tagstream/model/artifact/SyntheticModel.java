package dev.tagstream.model.artifact;

import ai.djl.ndarray.NDManager;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.TaggerNetwork;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A real model artifact with randomly initialised weights: the architecture, label count and input
 * size of a trained one, so it costs exactly as much to run. For the bench and tests when no
 * trained model is at hand.
 */
public final class SyntheticModel {
  private SyntheticModel() {}

  /** The default built-in backbone with {@code labels} labels named label-0000, label-0001, ... */
  public static ModelArtifact write(Path dir, String version, int labels) {
    return write(dir, version, labels, BackboneSpec.defaults(), 0.5f);
  }

  public static ModelArtifact write(
      Path dir, String version, int labels, BackboneSpec spec, float threshold) {
    return write(dir, version, vocabulary(labels), spec, threshold);
  }

  /** {@code labels} flat labels named label-0000, label-0001, ... */
  public static Vocabulary vocabulary(int labels) {
    return Vocabulary.of(
        IntStream.range(0, labels)
            .mapToObj(i -> new LabelDef(String.format("label-%04d", i), List.of()))
            .toList());
  }

  /**
   * A model over {@code vocabulary} (its hierarchy is the caller's business; the head has one
   * output per label).
   */
  public static ModelArtifact write(
      Path dir, String version, Vocabulary vocabulary, BackboneSpec spec, float threshold) {
    int labels = vocabulary.size();
    ModelInfo info =
        new ModelInfo(
            ModelInfo.FORMAT,
            version,
            null,
            Instant.now().toString(),
            spec,
            spec.inputSize(),
            labels,
            vocabulary.hash(),
            LossSpec.of("an"),
            null,
            Map.of(),
            Map.of(),
            0);
    float[] thresholds = new float[labels];
    Arrays.fill(thresholds, threshold);
    return ArtifactWriter.write(
        dir,
        info,
        vocabulary,
        thresholds,
        List.of(TaggerNetwork.BACKBONE_PARAMS, TaggerNetwork.HEAD_PARAMS),
        tmp -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            TaggerNetwork net = new TaggerNetwork(spec, labels);
            net.initialize(manager);
            TaggerNetwork.save(net.backbone(), tmp.resolve(TaggerNetwork.BACKBONE_PARAMS));
            TaggerNetwork.save(net.head(), tmp.resolve(TaggerNetwork.HEAD_PARAMS));
          }
        });
  }
}
