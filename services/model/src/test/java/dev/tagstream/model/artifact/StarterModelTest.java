package dev.tagstream.model.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.tagstream.model.infer.Scorer;
import dev.tagstream.model.nn.TaggerNetwork;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter model in the jar is the one its card describes, on the shipped backbone, and tags
 * what it tagged.
 */
class StarterModelTest {
  @TempDir Path cache;

  @Test
  void isAHeadForTheEmojiScenesVocabularyOnTheShippedBackbone() throws Exception {
    ModelArtifact a = StarterModel.load(cache);
    assertEquals("starter-emoji-scenes", a.info().version());
    assertEquals(ShippedBackbone.VERSION, a.info().parent());
    assertEquals(2020, a.vocabulary().size());
    assertEquals(
        ShippedBackbone.BACKBONE_SHA256,
        a.info().files().get(TaggerNetwork.BACKBONE_PARAMS),
        "the backbone is the shipped one, carried once in the jar");
    String card =
        new String(
            StarterModel.class
                .getResourceAsStream(StarterModel.RESOURCE_DIR + "MODEL-CARD.md")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertTrue(
        card.contains(a.info().files().get(TaggerNetwork.HEAD_PARAMS)),
        "the model card names the head's hash");
  }

  @Test
  void tagsTheSampleImagesAsItDidWhenItShipped() throws Exception {
    ModelArtifact a = StarterModel.load(cache);
    try (Scorer s = Scorer.open(a, Device.cpu())) {
      assertEquals(List.of("country-flag", "Flags", "flag-sd"), top(s, a, "scene-0.png", 3));
      assertEquals(List.of("juggling", "People & Body"), top(s, a, "scene-3.png", 2));
    }
  }

  private static List<String> top(Scorer s, ModelArtifact a, String example, int k)
      throws Exception {
    // the README's sample images, read from the repository (the module's tests run in
    // services/model)
    BufferedImage img = ImageIO.read(Path.of("../../examples").resolve(example).toFile());
    float[] p = s.score(List.of(s.preprocessor().toTensorData(img))).probabilities().get(0);
    return IntStream.range(0, p.length)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> -p[i]))
        .limit(k)
        .map(i -> a.vocabulary().name(i))
        .toList();
  }
}
