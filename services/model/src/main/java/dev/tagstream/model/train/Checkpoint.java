package dev.tagstream.model.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.tagstream.model.artifact.ArtifactJson;
import dev.tagstream.model.artifact.EpochRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Per-epoch checkpoint: last.params, best.params, optimizer.bin (Adam's moment estimates) and
 * state.json (written last, atomically). A resume continues after the saved epoch with the same
 * shuffles, learning-rate step and Adam state, so it ends with the weights an uninterrupted run
 * would have.
 */
final class Checkpoint {
  record State(
      String fingerprint, int epoch, int bestEpoch, double bestMap, List<EpochRecord> history) {}

  static final String STATE = "state.json";
  static final String LAST = "last.params";
  static final String BEST = "best.params";
  static final String OPTIMIZER = "optimizer.bin";

  private Checkpoint() {}

  static void save(Path dir, State state, byte[] last, byte[] best, byte[] optimizer)
      throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(LAST), last);
    Files.write(dir.resolve(BEST), best);
    Files.write(dir.resolve(OPTIMIZER), optimizer);
    Path tmp = dir.resolve(STATE + ".tmp");
    ArtifactJson.MAPPER.writeValue(tmp.toFile(), state);
    Files.move(
        tmp,
        dir.resolve(STATE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The saved state when it exists and was written by the same configuration. */
  static Optional<State> find(Path dir, String fingerprint) throws IOException {
    if (dir == null || !Files.exists(dir.resolve(STATE))) {
      return Optional.empty();
    }
    State s = ArtifactJson.MAPPER.readValue(dir.resolve(STATE).toFile(), State.class);
    return s.fingerprint().equals(fingerprint) ? Optional.of(s) : Optional.empty();
  }

  static byte[] read(Path dir, String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }

  /** A file a checkpoint from an older version may lack. */
  static Optional<byte[]> readOptional(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  static byte[] snapshot(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot snapshot parameters", e);
    }
    return bytes.toByteArray();
  }

  static void restore(Block block, NDManager manager, byte[] params) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
      block.loadParameters(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException("cannot restore parameters", e);
    }
  }
}
