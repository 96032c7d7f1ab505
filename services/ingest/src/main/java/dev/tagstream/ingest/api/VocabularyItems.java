package dev.tagstream.ingest.api;

import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.model.labels.GrownVocabulary;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Parses one vocabulary change: {@code {"name","parents","source"}} adds a label whose parents are
 * in the vocabulary already; {@code {"name","deprecated":true}} deprecates one (new models drop it;
 * adding it again revives it). Names follow {@link LabelRule}; the base vocabulary is {@code
 * ingest.vocabulary}, else the current model's labels.
 */
final class VocabularyItems implements ItemParser<VocabularyEntry> {
  static final Set<String> FIELDS =
      new LinkedHashSet<>(List.of("name", "parents", "deprecated", "source"));
  static final int MAX_PARENTS = 32;

  private final Supplier<Vocabulary> base;
  private final AddedLabels added;
  private final Clock clock;
  private final String defaultSource;

  /** {@code base} may supply null: no base vocabulary, only added labels. */
  VocabularyItems(Supplier<Vocabulary> base, AddedLabels added, Clock clock, String defaultSource) {
    this.base = base;
    this.added = added;
    this.clock = clock;
    this.defaultSource = defaultSource;
  }

  @Override
  public Parsed<VocabularyEntry> parse(JsonItem item) {
    if (!item.isObject()) {
      return Parsed.notAnObject(item);
    }
    ItemFields f = new ItemFields(item, FIELDS);
    String name = f.text("name", true);
    if (name != null) {
      LabelRule.syntaxProblem(name).ifPresent(m -> f.error("name", m));
    }
    List<String> parents = f.strings("parents");
    if (parents.size() > MAX_PARENTS) {
      f.error("parents", "has " + parents.size() + " labels; at most " + MAX_PARENTS + " allowed");
    }
    for (int i = 0; i < parents.size(); i++) {
      int at = i;
      LabelRule.syntaxProblem(parents.get(i)).ifPresent(m -> f.error("parents[" + at + "]", m));
    }
    boolean deprecate = f.flag("deprecated", false);
    String source = f.source(defaultSource);
    if (source != null && source.length() > ImageItems.MAX_SOURCE) {
      f.error("source", "is at most " + ImageItems.MAX_SOURCE + " characters long");
    }
    if (f.hasErrors()) {
      return Parsed.invalid(name, f.errors());
    }
    Vocabulary file = base.get();
    List<GrownVocabulary.Entry> entries = new ArrayList<>();
    added.entries().forEach(e -> entries.add(entry(e)));
    Optional<Vocabulary> active = active(file, entries);
    boolean known = active.map(v -> v.contains(name)).orElse(false);
    List<String> keptParents = parents;
    if (deprecate) {
      if (!parents.isEmpty()) {
        f.error("parents", "must be absent when deprecating; the label keeps its parents");
      } else if (!known && added.entry(name).isEmpty()) {
        f.error("name", "unknown label " + Texts.quote(name) + "; nothing to deprecate");
      } else {
        keptParents = parentsOf(name, file);
      }
    } else if (known) {
      f.error("name", "label " + Texts.quote(name) + " is in the vocabulary already");
    } else {
      for (int i = 0; i < parents.size(); i++) {
        String p = parents.get(i);
        if (p.equals(name)) {
          f.error("parents[" + i + "]", "a label cannot be its own parent");
        } else if (!active.map(v -> v.contains(p)).orElse(false)) {
          f.error(
              "parents[" + i + "]",
              "unknown label "
                  + Texts.quote(p)
                  + "; add it first (deprecated labels cannot be parents)");
        }
      }
      if (!f.hasErrors()) {
        entries.add(new GrownVocabulary.Entry(name, parents, false));
        try {
          GrownVocabulary.active(file, entries);
        } catch (VocabularyException e) {
          f.error("parents", e.getMessage());
        }
      }
    }
    if (f.hasErrors()) {
      return Parsed.invalid(name, f.errors());
    }
    return Parsed.ok(
        name,
        VocabularyEntry.newBuilder()
            .setName(name)
            .setParents(keptParents)
            .setAddedBy(source)
            .setAddedAt(clock.instant())
            .setDeprecated(deprecate)
            .build());
  }

  /** A deprecation keeps the label's parents: the newest entry's, else the file's. */
  private List<String> parentsOf(String name, Vocabulary file) {
    Optional<VocabularyEntry> e = added.entry(name);
    if (e.isPresent()) {
      return e.get().getParents();
    }
    return file.defs().get(file.indexOf(name)).parents();
  }

  /** Empty when nothing is active (no base and every added label deprecated). */
  static Optional<Vocabulary> active(Vocabulary file, List<GrownVocabulary.Entry> entries) {
    try {
      return Optional.of(GrownVocabulary.active(file, entries));
    } catch (VocabularyException e) {
      return Optional.empty(); // "vocabulary is empty": ingest checked every entry it wrote
    }
  }

  /** The base vocabulary grown by the labels added on the topic ({@link #active}). */
  static Optional<Vocabulary> activeWithAdded(Vocabulary base, List<VocabularyEntry> added) {
    return active(base, added.stream().map(VocabularyItems::entry).toList());
  }

  static GrownVocabulary.Entry entry(VocabularyEntry e) {
    return new GrownVocabulary.Entry(e.getName(), e.getParents(), e.getDeprecated());
  }
}
