package dev.tagstream.ingest.api;

import dev.tagstream.contracts.ImageReference;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one image reference: {@code {"id","uri","source","attributes","labels","negatives"}}, the
 * manifest line format plus {@code source} and {@code attributes}.
 */
final class ImageItems implements ItemParser<ImageReference> {
  static final Set<String> FIELDS =
      new LinkedHashSet<>(List.of("id", "uri", "source", "attributes", "labels", "negatives"));
  static final int MAX_SOURCE = 200;
  static final int MAX_ATTRIBUTES = 64;
  static final int MAX_ATTRIBUTE_LENGTH = 1000;

  private final UriRule uris;
  private final LabelRule labels;
  private final Clock clock;
  private final String defaultSource;

  ImageItems(UriRule uris, LabelRule labels, Clock clock, String defaultSource) {
    this.uris = uris;
    this.labels = labels;
    this.clock = clock;
    this.defaultSource = defaultSource;
  }

  @Override
  public Parsed<ImageReference> parse(JsonItem item) {
    if (!item.isObject()) {
      return Parsed.notAnObject(item);
    }
    ItemFields f = new ItemFields(item, FIELDS);
    String id = f.imageId();
    String uri = f.text("uri", true);
    if (uri != null) {
      uris.problem(uri).ifPresent(m -> f.error("uri", m));
    }
    String source = f.source(defaultSource);
    if (source.length() > MAX_SOURCE) {
      f.error(
          "source",
          "is " + source.length() + " characters long; at most " + MAX_SOURCE + " allowed");
    }
    Map<String, String> attributes =
        f.stringMap("attributes", MAX_ATTRIBUTES, MAX_ATTRIBUTE_LENGTH);
    List<String> positives = checkedLabels(f, "labels");
    List<String> negatives = checkedLabels(f, "negatives");
    if (!positives.isEmpty() && !negatives.isEmpty()) {
      Set<String> both = new HashSet<>(positives);
      both.retainAll(negatives);
      if (!both.isEmpty()) {
        f.error(
            "negatives", "labels both positive and negative: " + both.stream().sorted().toList());
      }
    }
    if (f.hasErrors()) {
      return Parsed.invalid(id, f.errors());
    }
    // The constructor, not the builder: the builder's per-field checks and default look-ups cost
    // more than the
    // record, and every field here is already known to be non-null.
    return Parsed.ok(
        id,
        new ImageReference(
            id, uri, clock.instant(), source, Map.copyOf(attributes), positives, negatives));
  }

  private List<String> checkedLabels(ItemFields f, String field) {
    List<String> names = f.strings(field);
    for (int i = 0; i < names.size(); i++) {
      int at = i;
      labels.problem(names.get(i)).ifPresent(m -> f.error(field + "[" + at + "]", m));
    }
    return names;
  }
}
