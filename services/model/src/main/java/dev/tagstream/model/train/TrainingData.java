package dev.tagstream.model.train;

import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.ManifestEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Targets and known masks of a manifest after hierarchy completion, row i = entry i. */
public record TrainingData(List<String> ids, float[][] targets, float[][] known) {
  public static TrainingData of(List<ManifestEntry> entries, LabelTargets labels) {
    int c = labels.vocabulary().size();
    float[][] t = new float[entries.size()][c];
    float[][] k = new float[entries.size()][c];
    for (int i = 0; i < entries.size(); i++) {
      ManifestEntry e = entries.get(i);
      labels.fill(e.positives(), e.negatives(), t[i], k[i]);
    }
    return new TrainingData(entries.stream().map(ManifestEntry::id).toList(), t, k);
  }

  public int size() {
    return ids.size();
  }

  /** Ground truth for metrics: target 1 = positive, anything else counts as absent. */
  public boolean[][] truth() {
    boolean[][] y = new boolean[targets.length][];
    for (int i = 0; i < targets.length; i++) {
      y[i] = new boolean[targets[i].length];
      for (int j = 0; j < targets[i].length; j++) {
        y[i][j] = targets[i][j] > 0.5f;
      }
    }
    return y;
  }

  /** Counts of positive, confirmed-negative and unknown entries, for the training summary. */
  public Map<String, Long> labelStates() {
    long pos = 0;
    long neg = 0;
    long all = 0;
    for (int i = 0; i < targets.length; i++) {
      for (int j = 0; j < targets[i].length; j++) {
        all++;
        pos += targets[i][j] > 0.5f ? 1 : 0;
        neg += targets[i][j] < 0.5f && known[i][j] > 0.5f ? 1 : 0;
      }
    }
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("positive", pos);
    m.put("negative", neg);
    m.put("unknown", all - pos - neg);
    return m;
  }
}
