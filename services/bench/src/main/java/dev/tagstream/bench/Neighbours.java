package dev.tagstream.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The k nearest other rows of an embedding matrix by cosine similarity, computed in blocks with the
 * engine's matrix product (40,000 x 40,000 similarities at 256 dimensions take seconds there,
 * minutes in plain Java loops). Each block's products are freed with the block: at 100,000 rows a
 * block is 200 MB, and the whole matrix would not fit.
 */
final class Neighbours {
  private static final int BLOCK = 512;

  private Neighbours() {}

  /** Each query's k most cosine-similar keys: their indexes and cosines, most similar first. */
  record Nearest(int[][] index, float[][] cosine) {}

  /** For each row of x, the indexes of its k most cosine-similar other rows, most similar first. */
  static int[][] of(float[][] x, int k) {
    int n = x.length;
    if (k < 1 || k >= n) {
      throw new IllegalArgumentException("k must be in 1.." + (n - 1) + ", got " + k);
    }
    int[][] withSelf = among(x, x, k + 1).index();
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      // a row is not its own neighbour (a duplicate row may rank above it: then the last goes)
      out[i] = new int[k];
      int filled = 0;
      for (int j = 0; j <= k && filled < k; j++) {
        if (withSelf[i][j] != i) {
          out[i][filled++] = withSelf[i][j];
        }
      }
    }
    return out;
  }

  /**
   * For each query row, its k most cosine-similar key rows and their cosines, most similar first.
   */
  // cos(a, b) = a·b / (‖a‖ ‖b‖): rows are normalised once, then similarities are plain products
  static Nearest among(float[][] queries, float[][] keys, int k) {
    if (k < 1 || k > keys.length) {
      throw new IllegalArgumentException("k must be in 1.." + keys.length + ", got " + k);
    }
    int[][] index = new int[queries.length][];
    float[][] cosine = new float[queries.length][];
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray keysT = unitRows(m, keys).transpose();
      NDArray q = unitRows(m, queries);
      for (int s = 0; s < queries.length; s += BLOCK) {
        int b = Math.min(BLOCK, queries.length - s);
        try (NDManager block = m.newSubManager()) {
          NDArray rows = q.get(s + ":" + (s + b));
          rows.attach(block); // freed with the block, and so is everything computed from it
          NDList top = rows.matMul(keysT).topK(k, 1, true, true);
          float[] cos = top.get(0).toFloatArray();
          long[] idx = top.get(1).toLongArray();
          for (int i = 0; i < b; i++) {
            index[s + i] = new int[k];
            cosine[s + i] = Arrays.copyOfRange(cos, i * k, (i + 1) * k);
            for (int j = 0; j < k; j++) {
              index[s + i][j] = (int) idx[i * k + j];
            }
          }
        }
      }
    }
    return new Nearest(index, cosine);
  }

  private static NDArray unitRows(NDManager m, float[][] x) {
    int d = x[0].length;
    float[] flat = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * d, d);
    }
    NDArray all = m.create(flat, new Shape(x.length, d));
    return all.div(all.norm(new int[] {1}, true).add(1e-12f));
  }
}
