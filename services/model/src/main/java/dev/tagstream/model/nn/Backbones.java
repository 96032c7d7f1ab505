package dev.tagstream.model.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens and saves either kind of backbone: the built-in ResNet (DJL parameter file) or a
 * TorchScript module (a plain .pt file that PyTorch can load too). Both map [N, 3, S, S] normalised
 * images to [N, D] embeddings.
 */
public final class Backbones {
  /** The artifact file name of a TorchScript backbone (its spec records it). */
  public static final String TORCHSCRIPT_FILE = "backbone.pt";

  private Backbones() {}

  /** The artifact file holding this backbone's weights. */
  public static String fileName(BackboneSpec spec) {
    return BackboneSpec.TORCHSCRIPT.equals(spec.type())
        ? spec.file()
        : TaggerNetwork.BACKBONE_PARAMS;
  }

  /**
   * A backbone with its weights from file. A TorchScript module is its own architecture and
   * weights; with trainable its parameters require gradients (fine-tuning), otherwise it is frozen.
   */
  public static Block load(BackboneSpec spec, Path file, NDManager manager, boolean trainable)
      throws IOException, MalformedModelException {
    if (BackboneSpec.TORCHSCRIPT.equals(spec.type())) {
      return loadTorchScript(file, manager, trainable);
    }
    Block b = ResNetBackbone.build(spec);
    TaggerNetwork.load(b, manager, file);
    return b;
  }

  /** Writes a backbone in the format load reads back. */
  public static void save(Block backbone, Path file) throws IOException {
    if (backbone instanceof PtSymbolBlock pt) {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
        JniUtils.writeModule(pt, out, false); // false: no length prefix, a plain .pt file
      }
    } else {
      TaggerNetwork.save(backbone, file);
    }
  }

  /**
   * Reads a TorchScript backbone file and describes it: runs one zero image of inputSize through
   * it, which both proves the file is a backbone of that input size and gives its embedding size.
   */
  public static BackboneSpec describeTorchScript(Path file, int inputSize) {
    Shape out;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PtSymbolBlock block = loadTorchScript(file, m, false);
      out =
          block
              .forward(
                  new ParameterStore(m, false),
                  new NDList(m.zeros(new Shape(1, 3, inputSize, inputSize), DataType.FLOAT32)),
                  false)
              .head()
              .getShape();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot use "
              + file
              + " as a TorchScript backbone of input size "
              + inputSize
              + ": "
              + e.getMessage(),
          e);
    }
    if (out.dimension() != 2 || out.get(0) != 1) {
      throw new IllegalArgumentException(
          "TorchScript backbone "
              + file
              + " maps [1, 3, "
              + inputSize
              + ", "
              + inputSize
              + "] to "
              + out
              + "; a backbone must return embeddings [N, D]");
    }
    return BackboneSpec.torchScript(inputSize, (int) out.get(1), TORCHSCRIPT_FILE);
  }

  private static PtSymbolBlock loadTorchScript(Path file, NDManager manager, boolean trainable)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no TorchScript file " + file);
    }
    if (!(manager instanceof PtNDManager pt)) {
      throw new IllegalStateException(
          "TorchScript backbones need the PyTorch engine, got " + manager.getEngine());
    }
    // mapLocation: load onto the manager's device (GPU when there is one) whatever device the file
    // was saved from
    return JniUtils.loadModule(pt, file, true, new String[0], new String[0], trainable);
  }
}
