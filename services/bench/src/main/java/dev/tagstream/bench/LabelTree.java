package dev.tagstream.bench;

import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/** Parent and child indexes of every label of a vocabulary (the hierarchy as arrays, for pseudo-labelling). */
final class LabelTree {
  private final int[][] parents;
  private final int[][] children;

  private LabelTree(int[][] parents, int[][] children) {
    this.parents = parents;
    this.children = children;
  }

  static LabelTree of(Vocabulary vocab) {
    int c = vocab.size();
    List<List<Integer>> kids = new ArrayList<>();
    int[][] parents = new int[c][];
    for (int i = 0; i < c; i++) {
      kids.add(new ArrayList<>());
    }
    for (int i = 0; i < c; i++) {
      LabelDef d = vocab.defs().get(i);
      parents[i] = d.parents().stream().mapToInt(vocab::indexOf).toArray();
      for (int p : parents[i]) {
        kids.get(p).add(i);
      }
    }
    int[][] children = kids.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    return new LabelTree(parents, children);
  }

  int size() {
    return parents.length;
  }

  int[] parents(int label) {
    return parents[label];
  }

  int[] children(int label) {
    return children[label];
  }

  /** Every label's ancestors (parents, their parents, ...), each once. */
  int[][] ancestors() {
    int[][] out = new int[parents.length][];
    for (int j = 0; j < parents.length; j++) {
      java.util.LinkedHashSet<Integer> seen = new java.util.LinkedHashSet<>();
      java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
      for (int p : parents[j]) {
        todo.add(p);
      }
      while (!todo.isEmpty()) {
        int a = todo.poll();
        if (seen.add(a)) {
          for (int p : parents[a]) {
            todo.add(p);
          }
        }
      }
      out[j] = seen.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }
}
