package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.core.config.Settings;
import dev.tagstream.model.artifact.ShippedBackbone;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchLossesCommandTest {
  static BenchConfig parse(String... args) {
    return BenchLossesCommand.config(
        Settings.parse(BenchLossesCommand.SETTINGS, List.of(args), Map.of()));
  }

  @Test
  void defaultsMatchTheDocumentedProtocol() {
    BenchConfig c = parse("--data", "d");
    assertEquals(List.of(1L, 2L), c.seeds());
    assertEquals(List.of("single", "partial:0.3", "salient"), c.regimes());
    assertTrue(c.methods().contains("pu"));
    assertEquals(List.of(0.07, 0.25), c.learningRates());
    assertEquals(256, c.batchSize());
    assertEquals(
        ShippedBackbone.load().dir(), c.pretrained(), "the shipped backbone unless told otherwise");
    assertNull(parse("--data", "d", "--pretrained", "none").pretrained());
    assertEquals(8, c.headEpochs());
    assertEquals(Path.of("d", "bench-cache"), c.work());
    assertEquals(256, c.backbone().embeddingDim());
    assertFalse(c.fullValidation());
    assertTrue(parse("--data", "d", "--val-labels", "full").fullValidation());
  }

  @Test
  void rejectsFullAsARegimeAndUnknownValidationLabels() {
    assertThrows(IllegalArgumentException.class, () -> parse("--data", "d", "--regimes", "full"));
    assertThrows(
        IllegalArgumentException.class, () -> parse("--data", "d", "--val-labels", "some"));
    assertThrows(IllegalArgumentException.class, () -> parse("--data", "d", "--lrs", "0.1,x"));
  }
}
