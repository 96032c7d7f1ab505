package dev.tagstream.ingest.api;

import dev.tagstream.model.labels.Vocabulary;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The API's validated configuration. {@code token} null: no authentication. {@code
 * reviewRequiresToken}: the review pages need the token too. {@code vocabulary} null: label names
 * are only checked syntactically.
 */
public record ApiConfig(
    String token,
    boolean reviewRequiresToken,
    int maxBodyBytes,
    int maxBatch,
    Set<String> uriSchemes,
    Vocabulary vocabulary,
    Duration produceTimeout) {

  public ApiConfig {
    if (maxBodyBytes < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("maxBodyBytes and maxBatch must be positive");
    }
    if (reviewRequiresToken && token == null) {
      throw new IllegalArgumentException(
          "the review pages cannot require a token when none is configured");
    }
    uriSchemes = Set.copyOf(uriSchemes);
    Objects.requireNonNull(produceTimeout, "produceTimeout");
  }
}
