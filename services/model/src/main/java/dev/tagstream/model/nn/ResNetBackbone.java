package dev.tagstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Builds the built-in residual CNN: stride-2 stem, stages of basic residual blocks, global average
 * pool.
 */
public final class ResNetBackbone {
  private ResNetBackbone() {}

  /** Output [B, spec.embeddingDim()] from input [B, 3, S, S]. */
  public static Block build(BackboneSpec spec) {
    SequentialBlock net =
        new SequentialBlock()
            .add(conv(spec.width(), 3, 2))
            .add(BatchNorm.builder().build())
            .addSingleton(Activation::relu);
    int channels = spec.width();
    for (int s = 0; s < spec.stages(); s++) {
      int out = spec.width() << s;
      for (int b = 0; b < spec.depth(); b++) {
        int stride = (s > 0 && b == 0) ? 2 : 1;
        net.add(residual(out, stride, channels != out || stride != 1));
        channels = out;
      }
    }
    return net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
  }

  // conv-bn-relu-conv-bn plus the shortcut (1x1 projection when the shape changes), then relu
  private static Block residual(int channels, int stride, boolean project) {
    SequentialBlock main =
        new SequentialBlock()
            .add(conv(channels, 3, stride))
            .add(BatchNorm.builder().build())
            .addSingleton(Activation::relu)
            .add(conv(channels, 3, 1))
            .add(BatchNorm.builder().build());
    Block shortcut =
        project
            ? new SequentialBlock().add(conv(channels, 1, stride)).add(BatchNorm.builder().build())
            : Blocks.identityBlock();
    ParallelBlock sum = new ParallelBlock(ResNetBackbone::addRelu, List.of(main, shortcut));
    return sum;
  }

  private static NDList addRelu(List<NDList> branches) {
    NDArray a = branches.get(0).singletonOrThrow();
    NDArray b = branches.get(1).singletonOrThrow();
    return new NDList(Activation.relu(a.add(b)));
  }

  private static Block conv(int filters, int kernel, int stride) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optBias(false)
        .build();
  }
}
