package dev.tagstream.model.infer;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Device choice: the first GPU when DJL's engine reports one, else the CPU. */
public final class Devices {
  private Devices() {}

  public static Device best() {
    return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  /** Whether name is one {@link #parse} takes: "auto", "cpu", "gpu" or "gpu:N". */
  public static boolean isValidName(String name) {
    return name.matches("auto|cpu|gpu(:\\d+)?");
  }

  /** "cpu", "gpu", "gpu:1" or "auto". */
  public static Device parse(String name) {
    return "auto".equals(name) ? best() : Device.fromName(name);
  }
}
