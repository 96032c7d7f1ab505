package dev.tagstream.model.train;

import dev.tagstream.model.data.ImageSource;
import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.infer.Scorer;
import dev.tagstream.model.labels.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores labelled images with a model and computes the metric bundle; used by eval and by a
 * promotion gate. An image the source cannot read is left out (the progress line says how many);
 * none readable at all is an error.
 */
public final class Evaluator {
  private static final int BATCH = 64;

  private Evaluator() {}

  /** Reads local files (see {@link ImageSource#localFiles()}). */
  public static EvaluationReport evaluate(
      Scorer scorer, List<ManifestEntry> entries, ProgressBar progress) {
    return evaluate(scorer, entries, ImageSource.localFiles(), progress);
  }

  /** Labels of entries absent from the model's vocabulary are skipped (they cannot be scored). */
  public static EvaluationReport evaluate(
      Scorer scorer, List<ManifestEntry> entries, ImageSource images, ProgressBar progress) {
    Vocabulary vocab = scorer.artifact().vocabulary();
    List<ManifestEntry> scored = new ArrayList<>(entries.size());
    List<float[]> scores = new ArrayList<>(entries.size());
    int unreadable = 0;
    ImagePreprocessor pre = scorer.preprocessor();
    progress.start("eval", entries.size());
    long t0 = System.nanoTime();
    // batch by batch, so only one batch of images is ever decoded at a time
    try (ManifestImages reader = new ManifestImages(images)) {
      for (int s = 0; s < entries.size(); s += BATCH) {
        List<ManifestEntry> batch = entries.subList(s, Math.min(entries.size(), s + BATCH));
        ManifestImages.Read<float[]> read = reader.read(batch, pre::toTensorData);
        unreadable += read.unreadable();
        if (!read.values().isEmpty()) {
          scored.addAll(read.entries());
          scores.addAll(scorer.score(read.values()).probabilities());
        }
        progress.update(s + batch.size(), Double.NaN);
      }
    }
    if (scored.isEmpty() && unreadable > 0) {
      throw new IllegalArgumentException(
          "none of the " + entries.size() + " images to evaluate could be read");
    }
    progress.finish(
        String.format(
            Locale.ROOT,
            "%d images, %.1f img/s%s",
            scored.size(),
            entries.size() / ((System.nanoTime() - t0) / 1e9),
            unreadable > 0 ? "; left out " + unreadable + " unreadable" : ""));
    boolean[][] truth = TrainingData.of(scored, new LabelTargets(vocab, false)).truth();
    return EvaluationReport.of(
        scores.toArray(new float[0][]), truth, scorer.artifact().thresholds(), vocab);
  }
}
