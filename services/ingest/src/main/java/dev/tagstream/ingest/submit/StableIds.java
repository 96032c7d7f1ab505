package dev.tagstream.ingest.submit;

import dev.tagstream.ingest.api.ImageIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives an image id from a file's path relative to the submitted directory, the same on every
 * run: separators become ':', and when anything else had to change (a character outside the id
 * alphabet, "..", a ':' in a name, more than 200 characters) 12 hex digits of the path's SHA-256
 * are appended so distinct files keep distinct ids.
 */
final class StableIds {
  static final int HASH_CHARS = 12;

  private StableIds() {}

  /** {@code relative} uses '/' as separator; {@code prefix} (may be empty) is put in front. */
  static String of(String prefix, String relative) {
    StringBuilder b = new StringBuilder(prefix);
    boolean changed = false;
    for (int i = 0; i < relative.length(); i++) {
      char c = relative.charAt(i);
      if (c == '/') {
        b.append(':');
      } else if (c == ':' || !ImageIds.allowedChar(c)) {
        b.append('_');
        changed = true;
      } else {
        b.append(c);
      }
    }
    String id = b.toString();
    if (id.contains("..")) {
      id = id.replace("..", "._");
      changed = true;
    }
    if (id.startsWith(".")) {
      id = "_" + id.substring(1);
      changed = true;
    }
    if (!changed && id.length() <= ImageIds.MAX_LENGTH) {
      return id;
    }
    String hash = sha256(relative).substring(0, HASH_CHARS);
    int keep = ImageIds.MAX_LENGTH - HASH_CHARS - 1;
    String head = id.length() > keep ? id.substring(0, keep) : id;
    return head + "-" + hash;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
