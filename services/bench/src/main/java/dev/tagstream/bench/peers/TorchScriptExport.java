package dev.tagstream.bench.peers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.Backbones;
import dev.tagstream.model.nn.TaggerNetwork;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same weights as TorchScript, so that a Python peer scores exactly the model tagstream scores:
 * the artifact's DJL parameters are written in block order (float32, little-endian, with names and
 * shapes), and export_torchscript.py builds the same ResNet in PyTorch, loads them by that order
 * (checking each name's kind and shape), appends the sigmoid and traces it to model.pt.
 */
public final class TorchScriptExport {
  private TorchScriptExport() {}

  /** Writes dir/model.pt for the artifact; returns its path. */
  public static Path export(ModelArtifact artifact, PythonPeers python, Path dir) {
    BackboneSpec spec = artifact.info().backbone();
    if (!BackboneSpec.RESNET.equals(spec.type())) {
      throw new IllegalArgumentException(
          "the peers rebuild the built-in resnet backbone; "
              + artifact.dir()
              + " has a "
              + spec.type()
              + " backbone");
    }
    if (artifact.info().hierarchyGamma() != 0) {
      throw new IllegalArgumentException(
          "the peers do not apply hierarchy smoothing; "
              + artifact.dir()
              + " has hierarchyGamma "
              + artifact.info().hierarchyGamma());
    }
    try {
      Files.createDirectories(dir);
      Path index = dir.resolve("weights.json");
      Path data = dir.resolve("weights.bin");
      writeWeights(artifact, index, data);
      Path model = dir.resolve("model.pt");
      python.scriptOrThrow(
          "export_torchscript.py",
          List.of(index.toString(), data.toString(), model.toString()),
          300);
      return model;
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException(
          "cannot export " + artifact.dir() + " to TorchScript: " + e.getMessage(), e);
    }
  }

  private static void writeWeights(ModelArtifact artifact, Path index, Path data)
      throws IOException, MalformedModelException {
    BackboneSpec spec = artifact.info().backbone();
    List<Map<String, Object>> tensors = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager();
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(data))) {
      Block backbone =
          Backbones.load(spec, artifact.file(Backbones.fileName(spec)), manager, false);
      Block head = TaggerNetwork.newHead(artifact.vocabulary().size());
      TaggerNetwork.load(head, manager, artifact.file(TaggerNetwork.HEAD_PARAMS));
      for (Block block : List.of(backbone, head)) {
        for (Pair<String, Parameter> p : block.getParameters()) {
          NDArray a = p.getValue().getArray();
          float[] v = a.toFloatArray();
          ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
          b.asFloatBuffer().put(v);
          out.write(b.array());
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("name", p.getKey());
          t.put("shape", a.getShape().getShape());
          tensors.add(t);
        }
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("inputSize", spec.inputSize());
    json.put("width", spec.width());
    json.put("depth", spec.depth());
    json.put("stages", spec.stages());
    json.put("labels", artifact.vocabulary().size());
    json.put("tensors", tensors);
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(index.toFile(), json);
  }
}
