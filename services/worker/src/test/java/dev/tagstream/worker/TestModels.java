package dev.tagstream.worker;

import ai.djl.Device;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.worker.serving.ModelLoader;
import dev.tagstream.worker.serving.ServingModel;
import java.nio.file.Path;

/** Small real models (random weights) that load and run fast in tests. */
public final class TestModels {
  public static final int LABELS = 40;
  public static final BackboneSpec SMALL = BackboneSpec.resnet(32, 8, 1, 2);

  private TestModels() {}

  public static Path write(Path parent, String version) {
    return write(parent, version, SMALL);
  }

  public static Path write(Path parent, String version, BackboneSpec spec) {
    Path dir = parent.resolve(version);
    SyntheticModel.write(dir, version, LABELS, spec, 0.5f);
    return dir;
  }

  public static ServingModel load(Path dir) {
    return new ModelLoader(Device.cpu(), 5).load(dir.toString(), null);
  }
}
