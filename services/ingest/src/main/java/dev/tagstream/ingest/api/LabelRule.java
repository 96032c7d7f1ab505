package dev.tagstream.ingest.api;

import dev.tagstream.model.labels.Vocabulary;
import java.util.Optional;

/**
 * Label names: 1-200 characters, no control characters, no surrounding spaces; and, when a
 * vocabulary is configured, a name it contains or one added on the vocabulary topic. Without a
 * vocabulary only the syntax is checked.
 */
final class LabelRule {
  static final int MAX_LENGTH = 200;

  private final Vocabulary vocabulary;
  private final AddedLabels added;

  /** {@code vocabulary} may be null: names are then checked syntactically only. */
  LabelRule(Vocabulary vocabulary, AddedLabels added) {
    this.vocabulary = vocabulary;
    this.added = added;
  }

  LabelRule(Vocabulary vocabulary) {
    this(vocabulary, AddedLabels.NONE);
  }

  /** The configured vocabulary, or null. */
  Vocabulary configured() {
    return vocabulary;
  }

  /** Empty when acceptable, else what is wrong. */
  Optional<String> problem(String name) {
    Optional<String> syntax = syntaxProblem(name);
    if (syntax.isPresent()) {
      return syntax;
    }
    if (vocabulary != null && !vocabulary.contains(name) && added.entry(name).isEmpty()) {
      return Optional.of(
          "unknown label "
              + Texts.quote(name)
              + " (not among the "
              + vocabulary.size()
              + " labels of the configured vocabulary, nor added by POST /v1/vocabulary)");
    }
    return Optional.empty();
  }

  /** Only the name's form, for a label that is about to be added. */
  static Optional<String> syntaxProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("label name must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of(
          "label name is "
              + name.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " allowed");
    }
    if (!name.strip().equals(name)) {
      return Optional.of("label name " + Texts.quote(name) + " has leading or trailing whitespace");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return Optional.of(
            "label name contains " + Texts.describe(name.charAt(i)) + " at position " + i);
      }
    }
    return Optional.empty();
  }
}
