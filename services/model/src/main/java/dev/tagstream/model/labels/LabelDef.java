package dev.tagstream.model.labels;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One vocabulary entry: a label name, its parent labels, and any extra fields carried through
 * unchanged.
 */
public record LabelDef(String name, List<String> parents, Map<String, Object> extra) {
  public LabelDef {
    Objects.requireNonNull(name, "label name");
    if (name.isBlank()) {
      throw new VocabularyException("label name must not be blank");
    }
    parents = parents == null ? List.of() : List.copyOf(parents);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public LabelDef(String name, List<String> parents) {
    this(name, parents, Map.of());
  }
}
