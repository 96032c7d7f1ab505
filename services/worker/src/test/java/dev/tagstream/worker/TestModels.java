package dev.tagstream.worker;

import ai.djl.Device;
import dev.tagstream.model.nn.BackboneSpec;
import java.nio.file.Path;

/** Small real models (random weights) that load and run fast in tests. */
final class TestModels {
  static final int LABELS = 40;
  static final BackboneSpec SMALL = BackboneSpec.resnet(32, 8, 1, 2);

  private TestModels() {}

  static Path write(Path parent, String version) {
    return write(parent, version, SMALL);
  }

  static Path write(Path parent, String version, BackboneSpec spec) {
    Path dir = parent.resolve(version);
    SyntheticModel.write(dir, version, LABELS, spec, 0.5f);
    return dir;
  }

  static ServingModel load(Path dir) {
    return new ModelLoader(Device.cpu(), 5).load(dir.toString(), null);
  }
}
