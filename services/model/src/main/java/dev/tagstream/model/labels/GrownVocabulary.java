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
 * An added label already in the file changes nothing (the file is the reviewed source); a parent
 * that is not in the result is left out of its child's parents, so dropping a label never breaks
 * its children.
 */
public final class GrownVocabulary {
  private GrownVocabulary() {}

  public static Vocabulary of(Vocabulary file, Collection<LabelDef> added, Set<String> dropped) {
    Map<String, LabelDef> byName = new LinkedHashMap<>();
    for (LabelDef d : file.defs()) {
      byName.put(d.name(), d);
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
