package dev.tagstream.model.data;

import dev.tagstream.model.labels.Vocabulary;
import java.util.Collection;
import java.util.Set;

/**
 * Target (1 = positive) and known-mask (1 = positive or confirmed negative) rows over a vocabulary,
 * after hierarchy completion: positives upward, negatives downward. Unknown = target 0, known 0.
 */
public final class LabelTargets {
  private final Vocabulary vocabulary;
  private final boolean strict;

  /**
   * @param strict if true, a label missing from the vocabulary is an error; otherwise it is
   *     skipped.
   */
  public LabelTargets(Vocabulary vocabulary, boolean strict) {
    this.vocabulary = vocabulary;
    this.strict = strict;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Fills target[c] and known[c] (length = vocabulary size) for one image. */
  public void fill(
      Collection<String> positives, Collection<String> negatives, float[] target, float[] known) {
    Set<String> pos = vocabulary.completeUp(positives);
    Set<String> neg = vocabulary.completeDown(negatives);
    for (String n : neg) {
      int i = index(n);
      if (i >= 0) {
        known[i] = 1f;
      }
    }
    // positives win over a conflicting inherited negative: evidence for the child is direct
    for (String p : pos) {
      int i = index(p);
      if (i >= 0) {
        target[i] = 1f;
        known[i] = 1f;
      }
    }
  }

  public float[] targets(ManifestEntry e) {
    float[] t = new float[vocabulary.size()];
    fill(e.positives(), e.negatives(), t, new float[vocabulary.size()]);
    return t;
  }

  public float[] known(ManifestEntry e) {
    float[] k = new float[vocabulary.size()];
    fill(e.positives(), e.negatives(), new float[vocabulary.size()], k);
    return k;
  }

  private int index(String name) {
    int i = vocabulary.indexOf(name);
    if (i < 0 && strict) {
      throw new IllegalArgumentException("label '" + name + "' is not in the vocabulary");
    }
    return i;
  }
}
