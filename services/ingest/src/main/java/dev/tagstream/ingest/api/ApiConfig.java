package dev.tagstream.ingest.api;

import dev.tagstream.model.labels.Vocabulary;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The API's validated configuration. {@code token} null: no authentication. {@code vocabulary} null: label
 * names are only checked syntactically.
 */
public record ApiConfig(
    String token, int maxBodyBytes, int maxBatch, Set<String> uriSchemes, Vocabulary vocabulary, Duration produceTimeout) {

  public ApiConfig {
    if (maxBodyBytes < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("maxBodyBytes and maxBatch must be positive");
    }
    uriSchemes = Set.copyOf(uriSchemes);
    Objects.requireNonNull(produceTimeout, "produceTimeout");
  }
}
