package dev.tagstream.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam exactly as DJL 0.36 computes it (the same fused libtorch kernel and bias correction), with
 * moment estimates a checkpoint can save and restore by parameter name, so a resumed run continues
 * where it stopped instead of restarting Adam from zero moments. DJL's own Adam keeps them private.
 */
final class StatefulAdam extends Optimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final ParameterTracker learningRate;
  private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
  private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();

  private StatefulAdam(Builder b) {
    super(b);
    this.learningRate = b.learningRate;
  }

  static Builder builder(ParameterTracker learningRate) {
    return new Builder(learningRate);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = updateCount(parameterId);
    // lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t), the bias correction folded into the step size
    double coef1 = 1.0 - Math.pow(BETA1, t);
    double coef2 = 1.0 - Math.pow(BETA2, t);
    float lr = learningRate.getNewValue(parameterId, t);
    float correctedLr = (float) (lr * Math.sqrt(coef2) / coef1);
    float wd = getWeightDecay();
    if (!Float.isFinite(lr) || !Float.isFinite(correctedLr) || !Float.isFinite(wd)) {
      throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
    }
    NDList inputs =
        new NDList(
            weight,
            grad,
            withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
            withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike()));
    weight
        .getNDArrayInternal()
        .adamUpdate(
            inputs,
            new NDList(weight),
            lr,
            correctedLr,
            wd,
            rescaleGrad,
            clipGrad,
            BETA1,
            BETA2,
            EPSILON,
            true,
            false);
  }

  /**
   * The moment estimates of the block's parameters that have been updated, keyed by parameter name.
   */
  byte[] saveState(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      Map<String, float[][]> state = new HashMap<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        NDArray m = single(means.get(p.getValue().getId()));
        NDArray v = single(variances.get(p.getValue().getId()));
        if (m != null && v != null) {
          state.put(p.getKey(), new float[][] {m.toFloatArray(), v.toFloatArray()});
        }
      }
      out.writeInt(state.size());
      for (Map.Entry<String, float[][]> e : state.entrySet()) {
        out.writeUTF(e.getKey());
        for (float[] a : e.getValue()) {
          out.writeInt(a.length);
          for (float f : a) {
            out.writeFloat(f);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot save optimizer state", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores saveState's output into the (initialised) block's parameters; unknown or mis-sized
   * entries fail.
   */
  void loadState(Block block, byte[] saved) {
    Map<String, Parameter> byName = new HashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      byName.put(p.getKey(), p.getValue());
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        Parameter p = byName.get(name);
        if (p == null) {
          throw new IllegalStateException(
              "optimizer state names parameter " + name + ", which the model lacks");
        }
        NDArray w = p.getArray();
        NDArray[] mv = new NDArray[2];
        for (int k = 0; k < 2; k++) {
          float[] a = new float[in.readInt()];
          if (a.length != w.size()) {
            throw new IllegalStateException(
                "optimizer state of "
                    + name
                    + " has "
                    + a.length
                    + " values for "
                    + w.size()
                    + " weights");
          }
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readFloat();
          }
          mv[k] = w.getManager().create(a, w.getShape());
        }
        means.put(p.getId(), new ConcurrentHashMap<>(Map.of(w.getDevice(), mv[0])));
        variances.put(p.getId(), new ConcurrentHashMap<>(Map.of(w.getDevice(), mv[1])));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read optimizer state", e);
    }
  }

  private static NDArray single(Map<Device, NDArray> perDevice) {
    return perDevice == null || perDevice.isEmpty() ? null : perDevice.values().iterator().next();
  }

  static final class Builder extends OptimizerBuilder<Builder> {
    private final ParameterTracker learningRate;

    private Builder(ParameterTracker learningRate) {
      this.learningRate = learningRate;
    }

    @Override
    protected Builder self() {
      return this;
    }

    StatefulAdam build() {
      return new StatefulAdam(this);
    }
  }
}
