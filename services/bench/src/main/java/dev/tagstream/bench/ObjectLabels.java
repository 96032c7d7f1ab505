package dev.tagstream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Pseudo-positives per object. A scene's global embedding barely tells its small objects apart, so
 * a scene-level model ranks the emoji a scene was not labelled with poorly (about one guess in five
 * right at 40,000 scenes). Each object's own crop is embedded instead (the layout's boxes: side
 * information, as a class-agnostic detector would give), and:
 *
 * <ol>
 *   <li>each observed leaf is assigned to one of its scene's objects: the only one in a one-object
 *       scene, else the object most similar to that leaf's prototype (the unit mean of the objects
 *       assigned it: first the one-object scenes', then, in later rounds, all of them);
 *   <li>every object left without a label scores the leaves by the votes of its nearest assigned
 *       objects;
 *   <li>within a scene, an observed label with no positive leaf below it (the scene was labelled
 *       "Animals & Nature") first gets the best free object's best leaf below it; then every other
 *       free object picks its best open leaf, the best (object, leaf) pair first, each leaf once.
 * </ol>
 *
 * The best-scored {@code share} of those picks become positive, completed upward. Pure: arrays in,
 * new arrays (or the caller's own result) out; the nearest neighbours come from the engine's matrix
 * product (Neighbours).
 */
final class ObjectLabels {
  /** No label for this object. */
  static final int NONE = -1;

  /** How many best leaves each free object keeps for the picks. */
  static final int KEEP = 64;

  /**
   * How many times the prototypes of all assigned objects place the leaves again. At 40,000 scenes
   * (single regime) the share placed right went 0.82, 0.86, 0.87, 0.87 over rounds 0-3.
   */
  static final int ASSIGN_ROUNDS = 2;

  /**
   * Neighbours and temperature of the votes. k 5, 10, 20 picked 37.7-38.1 % of leaves right at
   * 40,000 scenes, T 0.05 1-2 points more than 0.1 (a diagnostic against the training scenes' full
   * labels, which the method never sees: bench/results/losses-40k-objects.md).
   */
  static final int NEIGHBOURS = 10;

  static final double TEMPERATURE = 0.05;

  private ObjectLabels() {}

  /** One object's picked leaf and its score. */
  record Pick(int scene, int label, double score) {}

  /** A free object's best leaves, best first, with their scores. */
  record Ranked(int[] labels, double[] scores) {}

  // unit(v) = v / ‖v‖   (zero stays zero)
  static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float[] u = new float[v.length];
    if (n > 0) {
      double inv = 1 / Math.sqrt(n);
      for (int d = 0; d < v.length; d++) {
        u[d] = (float) (v[d] * inv);
      }
    }
    return u;
  }

  // a · b = Σ_d a_d b_d
  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += a[d] * b[d];
    }
    return s;
  }

  /**
   * The observed leaf each object shows, or {@link #NONE}: {@code objects[i]} holds scene i's unit
   * object embeddings, largest first (null: a scene without boxes, left out). The one-object
   * scenes' prototypes place the other scenes' leaves; then, {@code rounds} times, the prototypes
   * of every assigned object place them again (a leaf has about 1.7 one-object crops at 40,000
   * scenes but about 7 assigned ones, so each round places more of them right).
   */
  static int[][] assign(float[][][] objects, float[][] targets, boolean[] leaf, int rounds) {
    int[][] assigned = new int[objects.length][];
    List<List<Integer>> seen = new ArrayList<>(objects.length); // read once, placed every round
    for (int i = 0; i < objects.length; i++) {
      assigned[i] = new int[objects[i] == null ? 0 : objects[i].length];
      Arrays.fill(assigned[i], NONE);
      seen.add(observedLeaves(targets[i], leaf));
      if (assigned[i].length == 1 && seen.get(i).size() == 1) {
        assigned[i][0] = seen.get(i).get(0);
      }
    }
    for (int round = 0; round <= rounds; round++) {
      float[][] prototypes = prototypes(objects, assigned, leaf.length);
      for (int i = 0; i < objects.length; i++) {
        if (assigned[i].length > 1) {
          Arrays.fill(assigned[i], NONE);
          assignGreedily(objects[i], seen.get(i), prototypes, assigned[i]);
        }
      }
    }
    return assigned;
  }

  /**
   * Most similar (leaf, object) pair first; a leaf without a prototype (no object assigned it yet)
   * goes last, to the largest object still free.
   */
  private static void assignGreedily(
      float[][] objects, List<Integer> leaves, float[][] prototypes, int[] assigned) {
    List<Integer> open = new ArrayList<>(leaves);
    while (!open.isEmpty()) {
      int bestLeaf = -1;
      int bestObject = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int l : open) {
        for (int o = 0; o < objects.length; o++) {
          if (assigned[o] != NONE) {
            continue;
          }
          double s = prototypes[l] == null ? -2 : dot(objects[o], prototypes[l]);
          if (s > best) {
            best = s;
            bestLeaf = l;
            bestObject = o;
          }
        }
      }
      if (bestObject < 0) {
        return; // more observed leaves than objects: the rest name none of them
      }
      assigned[bestObject] = bestLeaf;
      open.remove(Integer.valueOf(bestLeaf));
    }
  }

  // prototype_l = unit(Σ_{objects o assigned l} o)
  static float[][] prototypes(float[][][] objects, int[][] assigned, int labels) {
    return prototypes(objects, assigned, new int[labels][0], labels);
  }

  /**
   * The prototypes of every label, inner ones included: an object assigned a leaf also counts for
   * each label above it ({@code ancestors[l]}).
   */
  // P_l = unit(Σ_{objects o assigned l or a leaf below l} o)
  static float[][] prototypes(
      float[][][] objects, int[][] assigned, int[][] ancestors, int labels) {
    float[][] sum = new float[labels][];
    for (int i = 0; i < objects.length; i++) {
      for (int o = 0; o < assigned[i].length; o++) {
        int l = assigned[i][o];
        if (l == NONE) {
          continue;
        }
        add(sum, l, objects[i][o]);
        for (int a : ancestors[l]) {
          add(sum, a, objects[i][o]);
        }
      }
    }
    for (int l = 0; l < labels; l++) {
      if (sum[l] != null) {
        sum[l] = unit(sum[l]);
      }
    }
    return sum;
  }

  private static void add(float[][] sum, int label, float[] x) {
    if (sum[label] == null) {
      sum[label] = new float[x.length];
    }
    for (int d = 0; d < x.length; d++) {
      sum[label][d] += x[d];
    }
  }

  /**
   * Per scene and object, the free object's {@code keep} best leaves by its {@code k} nearest
   * assigned objects' votes (null for an assigned object). Votes, unlike one prototype per leaf,
   * follow a leaf drawn two ways (the two vendors' art) and let a near neighbour outweigh far ones.
   */
  // score_l(o) = Σ_{j ∈ kNN(o), leaf(j) = l} exp((cos(o, j) − 1) / T)
  static Ranked[][] byNeighbours(
      float[][][] objects, int[][] assigned, int leaves, int k, double temperature, int keep) {
    List<float[]> keys = new ArrayList<>();
    List<Integer> keyLeaf = new ArrayList<>();
    List<int[]> free = new ArrayList<>();
    for (int i = 0; i < objects.length; i++) {
      for (int o = 0; o < assigned[i].length; o++) {
        if (assigned[i][o] == NONE) {
          free.add(new int[] {i, o});
        } else {
          keys.add(objects[i][o]);
          keyLeaf.add(assigned[i][o]);
        }
      }
    }
    Ranked[][] out = new Ranked[objects.length][];
    for (int i = 0; i < objects.length; i++) {
      out[i] = new Ranked[assigned[i].length];
    }
    if (free.isEmpty() || keys.isEmpty()) {
      return out;
    }
    Neighbours.Nearest nearest =
        Neighbours.among(
            free.stream().map(f -> objects[f[0]][f[1]]).toArray(float[][]::new),
            keys.toArray(float[][]::new),
            Math.min(k, keys.size()));
    for (int f = 0; f < free.size(); f++) {
      double[] score = new double[leaves];
      Arrays.fill(score, Double.NEGATIVE_INFINITY);
      int[] index = nearest.index()[f];
      for (int j = 0; j < index.length; j++) {
        int l = keyLeaf.get(index[j]);
        double vote = Math.exp((nearest.cosine()[f][j] - 1) / temperature);
        score[l] = score[l] == Double.NEGATIVE_INFINITY ? vote : score[l] + vote;
      }
      out[free.get(f)[0]][free.get(f)[1]] = best(score, keep);
    }
    return out;
  }

  /** The {@code keep} highest finite scores, best first (ties: the lower label first). */
  static Ranked best(double[] scores, int keep) {
    Integer[] order =
        IntStream.range(0, scores.length)
            .filter(l -> scores[l] > Double.NEGATIVE_INFINITY)
            .boxed()
            .toArray(Integer[]::new);
    // a partial sort would do; at 2,020 labels the full one costs ~50 µs an object
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    int n = Math.min(keep, order.length);
    int[] labels = new int[n];
    double[] kept = new double[n];
    for (int j = 0; j < n; j++) {
      labels[j] = order[j];
      kept[j] = scores[order[j]];
    }
    return new Ranked(labels, kept);
  }

  /**
   * Each scene's picks: first, for each observed label without a positive leaf below it (deepest
   * first), the best free object's best open leaf below it; then the best (free object, open leaf)
   * pair, and so on. Open: neither positive nor a confirmed negative in the scene, nor picked
   * already. {@code ancestors[l]} lists every label above l.
   */
  static List<Pick> picks(
      Ranked[][] ranked, float[][] targets, float[][] known, int[][] ancestors, boolean[] leaf) {
    List<Pick> out = new ArrayList<>();
    for (int i = 0; i < ranked.length; i++) {
      out.addAll(scenePicks(i, ranked[i], targets[i], known[i], ancestors, leaf));
    }
    return out;
  }

  private static List<Pick> scenePicks(
      int scene, Ranked[] ranked, float[] t, float[] k, int[][] ancestors, boolean[] leaf) {
    List<Pick> out = new ArrayList<>();
    boolean[] covered = new boolean[t.length]; // has a positive or picked leaf below it
    boolean[] taken = new boolean[t.length];
    for (int l = 0; l < t.length; l++) {
      if (leaf[l] && t[l] > 0.5f) {
        for (int a : ancestors[l]) {
          covered[a] = true;
        }
      }
    }
    List<Integer> uncovered = new ArrayList<>();
    for (int l = 0; l < t.length; l++) {
      if (!leaf[l] && t[l] > 0.5f && !covered[l]) {
        uncovered.add(l);
      }
    }
    uncovered.sort(Comparator.comparingInt((Integer l) -> -ancestors[l].length)); // deepest first
    boolean[] done = new boolean[ranked.length];
    for (int u : uncovered) {
      if (!covered[u]) {
        Pick p = bestPair(scene, ranked, done, l -> open(l, t, k, taken) && below(l, u, ancestors));
        if (p != null) {
          take(p, taken, covered, ancestors, out);
        }
      }
    }
    Pick p;
    while ((p = bestPair(scene, ranked, done, l -> open(l, t, k, taken))) != null) {
      take(p, taken, covered, ancestors, out);
    }
    return out;
  }

  private static boolean open(int l, float[] t, float[] k, boolean[] taken) {
    return t[l] <= 0.5f && k[l] < 0.5f && !taken[l];
  }

  private static boolean below(int l, int label, int[][] ancestors) {
    for (int a : ancestors[l]) {
      if (a == label) {
        return true;
      }
    }
    return false;
  }

  /** The best-scored (free object, allowed leaf) pair; the pick's scene is {@code scene}. */
  private static Pick bestPair(
      int scene, Ranked[] ranked, boolean[] done, java.util.function.IntPredicate allowed) {
    Pick best = null;
    int bestObject = -1;
    for (int o = 0; o < ranked.length; o++) {
      if (ranked[o] == null || done[o]) {
        continue;
      }
      Ranked r = ranked[o];
      for (int j = 0; j < r.labels().length; j++) {
        if (allowed.test(r.labels()[j])) {
          if (best == null || r.scores()[j] > best.score()) {
            best = new Pick(scene, r.labels()[j], r.scores()[j]);
            bestObject = o;
          }
          break; // the rest of this object's list scores lower
        }
      }
    }
    if (best != null) {
      done[bestObject] = true;
    }
    return best;
  }

  private static void take(
      Pick p, boolean[] taken, boolean[] covered, int[][] ancestors, List<Pick> out) {
    taken[p.label()] = true;
    for (int a : ancestors[p.label()]) {
      covered[a] = true;
    }
    out.add(p);
  }

  /**
   * {@code owned} (a result nothing else holds) with the best-scored {@code share} of the picks
   * made positive and completed upward; ties keep the picks' order.
   */
  static PseudoLabels.Result fillInPlace(
      PseudoLabels hierarchy, PseudoLabels.Result owned, List<Pick> picks, double share) {
    List<Pick> sorted =
        picks.stream().sorted(Comparator.comparingDouble(Pick::score).reversed()).toList();
    int n = (int) Math.ceil(share * sorted.size());
    long added = 0;
    for (Pick p : sorted.subList(0, n)) {
      added += hierarchy.markUp(p.label(), owned.targets()[p.scene()], owned.known()[p.scene()]);
    }
    return owned.adding(added);
  }

  private static List<Integer> observedLeaves(float[] t, boolean[] leaf) {
    List<Integer> out = new ArrayList<>();
    for (int l = 0; l < t.length; l++) {
      if (leaf[l] && t[l] > 0.5f) {
        out.add(l);
      }
    }
    return out;
  }
}
