package dev.tagstream.trainer;

import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.data.ImageSource;
import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.infer.Scorer;
import dev.tagstream.model.nn.Backbones;
import dev.tagstream.model.train.EmbeddingCache;
import dev.tagstream.model.train.EvaluationReport;
import dev.tagstream.model.train.Evaluator;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a model on the held-out images with the model module's metrics (macro mAP over labels with
 * a validation positive). When the embedding cache holds every held-out image for the model's
 * backbone (a head-only candidate and its parent share one), only the head runs and no image is
 * decoded; otherwise the images are read from the given source, and one it cannot read is left out.
 */
final class HeldOutEvaluator {
  private static final int BATCH = 256;
  private final Path embeddingCache;
  private final String device;

  HeldOutEvaluator(Path embeddingCache, String device) {
    this.embeddingCache = embeddingCache;
    this.device = device;
  }

  /** The evaluation and whether it came from cached embeddings. */
  record Result(EvaluationReport report, boolean fromCache) {
    double map() {
      return report.map();
    }
  }

  Result evaluate(ModelArtifact model, List<ManifestEntry> heldOut, ImageSource images) {
    try (Scorer scorer = Scorer.open(model, Devices.parse(device))) {
      List<float[]> embeddings = cachedEmbeddings(model, heldOut);
      if (embeddings == null) {
        return new Result(Evaluator.evaluate(scorer, heldOut, images, ProgressBar.silent()), false);
      }
      float[][] scores = new float[heldOut.size()][];
      for (int s = 0; s < heldOut.size(); s += BATCH) {
        List<float[]> probs =
            scorer
                .scoreEmbeddings(embeddings.subList(s, Math.min(heldOut.size(), s + BATCH)))
                .probabilities();
        for (int i = 0; i < probs.size(); i++) {
          scores[s + i] = probs.get(i);
        }
      }
      boolean[][] truth =
          TrainingData.of(heldOut, new LabelTargets(model.vocabulary(), false)).truth();
      return new Result(
          EvaluationReport.of(scores, truth, model.thresholds(), model.vocabulary()), true);
    }
  }

  /** Embeddings of every held-out image under this model's backbone, or null if any is missing. */
  private List<float[]> cachedEmbeddings(ModelArtifact model, List<ManifestEntry> heldOut) {
    String backboneVersion = model.info().files().get(Backbones.fileName(model.info().backbone()));
    if (backboneVersion == null) {
      return null;
    }
    EmbeddingCache cache;
    try {
      cache =
          EmbeddingCache.load(
              embeddingCache, backboneVersion, model.info().backbone().embeddingDim());
    } catch (IOException e) {
      return null; // an unreadable cache only costs decoding
    }
    List<float[]> out = new ArrayList<>(heldOut.size());
    for (ManifestEntry e : heldOut) {
      float[] v = cache.get(e.id());
      if (v == null) {
        return null;
      }
      out.add(v);
    }
    return out;
  }
}
