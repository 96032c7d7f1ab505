package dev.tagstream.model.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Backbone (image -> embedding) followed by a linear head (embedding -> |labels| logits). The two
 * are saved as separate parameter files so head-only retraining can reuse the backbone file
 * unchanged.
 */
public final class TaggerNetwork {
  public static final String BACKBONE_PARAMS = "backbone.params";
  public static final String HEAD_PARAMS = "head.params";

  private final BackboneSpec spec;
  private final int numLabels;
  private final Block backbone;
  private final Block head;
  private final SequentialBlock full;

  /** A fresh built-in ResNet backbone and head. */
  public TaggerNetwork(BackboneSpec spec, int numLabels) {
    this(spec, builtIn(spec), numLabels);
  }

  /** A given backbone (e.g. a loaded TorchScript module, see Backbones) and a fresh head. */
  public TaggerNetwork(BackboneSpec spec, Block backbone, int numLabels) {
    this.spec = spec;
    this.numLabels = numLabels;
    this.backbone = backbone;
    this.head = newHead(numLabels);
    this.full = new SequentialBlock().add(backbone).add(head);
  }

  private static Block builtIn(BackboneSpec spec) {
    if (!BackboneSpec.RESNET.equals(spec.type())) {
      throw new IllegalArgumentException(
          "a " + spec.type() + " backbone is loaded from its file (Backbones.load)");
    }
    return ResNetBackbone.build(spec);
  }

  public static Block newHead(int numLabels) {
    return Linear.builder().setUnits(numLabels).build();
  }

  public BackboneSpec spec() {
    return spec;
  }

  public int numLabels() {
    return numLabels;
  }

  public Block backbone() {
    return backbone;
  }

  public Block head() {
    return head;
  }

  /** backbone then head, the block a DJL Model trains. */
  public Block full() {
    return full;
  }

  public void initialize(NDManager manager) {
    full.initialize(manager, DataType.FLOAT32, new Shape(1, 3, spec.inputSize(), spec.inputSize()));
  }

  public static void save(Block block, Path file) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      block.saveParameters(out);
    }
  }

  public static void load(Block block, NDManager manager, Path file)
      throws IOException, MalformedModelException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    }
  }
}
