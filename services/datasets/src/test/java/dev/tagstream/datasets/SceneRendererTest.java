package dev.tagstream.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SceneRendererTest {
  private static final BufferedImage ART = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);

  /** Fewer emoji than MAX_EMOJI: the distinct draw once looped for ever (CI timed out on it). */
  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void drawsNoMoreDistinctEmojiThanThereAre() {
    SceneRenderer r = new SceneRenderer(32);
    SplittableRandom rng = new SplittableRandom(3);
    for (int count = 1; count < SceneRenderer.MAX_EMOJI; count++) {
      for (int i = 0; i < 50; i++) {
        SceneRenderer.Scene s = r.render(rng, count, e -> ART);
        assertTrue(
            s.emoji().size() <= count, "scene of " + s.emoji() + " from " + count + " emoji");
        assertEquals(
            s.emoji().size(), new HashSet<>(s.emoji()).size(), "emoji repeat in " + s.emoji());
      }
    }
    assertThrows(IllegalArgumentException.class, () -> r.render(rng, 0, e -> ART));
  }
}
