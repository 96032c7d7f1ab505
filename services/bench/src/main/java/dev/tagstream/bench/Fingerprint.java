package dev.tagstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short content hashes: a cache of embeddings is valid only for the exact backbone weights that
 * made it.
 */
final class Fingerprint {
  private Fingerprint() {}

  static String ofFile(Path file) throws IOException {
    return of(Files.readAllBytes(file));
  }

  static String of(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
