package dev.tagstream.model.nn;

/**
 * Which backbone produces the embeddings: the built-in residual CNN ("resnet": width of the first
 * stage, residual blocks per stage, stages; embedding = width * 2^(stages-1)) or a TorchScript file
 * ("torchscript": file name inside the artifact, embedding size declared). inputSize is the square
 * input side in pixels.
 */
public record BackboneSpec(
    String type, int inputSize, int width, int depth, int stages, int embeddingDim, String file) {
  public static final String RESNET = "resnet";
  public static final String TORCHSCRIPT = "torchscript";

  /**
   * Conv channel counts must be multiples of this to backpropagate through the backbone. Why:
   * libtorch 2.7.1's oneDNN 3.7.1 pads other counts to its 16-float AVX-512 block, and its AVX-512
   * backward-data convolution reads that padding uninitialised, so input gradients pick up whatever
   * the allocator recycled: NaN at random, in seeded runs. Measured (batch 16, 3x3): 8, 12, 24 and
   * 40 channels go wrong, 16 and 32 never do. Forward passes (inference, embeddings) are exact at
   * any width.
   */
  public static final int TRAINABLE_CHANNEL_MULTIPLE = 16;

  public BackboneSpec {
    if (!RESNET.equals(type) && !TORCHSCRIPT.equals(type)) {
      throw new IllegalArgumentException(
          "backbone type must be 'resnet' or 'torchscript', got '" + type + "'");
    }
    if (inputSize < 16) {
      throw new IllegalArgumentException("backbone inputSize must be >= 16, got " + inputSize);
    }
    if (RESNET.equals(type)) {
      if (width < 4 || depth < 1 || stages < 1 || stages > 5) {
        throw new IllegalArgumentException(
            "resnet needs width >= 4, depth >= 1, 1 <= stages <= 5; got "
                + width
                + "/"
                + depth
                + "/"
                + stages);
      }
      embeddingDim = width << (stages - 1);
    } else if (embeddingDim < 1 || file == null) {
      throw new IllegalArgumentException("torchscript backbone needs a file and embeddingDim >= 1");
    }
  }

  /** The default built-in backbone: 64 px input, widths 32/64/128, one residual block per stage. */
  public static BackboneSpec defaults() {
    return resnet(64, 32, 1, 3);
  }

  public static BackboneSpec resnet(int inputSize, int width, int depth, int stages) {
    return new BackboneSpec(RESNET, inputSize, width, depth, stages, 0, null);
  }

  public static BackboneSpec torchScript(int inputSize, int embeddingDim, String file) {
    return new BackboneSpec(TORCHSCRIPT, inputSize, 0, 0, 0, embeddingDim, file);
  }

  /**
   * Fails unless backpropagating through this backbone is known to be safe (see
   * TRAINABLE_CHANNEL_MULTIPLE). A TorchScript module's channel counts cannot be checked from here:
   * its author owns that, and a corrupted gradient shows up as a non-finite loss, which stops
   * training with an error.
   */
  public BackboneSpec requireTrainable() {
    if (!RESNET.equals(type)) {
      return this;
    }
    if (width % TRAINABLE_CHANNEL_MULTIPLE != 0) {
      throw new IllegalArgumentException(
          "end-to-end training needs a backbone width that is a multiple of "
              + TRAINABLE_CHANNEL_MULTIPLE
              + " (libtorch's CPU convolution gradient is corrupt for other channel"
              + " counts), got "
              + width);
    }
    return this;
  }

  /** Short human-readable id, e.g. "resnet-64px-w32-d1-s3". */
  public String id() {
    return RESNET.equals(type)
        ? "resnet-" + inputSize + "px-w" + width + "-d" + depth + "-s" + stages
        : "torchscript-" + inputSize + "px-" + file;
  }
}
