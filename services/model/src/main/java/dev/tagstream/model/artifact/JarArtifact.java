package dev.tagstream.model.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * An artifact that ships inside the jar as class-path resources, copied once into a cache directory
 * named by the hash of every file, because training and serving read weights from a path. The one
 * rule the shipped backbone and the starter model share: a build with any changed file never reuses
 * an older copy, the copy appears atomically (two processes unpacking at once both end with a whole
 * directory), and anything missing or corrupt is an {@link ArtifactException}, never a silent
 * fallback.
 *
 * @param name directory name prefix under the cache root
 * @param files artifact file name → class-path resource it is copied from
 * @param what how errors name it ("the shipped backbone")
 */
record JarArtifact(String name, Map<String, String> files, String what) {

  /**
   * Unpacks (once) under cacheRoot and loads it; {@link ModelArtifact#load} verifies the weights'
   * hashes.
   */
  ModelArtifact load(Path cacheRoot) {
    Path dir = cacheRoot.resolve(name + "-" + digest().substring(0, 16));
    if (!Files.isDirectory(dir)) {
      unpack(dir);
    }
    return ModelArtifact.load(dir);
  }

  private InputStream open(String file) {
    InputStream in = JarArtifact.class.getResourceAsStream(files.get(file));
    if (in == null) {
      throw new ArtifactException(
          Path.of(files.get(file)), what + "'s " + file + " is missing from this build");
    }
    return in;
  }

  private String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String f : files.keySet().stream().sorted().toList()) {
        try (InputStream in = open(f)) {
          sha.update(f.getBytes(StandardCharsets.UTF_8));
          sha.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new ArtifactException(Path.of(name), "cannot read " + what + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void unpack(Path dir) {
    Path tmp = null;
    try {
      Files.createDirectories(dir.getParent());
      tmp = Files.createTempDirectory(dir.getParent(), ".unpack-");
      for (String f : files.keySet()) {
        try (InputStream in = open(f)) {
          Files.copy(in, tmp.resolve(f));
        }
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        if (!Files.isDirectory(dir)) { // another process unpacked it first otherwise
          throw e;
        }
      }
    } catch (IOException e) {
      throw new ArtifactException(dir, "cannot unpack " + what + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        Directories.deleteQuietly(tmp); // gone already after the move
      }
    }
  }
}
