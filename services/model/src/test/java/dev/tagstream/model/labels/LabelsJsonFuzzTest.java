package dev.tagstream.model.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.SeededMutator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutated labels.json files: each loads as a vocabulary or is refused with a {@link VocabularyException}. */
class LabelsJsonFuzzTest {
  private static final long BOUND_NANOS = 5_000_000_000L;

  @Test
  void everyMutatedVocabularyLoadsOrIsRefusedPlainly(@TempDir Path dir) throws Exception {
    String seed = "[{\"name\":\"animal\",\"parents\":[]},{\"name\":\"cat\",\"parents\":[\"animal\"],\"level\":\"emoji\"},"
        + "{\"name\":\"dog\",\"parents\":[\"animal\"]},{\"name\":\"kitten\",\"parents\":[\"cat\"]}]";
    SeededMutator mutator = new SeededMutator(SeededMutator.seed(), List.of(seed.getBytes(StandardCharsets.UTF_8)));
    Path file = dir.resolve("labels.json");
    int loaded = 0;
    int refused = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < SeededMutator.cases(); i++) {
      byte[] input = mutator.next();
      Files.write(file, input);
      long t0 = System.nanoTime();
      try {
        Vocabulary.load(file);
        loaded++;
      } catch (VocabularyException e) {
        refused++;
      } catch (RuntimeException | StackOverflowError e) {
        crashes.add(e + " on " + new String(input, StandardCharsets.UTF_8));
      }
      if (System.nanoTime() - t0 > BOUND_NANOS) {
        crashes.add("over 5 s on " + new String(input, StandardCharsets.UTF_8));
      }
    }
    assertEquals(List.of(), crashes.stream().limit(5).toList(), crashes.size() + " crashes or hangs");
    assertTrue(loaded > 0 && refused > 0, loaded + " loaded, " + refused + " refused");
    System.out.printf("fuzz labels.json: %d cases, %d loaded, %d refused, 0 crashes, 0 hangs%n", loaded + refused,
        loaded, refused);
  }
}
