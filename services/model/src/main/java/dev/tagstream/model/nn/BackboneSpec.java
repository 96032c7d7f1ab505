package dev.tagstream.model.nn;

/**
 * Which backbone produces the embeddings: the built-in residual CNN ("resnet": width of the first stage,
 * residual blocks per stage, stages; embedding = width * 2^(stages-1)) or a TorchScript file ("torchscript":
 * file name inside the artifact, embedding size declared). inputSize is the square input side in pixels.
 */
public record BackboneSpec(String type, int inputSize, int width, int depth, int stages, int embeddingDim, String file) {
  public static final String RESNET = "resnet";
  public static final String TORCHSCRIPT = "torchscript";

  public BackboneSpec {
    if (!RESNET.equals(type) && !TORCHSCRIPT.equals(type)) {
      throw new IllegalArgumentException("backbone type must be 'resnet' or 'torchscript', got '" + type + "'");
    }
    if (inputSize < 16) {
      throw new IllegalArgumentException("backbone inputSize must be >= 16, got " + inputSize);
    }
    if (RESNET.equals(type)) {
      if (width < 4 || depth < 1 || stages < 1 || stages > 5) {
        throw new IllegalArgumentException(
            "resnet needs width >= 4, depth >= 1, 1 <= stages <= 5; got " + width + "/" + depth + "/" + stages);
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

  /** Short human-readable id, e.g. "resnet-64px-w32-d1-s3". */
  public String id() {
    return RESNET.equals(type)
        ? "resnet-" + inputSize + "px-w" + width + "-d" + depth + "-s" + stages
        : "torchscript-" + inputSize + "px-" + file;
  }
}
