package dev.tagstream.model.labels;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ordered label space with its child-implies-parent hierarchy; index i is head output i. */
public final class Vocabulary {
  // Trailing tokens refused: "[...] junk" is a damaged file, not a vocabulary followed by noise.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final List<LabelDef> defs;
  private final Map<String, Integer> index;
  private final int[][] parentIdx;
  private final int[][] childIdx;

  private Vocabulary(List<LabelDef> defs) {
    this.defs = List.copyOf(defs);
    this.index = new HashMap<>();
    for (int i = 0; i < defs.size(); i++) {
      if (index.put(defs.get(i).name(), i) != null) {
        throw new VocabularyException("duplicate label '" + defs.get(i).name() + "'");
      }
    }
    parentIdx = new int[defs.size()][];
    List<List<Integer>> children = new ArrayList<>();
    defs.forEach(d -> children.add(new ArrayList<>()));
    for (int i = 0; i < defs.size(); i++) {
      LabelDef d = defs.get(i);
      parentIdx[i] = new int[d.parents().size()];
      for (int j = 0; j < d.parents().size(); j++) {
        Integer p = index.get(d.parents().get(j));
        if (p == null) {
          throw new VocabularyException(
              "label '" + d.name() + "' has unknown parent '" + d.parents().get(j) + "'");
        }
        parentIdx[i][j] = p;
        children.get(p).add(i);
      }
    }
    childIdx =
        children.stream()
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    rejectCycles();
  }

  public static Vocabulary of(List<LabelDef> defs) {
    if (defs.isEmpty()) {
      throw new VocabularyException("vocabulary is empty");
    }
    return new Vocabulary(defs);
  }

  public static Vocabulary load(Path labelsJson) {
    List<Map<String, Object>> raw;
    try {
      raw = JSON.readValue(labelsJson.toFile(), new TypeReference<List<Map<String, Object>>>() {});
    } catch (IOException e) {
      throw new VocabularyException(
          "cannot read vocabulary " + labelsJson + ": " + e.getMessage(), e);
    }
    if (raw == null) { // the file holds just "null"
      throw new VocabularyException(
          labelsJson + ": not a JSON array of {\"name\", \"parents\"} objects");
    }
    List<LabelDef> defs = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      if (raw.get(i) == null) {
        throw new VocabularyException(labelsJson + ": entry " + i + " is null, not an object");
      }
      Map<String, Object> m = new LinkedHashMap<>(raw.get(i));
      Object name = m.remove("name");
      Object parents = m.remove("parents");
      if (!(name instanceof String)) {
        throw new VocabularyException(labelsJson + ": entry " + i + " has no string 'name'");
      }
      if (parents != null && !(parents instanceof List<?>)) {
        throw new VocabularyException(
            labelsJson + ": label '" + name + "' has non-array 'parents'");
      }
      List<String> ps = new ArrayList<>();
      if (parents != null) {
        ((List<?>) parents).forEach(p -> ps.add(String.valueOf(p)));
      }
      defs.add(new LabelDef((String) name, ps, m));
    }
    return of(defs);
  }

  public void write(Path file) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LabelDef d : defs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", d.name());
      m.put("parents", d.parents());
      m.putAll(d.extra());
      out.add(m);
    }
    try {
      JSON.writeValue(file.toFile(), out);
    } catch (IOException e) {
      throw new VocabularyException("cannot write vocabulary " + file + ": " + e.getMessage(), e);
    }
  }

  public int size() {
    return defs.size();
  }

  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  public boolean contains(String name) {
    return index.containsKey(name);
  }

  public String name(int i) {
    return defs.get(i).name();
  }

  public List<String> names() {
    return defs.stream().map(LabelDef::name).toList();
  }

  public List<LabelDef> defs() {
    return defs;
  }

  /** Indexes of label i's parents (a copy). */
  public int[] parents(int i) {
    return parentIdx[i].clone();
  }

  /** Indexes of label i's children (a copy). */
  public int[] children(int i) {
    return childIdx[i].clone();
  }

  /** Which labels are leaves (have no children): the objects themselves, in EmojiScenes. */
  public boolean[] leaves() {
    boolean[] out = new boolean[childIdx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = childIdx[i].length == 0;
    }
    return out;
  }

  /**
   * Each label's level name: its {@code level} field where every label has one (EmojiScenes:
   * category, subcategory, emoji), else "depth-N", N being the length of its longest chain of
   * parents (0 = a root).
   */
  public String[] levels() {
    String[] out = new String[defs.size()];
    boolean named = defs.stream().allMatch(d -> d.extra().get("level") instanceof String);
    int[] depth = new int[defs.size()];
    java.util.Arrays.fill(depth, -1);
    for (int i = 0; i < out.length; i++) {
      out[i] = named ? (String) defs.get(i).extra().get("level") : "depth-" + depth(i, depth);
    }
    return out;
  }

  // longest parent chain, memoised; the hierarchy has no cycles (checked at construction)
  private int depth(int i, int[] memo) {
    if (memo[i] < 0) {
      int d = 0;
      for (int p : parentIdx[i]) {
        d = Math.max(d, depth(p, memo) + 1);
      }
      memo[i] = d;
    }
    return memo[i];
  }

  /**
   * Every label's ancestors as indexes (parents, their parents, ...; each once), by label index.
   */
  public int[][] ancestors() {
    int[][] out = new int[defs.size()][];
    for (int j = 0; j < out.length; j++) {
      Set<Integer> seen = new LinkedHashSet<>();
      Deque<Integer> todo = new ArrayDeque<>();
      for (int p : parentIdx[j]) {
        todo.add(p);
      }
      while (!todo.isEmpty()) {
        int a = todo.poll();
        if (seen.add(a)) {
          for (int p : parentIdx[a]) {
            todo.add(p);
          }
        }
      }
      out[j] = seen.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /**
   * Positives plus all their ancestors: a child label implies its parents. Unknown names are kept
   * as given.
   */
  public Set<String> completeUp(Collection<String> positives) {
    return closure(positives, parentIdx);
  }

  /** Negatives plus all their descendants: if a parent is absent, so is every child. */
  public Set<String> completeDown(Collection<String> negatives) {
    return closure(negatives, childIdx);
  }

  /**
   * SHA-256 hex over the ordered names and parents, so two vocabularies agree iff their heads
   * agree.
   */
  public String hash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (LabelDef d : defs) {
        md.update(d.name().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        for (String p : d.parents()) {
          md.update(p.getBytes(StandardCharsets.UTF_8));
          md.update((byte) 1);
        }
        md.update((byte) 2);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Set<String> closure(Collection<String> start, int[][] edges) {
    Set<String> out = new LinkedHashSet<>(start);
    Deque<Integer> todo = new ArrayDeque<>();
    for (String s : start) {
      Integer i = index.get(s);
      if (i != null) {
        todo.add(i);
      }
    }
    while (!todo.isEmpty()) {
      for (int n : edges[todo.pop()]) {
        if (out.add(defs.get(n).name())) {
          todo.add(n);
        }
      }
    }
    return out;
  }

  // Iterative three-colour DFS; reports one label on the cycle so the file can be fixed.
  private void rejectCycles() {
    int[] state = new int[defs.size()];
    for (int s = 0; s < defs.size(); s++) {
      if (state[s] != 0) {
        continue;
      }
      Deque<int[]> stack = new ArrayDeque<>();
      stack.push(new int[] {s, 0});
      state[s] = 1;
      while (!stack.isEmpty()) {
        int[] top = stack.peek();
        if (top[1] < parentIdx[top[0]].length) {
          int p = parentIdx[top[0]][top[1]++];
          if (state[p] == 1) {
            throw new VocabularyException(
                "label hierarchy has a cycle through '"
                    + defs.get(p).name()
                    + "' (parent of '"
                    + defs.get(top[0]).name()
                    + "')");
          }
          if (state[p] == 0) {
            state[p] = 1;
            stack.push(new int[] {p, 0});
          }
        } else {
          state[top[0]] = 2;
          stack.pop();
        }
      }
    }
  }
}
