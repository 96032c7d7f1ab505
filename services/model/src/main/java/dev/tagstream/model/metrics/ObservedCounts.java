package dev.tagstream.model.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many observed training positives each label has, over the labels that occur in the test set
 * (the ones mAP averages over): a histogram in the bins 0, 1-2, 3-9, 10+ (in that order), and which
 * labels were seen positive at least once. Why: a label never observed positive cannot be learned
 * by any loss, so this says how much of a table is learnable.
 */
public record ObservedCounts(
    Map<String, Integer> histogram, int labelsInTest, int seenInTest, boolean[] seen) {
  public static final String[] BINS = {"0", "1-2", "3-9", "10+"};

  /**
   * From training targets [image][label] (1 = observed positive) and the test truth [image][label].
   */
  public static ObservedCounts of(float[][] trainTargets, boolean[][] testTruth) {
    int c = trainTargets.length == 0 ? testTruth[0].length : trainTargets[0].length;
    int[] count = new int[c];
    for (float[] row : trainTargets) {
      for (int j = 0; j < c; j++) {
        if (row[j] > 0.5f) {
          count[j]++;
        }
      }
    }
    boolean[] inTest = new boolean[c];
    for (boolean[] row : testTruth) {
      for (int j = 0; j < c; j++) {
        inTest[j] |= row[j];
      }
    }
    Map<String, Integer> hist = new LinkedHashMap<>();
    for (String b : BINS) {
      hist.put(b, 0);
    }
    boolean[] seen = new boolean[c];
    int labelsInTest = 0;
    int seenInTest = 0;
    for (int j = 0; j < c; j++) {
      seen[j] = count[j] > 0;
      if (inTest[j]) {
        labelsInTest++;
        seenInTest += seen[j] ? 1 : 0;
        hist.merge(bin(count[j]), 1, Integer::sum);
      }
    }
    return new ObservedCounts(Collections.unmodifiableMap(hist), labelsInTest, seenInTest, seen);
  }

  public static String bin(int n) {
    return n == 0 ? "0" : n <= 2 ? "1-2" : n <= 9 ? "3-9" : "10+";
  }

  /** "0: 709, 1-2: 300, ..." in bin order. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (String bin : BINS) {
      b.append(b.length() == 0 ? "" : ", ").append(bin).append(": ").append(histogram.get(bin));
    }
    return b.toString();
  }
}
