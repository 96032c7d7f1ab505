package dev.tagstream.bench.peers;

import ai.djl.Device;
import dev.tagstream.core.images.ImageDecoder;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.infer.Scorer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Do the peers score the model tagstream scores? Probabilities of the same image files from
 * tagstream's decoder, preprocessor and scorer, and from the peers' PIL decoding and TorchScript
 * module, compared label by label.
 */
public final class PeerAgreement {
  /**
   * The largest |p_tagstream - p_peer| over every image and label, and how many values were
   * compared.
   */
  public record Result(double maxAbsDiff, int images, long values) {}

  private PeerAgreement() {}

  public static Result check(
      ModelArtifact artifact,
      PythonPeers python,
      Path torchScript,
      List<Path> files,
      int batch,
      Path work)
      throws IOException {
    List<float[]> ours = tagstream(artifact, files, batch);
    float[] theirs = peer(artifact, python, torchScript, files, batch, work);
    int labels = artifact.vocabulary().size();
    if (theirs.length != files.size() * labels) {
      throw new IllegalStateException(
          "the peer gave "
              + theirs.length
              + " probabilities for "
              + files.size()
              + " images x "
              + labels
              + " labels");
    }
    double max = 0;
    for (int i = 0; i < ours.size(); i++) {
      float[] row = ours.get(i);
      for (int j = 0; j < labels; j++) {
        max = Math.max(max, Math.abs(row[j] - theirs[i * labels + j]));
      }
    }
    return new Result(max, files.size(), (long) files.size() * labels);
  }

  private static List<float[]> tagstream(ModelArtifact artifact, List<Path> files, int batch)
      throws IOException {
    ImageDecoder decoder = new ImageDecoder(40_000_000);
    List<float[]> out = new ArrayList<>();
    try (Scorer scorer = Scorer.open(artifact, Device.cpu())) {
      List<float[]> pending = new ArrayList<>();
      for (Path f : files) {
        pending.add(scorer.preprocessor().toTensorData(decoder.decode(Files.readAllBytes(f))));
        if (pending.size() == batch) {
          out.addAll(scorer.score(pending).probabilities());
          pending.clear();
        }
      }
      out.addAll(scorer.score(pending).probabilities());
    }
    return out;
  }

  private static float[] peer(
      ModelArtifact artifact,
      PythonPeers python,
      Path torchScript,
      List<Path> files,
      int batch,
      Path work)
      throws IOException {
    Path list = work.resolve("agreement-files.txt");
    Files.write(list, files.stream().map(Path::toString).toList());
    Path out = work.resolve("agreement-probabilities.bin");
    python.scriptOrThrow(
        "peer.py",
        List.of(
            "score",
            "--model",
            torchScript.toString(),
            "--artifact",
            artifact.dir().toString(),
            "--batch",
            Integer.toString(batch),
            "--files",
            list.toString(),
            "--out",
            out.toString()),
        600);
    FloatBuffer fb =
        ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] v = new float[fb.remaining()];
    fb.get(v);
    return v;
  }
}
