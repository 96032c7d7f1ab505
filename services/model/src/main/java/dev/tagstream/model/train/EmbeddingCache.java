package dev.tagstream.model.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backbone embeddings by image id for one backbone version, persisted to a file so head-only
 * retraining does not decode images again. A file written for another backbone version or dimension
 * loads as empty (stale).
 */
public final class EmbeddingCache {
  private static final int MAGIC = 0x54534543; // "TSEC"
  private final String backboneVersion;
  private final int dim;
  private final Map<String, float[]> byId = new LinkedHashMap<>();

  public EmbeddingCache(String backboneVersion, int dim) {
    this.backboneVersion = backboneVersion;
    this.dim = dim;
  }

  public static EmbeddingCache load(Path file, String backboneVersion, int dim) throws IOException {
    EmbeddingCache c = new EmbeddingCache(backboneVersion, dim);
    if (file == null || !Files.exists(file)) {
      return c;
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || !in.readUTF().equals(backboneVersion) || in.readInt() != dim) {
        return c;
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
          v[j] = in.readFloat();
        }
        c.byId.put(id, v);
      }
    }
    return c;
  }

  /** Writes to a temp file and renames, so a crash leaves the old cache intact. */
  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(MAGIC);
      out.writeUTF(backboneVersion);
      out.writeInt(dim);
      out.writeInt(byId.size());
      for (Map.Entry<String, float[]> e : byId.entrySet()) {
        out.writeUTF(e.getKey());
        for (float f : e.getValue()) {
          out.writeFloat(f);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public float[] get(String id) {
    return byId.get(id);
  }

  public void put(String id, float[] embedding) {
    if (embedding.length != dim) {
      throw new IllegalArgumentException(
          "embedding of " + id + " has " + embedding.length + " values, expected " + dim);
    }
    byId.put(id, embedding.clone());
  }

  public int size() {
    return byId.size();
  }

  public String backboneVersion() {
    return backboneVersion;
  }

  public int dim() {
    return dim;
  }
}
