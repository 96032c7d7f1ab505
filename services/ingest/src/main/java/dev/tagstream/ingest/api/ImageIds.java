package dev.tagstream.ingest.api;

import java.util.Optional;

/**
 * The image id rule: 1-200 of {@code [A-Za-z0-9._:-]}, not starting with '.', no "..". Ids become
 * record keys and file names downstream, so anything that could walk a path or hide a file is
 * refused.
 */
public final class ImageIds {
  public static final int MAX_LENGTH = 200;

  private ImageIds() {}

  /** Empty when valid, else what is wrong, phrased to follow "id ". */
  public static Optional<String> problem(String id) {
    if (id.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (id.length() > MAX_LENGTH) {
      return Optional.of(
          "is " + id.length() + " characters long; at most " + MAX_LENGTH + " allowed");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!allowedChar(c)) {
        return Optional.of(
            "contains "
                + Texts.describe(c)
                + " at position "
                + i
                + "; allowed are letters A-Z a-z, digits, '.', '_', ':' and '-'");
      }
    }
    if (id.charAt(0) == '.') {
      return Optional.of("must not start with '.'");
    }
    if (id.contains("..")) {
      return Optional.of("must not contain '..'");
    }
    return Optional.empty();
  }

  public static boolean valid(String id) {
    return problem(id).isEmpty();
  }

  /** Whether {@code c} belongs to the id alphabet. */
  public static boolean allowedChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == ':'
        || c == '-';
  }
}
