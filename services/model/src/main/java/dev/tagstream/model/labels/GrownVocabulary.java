package dev.tagstream.model.labels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for a vocabulary that grows: the file's labels in their order, then the added labels
 * by name (so every reader of the same entries gets the same head order), minus the dropped ones.
 * An added label already in the file keeps the file's definition (the file is the reviewed source);
 * a parent that is not in the result is left out of its child's parents, so dropping a label never
 * breaks its children.
 */
public final class GrownVocabulary {
  private GrownVocabulary() {}

  /** One label added (or deprecated) after the file, as the vocabulary topic holds it. */
  public record Entry(String name, List<String> parents, boolean deprecated) {
    public Entry {
      parents = List.copyOf(parents);
    }
  }

  /** What new models train on: the file's labels and the added ones, the deprecated left out. */
  public static Vocabulary active(Vocabulary file, Collection<Entry> entries) {
    Set<String> deprecated = new HashSet<>();
    List<LabelDef> added = new ArrayList<>();
    for (Entry e : entries) {
      if (e.deprecated()) {
        deprecated.add(e.name());
      } else {
        added.add(new LabelDef(e.name(), e.parents()));
      }
    }
    return of(file, added, deprecated);
  }

  /** Every label a confirmation may name: deprecated ones too, whose evidence still counts. */
  public static Vocabulary known(Vocabulary file, Collection<Entry> entries) {
    return of(
        file, entries.stream().map(e -> new LabelDef(e.name(), e.parents())).toList(), Set.of());
  }

  /** {@code file} may be null (no file: the added labels alone); an empty result is refused. */
  public static Vocabulary of(Vocabulary file, Collection<LabelDef> added, Set<String> dropped) {
    Map<String, LabelDef> byName = new LinkedHashMap<>();
    if (file != null) {
      for (LabelDef d : file.defs()) {
        byName.put(d.name(), d);
      }
    }
    added.stream()
        .sorted(Comparator.comparing(LabelDef::name))
        .forEach(d -> byName.putIfAbsent(d.name(), d));
    Set<String> kept = new HashSet<>(byName.keySet());
    kept.removeAll(dropped);
    List<LabelDef> defs = new ArrayList<>();
    for (LabelDef d : byName.values()) {
      if (kept.contains(d.name())) {
        List<String> parents = d.parents().stream().filter(kept::contains).toList();
        defs.add(
            parents.size() == d.parents().size() ? d : new LabelDef(d.name(), parents, d.extra()));
      }
    }
    return Vocabulary.of(defs);
  }
}
