package dev.tagstream.ingest.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Renders user input inside error messages without letting control characters or huge values
 * through.
 */
final class Texts {
  private Texts() {}

  static String describe(char c) {
    if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
      return String.format("U+%04X", (int) c);
    }
    return "'" + c + "'";
  }

  /** At most 80 characters of a value, quoted. */
  static String quote(String s) {
    String cut = s.length() > 80 ? s.substring(0, 77) + "..." : s;
    StringBuilder b = new StringBuilder("'");
    for (char c : cut.toCharArray()) {
      b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append('\'').toString();
  }

  /**
   * A name as one URL path segment: percent-encoded, a space as %20 (not '+', which is literal).
   */
  static String pathSegment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
