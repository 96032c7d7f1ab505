package dev.tagstream.bench.tools;

import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.train.EvaluationReport;
import dev.tagstream.model.train.TrainingData;
import java.util.List;
import java.util.Random;

/**
 * Reference predictors for eval --baseline: uniform random scores (seed 0) or one constant score.
 */
final class Baselines {
  private Baselines() {}

  static final List<String> KINDS = List.of("random", "constant");

  /** The kind, if it is one of {@link #KINDS}. */
  static String kind(String kind) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("use " + String.join(" or ", KINDS));
    }
    return kind;
  }

  static EvaluationReport evaluate(String kind, ModelArtifact a, List<ManifestEntry> test) {
    kind(kind);
    int c = a.vocabulary().size();
    TrainingData data = TrainingData.of(test, new LabelTargets(a.vocabulary(), false));
    Random r = new Random(0);
    float[][] scores = new float[test.size()][c];
    for (float[] row : scores) {
      for (int j = 0; j < c; j++) {
        row[j] = kind.equals("random") ? r.nextFloat() : 0.5f;
      }
    }
    return EvaluationReport.of(scores, data.truth(), a.thresholds(), a.vocabulary());
  }
}
