package dev.tagstream.model.train;

import dev.tagstream.model.data.ImageLoader;
import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.infer.Scorer;
import dev.tagstream.model.labels.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Scores labelled images with a model and computes the metric bundle; used by eval and by a promotion gate. */
public final class Evaluator {
  private static final int BATCH = 64;

  private Evaluator() {}

  /** Labels of entries absent from the model's vocabulary are skipped (they cannot be scored). */
  public static EvaluationReport evaluate(Scorer scorer, List<ManifestEntry> entries, ProgressBar progress) {
    Vocabulary vocab = scorer.artifact().vocabulary();
    TrainingData data = TrainingData.of(entries, new LabelTargets(vocab, false));
    float[][] scores = scoreAll(scorer, entries, progress);
    return EvaluationReport.of(scores, data.truth(), scorer.artifact().thresholds(), vocab);
  }

  /** Probabilities of every entry's image, decoding and preprocessing on two threads. */
  public static float[][] scoreAll(Scorer scorer, List<ManifestEntry> entries, ProgressBar progress) {
    ImagePreprocessor pre = scorer.preprocessor();
    float[][] out = new float[entries.size()][];
    ExecutorService pool = Executors.newFixedThreadPool(2);
    progress.start("eval", entries.size());
    long t0 = System.nanoTime();
    try {
      for (int s = 0; s < entries.size(); s += BATCH) {
        List<Future<float[]>> fs = new ArrayList<>();
        for (ManifestEntry e : entries.subList(s, Math.min(entries.size(), s + BATCH))) {
          fs.add(pool.submit(() -> pre.toTensorData(ImageLoader.load(e.uri()))));
        }
        List<float[]> batch = new ArrayList<>();
        for (Future<float[]> f : fs) {
          batch.add(f.get());
        }
        List<float[]> probs = scorer.score(batch).probabilities();
        for (int i = 0; i < probs.size(); i++) {
          out[s + i] = probs.get(i);
        }
        progress.update(s + probs.size(), Double.NaN);
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    progress.finish(String.format(java.util.Locale.ROOT, "%d images, %.1f img/s", entries.size(),
        entries.size() / ((System.nanoTime() - t0) / 1e9)));
    return out;
  }
}
