package dev.tagstream.model.data;

import java.util.List;
import java.util.Objects;

/**
 * One manifest line: an image and its known positive and confirmed-negative labels; the rest are
 * unknown.
 */
public record ManifestEntry(String id, String uri, List<String> positives, List<String> negatives) {
  public ManifestEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uri, "uri");
    positives = positives == null ? List.of() : List.copyOf(positives);
    negatives = negatives == null ? List.of() : List.copyOf(negatives);
  }
}
