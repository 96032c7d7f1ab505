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
}
