package dev.tagstream.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The k nearest other rows of an embedding matrix by cosine similarity, computed in blocks with the
 * engine's matrix product (40,000 x 40,000 similarities at 256 dimensions take seconds there,
 * minutes in plain Java loops).
 */
final class Neighbours {
  private static final int BLOCK = 512;

  private Neighbours() {}

  /** For each row of x, the indexes of its k most cosine-similar other rows, most similar first. */
  static int[][] of(float[][] x, int k) {
    int n = x.length;
    if (k < 1 || k >= n) {
      throw new IllegalArgumentException("k must be in 1.." + (n - 1) + ", got " + k);
    }
    int d = x[0].length;
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x[i], 0, flat, i * d, d);
    }
    int[][] out = new int[n][];
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray all = m.create(flat, new Shape(n, d));
      // cos(a, b) = a.b / (|a| |b|): normalise rows once, then similarities are plain products
      NDArray unit = all.div(all.norm(new int[] {1}, true).add(1e-12f));
      NDArray unitT = unit.transpose();
      for (int s = 0; s < n; s += BLOCK) {
        int b = Math.min(BLOCK, n - s);
        try (NDManager block = m.newSubManager()) {
          NDArray sim = unit.get(s + ":" + (s + b)).matMul(unitT);
          sim.tempAttach(block);
          // a row is not its own neighbour
          NDArray self = block.arange(s, s + b, 1, ai.djl.ndarray.types.DataType.INT64);
          NDArray ranked = sim.argSort(1, false).get(":, :" + (k + 1));
          long[] idx = ranked.toLongArray();
          long[] selfIdx = self.toLongArray();
          for (int i = 0; i < b; i++) {
            int[] row = new int[k];
            int filled = 0;
            for (int j = 0; j <= k && filled < k; j++) {
              long c = idx[i * (k + 1) + j];
              if (c != selfIdx[i]) {
                row[filled++] = (int) c;
              }
            }
            out[s + i] = row;
          }
        }
      }
    }
    return out;
  }
}
