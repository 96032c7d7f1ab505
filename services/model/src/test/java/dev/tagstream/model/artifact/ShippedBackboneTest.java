package dev.tagstream.model.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.ResNetBackbone;
import dev.tagstream.model.nn.TaggerNetwork;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backbone in the jar is the one its model card describes, and it computes what it computed
 * when it shipped.
 */
class ShippedBackboneTest {
  @TempDir Path cache;

  @Test
  void theWeightsInTheJarHaveTheHashOfTheModelCard() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in =
        ShippedBackbone.class.getResourceAsStream(
            ShippedBackbone.RESOURCE_DIR + "backbone.params")) {
      sha.update(in.readAllBytes());
    }
    assertEquals(ShippedBackbone.BACKBONE_SHA256, HexFormat.of().formatHex(sha.digest()));
    String card =
        new String(
            ShippedBackbone.class
                .getResourceAsStream(ShippedBackbone.RESOURCE_DIR + "MODEL-CARD.md")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(card.contains(ShippedBackbone.BACKBONE_SHA256), "the model card names the hash");
  }

  @Test
  void reproducesTheCommittedEmbeddingOfAFixedImage() throws Exception {
    ModelArtifact a = ShippedBackbone.load(cache);
    BackboneSpec spec = a.info().backbone();
    assertEquals("resnet-64px-w32-d1-s4", spec.id());
    float[] expected =
        ArtifactJson.MAPPER.readValue(
            ShippedBackboneTest.class.getResourceAsStream("/shipped-backbone-embedding.json"),
            float[].class);
    float[] actual = embed(a, fixedImage());
    assertEquals(spec.embeddingDim(), expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-4, "embedding[" + i + "]");
    }
  }

  @Test
  void aCorruptCopyIsRefusedNotUsed() throws Exception {
    ModelArtifact a = ShippedBackbone.load(cache);
    Path weights = a.file(TaggerNetwork.BACKBONE_PARAMS);
    byte[] b = Files.readAllBytes(weights);
    b[b.length / 2] ^= 1;
    Files.write(weights, b);
    ArtifactException e = assertThrows(ArtifactException.class, () -> ShippedBackbone.load(cache));
    assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
  }

  @Test
  void scratchMeansNoWarmStartAndAnythingElseIsRefused() {
    assertNull(ShippedBackbone.resolve("scratch"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ShippedBackbone.resolve("big"));
    assertEquals("backbone must be 'shipped' or 'scratch', got 'big'", e.getMessage());
  }

  /**
   * 64 x 64: a diagonal colour gradient with a dark disc and a white bar, so every channel and
   * region varies.
   */
  static BufferedImage fixedImage() {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, new Color(x * 4, y * 4, (x + y) * 2).getRGB());
      }
    }
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(30, 20, 90));
    g.fillOval(10, 12, 30, 30);
    g.setColor(Color.WHITE);
    g.fillRect(36, 40, 22, 8);
    g.dispose();
    return img;
  }

  static float[] embed(ModelArtifact a, BufferedImage img) throws Exception {
    BackboneSpec spec = a.info().backbone();
    int side = spec.inputSize();
    try (NDManager m = NDManager.newBaseManager()) {
      Block backbone = ResNetBackbone.build(spec);
      backbone.initialize(m, DataType.FLOAT32, new Shape(1, 3, side, side));
      TaggerNetwork.load(backbone, m, a.file(TaggerNetwork.BACKBONE_PARAMS));
      float[] x = new ImagePreprocessor(side).toTensorData(img);
      return backbone
          .forward(
              new ParameterStore(m, false),
              new NDList(m.create(x, new Shape(1, 3, side, side))),
              false)
          .singletonOrThrow()
          .toFloatArray();
    }
  }
}
