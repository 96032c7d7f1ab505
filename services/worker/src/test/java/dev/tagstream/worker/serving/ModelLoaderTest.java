package dev.tagstream.worker.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.worker.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
  @TempDir Path dir;
  private final ModelLoader loader = new ModelLoader(Device.cpu(), 5);

  @Test
  void loadsValidArtifactFromFileUri() {
    Path v1 = TestModels.write(dir, "v0001");
    try (ServingModel m =
        loader.load(v1.toUri().toString(), ModelArtifact.load(v1).vocabulary().hash())) {
      assertEquals("v0001", m.version());
      assertEquals(TestModels.LABELS, m.labelCount());
    }
  }

  @Test
  void refusesCorruptWeights() throws IOException {
    Path v1 = TestModels.write(dir, "v0001");
    Files.write(v1.resolve(TaggerNetwork.HEAD_PARAMS), new byte[] {1, 2, 3});
    ModelRejectedException e =
        assertThrows(ModelRejectedException.class, () -> loader.load(v1.toString(), null));
    assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
  }

  @Test
  void refusesLabelSetOtherThanAnnounced() {
    Path v1 = TestModels.write(dir, "v0001");
    ModelRejectedException e =
        assertThrows(ModelRejectedException.class, () -> loader.load(v1.toString(), "abc"));
    assertTrue(e.getMessage().contains("differs from the release's abc"), e.getMessage());
  }

  @Test
  void refusesMissingDirectory() {
    assertThrows(
        ModelRejectedException.class, () -> loader.load(dir.resolve("nope").toString(), null));
  }

  @Test
  void refusesNonFileUri() {
    assertThrows(ModelRejectedException.class, () -> loader.load("s3://bucket/v1", null));
  }
}
