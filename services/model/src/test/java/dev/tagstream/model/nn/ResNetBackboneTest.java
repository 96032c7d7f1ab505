package dev.tagstream.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients through the backbone's convolutions must not depend on what the native allocator
 * recycled: libtorch's oneDNN reads padded channel blocks uninitialised in backward-data
 * convolutions (see BackboneSpec.TRAINABLE_CHANNEL_MULTIPLE), which made seeded training runs turn
 * NaN at random.
 */
class ResNetBackboneTest {
  @Test
  void convInputGradientsDoNotDependOnRecycledMemoryAtTrainableWidths() {
    BackboneSpec spec = BackboneSpec.resnet(16, 16, 1, 2).requireTrainable();
    for (int[] c : convs(spec)) {
      String name = "conv " + c[0] + "->" + c[1] + " k" + c[2] + " s" + c[3] + " at " + c[4] + "px";
      float[] clean = inputGradient(c, false);
      for (float g : clean) {
        assertTrue(Float.isFinite(g), name + " gradient " + g);
      }
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(
            clean, inputGradient(c, true), 0f, name + " gradient after NaN was freed to the heap");
      }
    }
  }

  @Test
  void widthsThatOneDnnPadsAreRejectedForTraining() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackboneSpec.resnet(16, 8, 1, 2).requireTrainable());
    assertTrue(e.getMessage().contains("multiple of 16"), e.getMessage());
    BackboneSpec.defaults().requireTrainable();
  }

  /** {in, out, kernel, stride, input side} of every convolution ResNetBackbone builds for spec. */
  private static List<int[]> convs(BackboneSpec spec) {
    List<int[]> out = new ArrayList<>();
    int side = spec.inputSize();
    out.add(new int[] {3, spec.width(), 3, 2, side});
    side = (side + 1) / 2;
    int channels = spec.width();
    for (int s = 0; s < spec.stages(); s++) {
      int c = spec.width() << s;
      for (int b = 0; b < spec.depth(); b++) {
        int stride = (s > 0 && b == 0) ? 2 : 1;
        out.add(new int[] {channels, c, 3, stride, side});
        if (channels != c || stride != 1) {
          out.add(new int[] {channels, c, 1, stride, side});
        }
        side = (side + stride - 1) / stride;
        out.add(new int[] {c, c, 3, 1, side});
        channels = c;
      }
    }
    return out;
  }

  // batch 16 (the size at which libtorch picks oneDNN), input gradient on: the backward-data kernel
  // runs
  private static float[] inputGradient(int[] c, boolean poisonHeap) {
    Engine.getInstance().setRandomSeed(7);
    try (NDManager m = NDManager.newBaseManager()) {
      Shape in = new Shape(16, c[0], c[4], c[4]);
      Block conv =
          Conv2d.builder()
              .setFilters(c[1])
              .setKernelShape(new Shape(c[2], c[2]))
              .optStride(new Shape(c[3], c[3]))
              .optPadding(new Shape(c[2] / 2, c[2] / 2))
              .optBias(false)
              .build();
      conv.initialize(m, DataType.FLOAT32, in);
      NDArray x = m.randomNormal(in);
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y =
            conv.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
        NDArray loss = y.mul(m.randomNormal(y.getShape())).sum();
        if (poisonHeap) {
          freeNaNBlocks(m);
        }
        gc.backward(loss);
        return x.getGradient().toFloatArray();
      }
    }
  }

  // NaN-filled blocks of many sizes, freed: the next native allocations of those sizes get NaN, not
  // zeros
  private static void freeNaNBlocks(NDManager m) {
    for (int rep = 0; rep < 3; rep++) {
      for (int size = 16; size <= 1 << 17; size *= 2) {
        try (NDArray a = m.full(new Shape(size), Float.NaN)) {
          a.getFloat(0);
        }
      }
    }
  }
}
