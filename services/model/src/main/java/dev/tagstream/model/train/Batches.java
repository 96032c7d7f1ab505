package dev.tagstream.model.train;

import java.util.Random;

/**
 * Batch plumbing shared by every training loop: a seeded order of the rows, and a batch's rows
 * flattened.
 */
public final class Batches {
  private Batches() {}

  /**
   * A Fisher-Yates permutation of 0..n-1 drawn from {@code r}: the same seed gives the same order.
   */
  public static int[] shuffle(int n, Random r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Flattened rows idx of a [N, C] matrix, row-major, ready for NDManager.create with shape
   * [idx.length, C].
   */
  public static float[] rows(float[][] m, int[] idx) {
    int c = m[0].length;
    float[] out = new float[idx.length * c];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(m[idx[i]], 0, out, i * c, c);
    }
    return out;
  }
}
