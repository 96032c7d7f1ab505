package dev.tagstream.model.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.FuzzRun;
import dev.tagstream.contracts.SeededMutator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated labels.json files: each loads as a vocabulary or is refused with a {@link
 * VocabularyException}.
 */
class LabelsJsonFuzzTest {
  @Test
  void everyMutatedVocabularyLoadsOrIsRefusedPlainly(@TempDir Path dir) throws Exception {
    String seed =
        "[{\"name\":\"animal\",\"parents\":[]},{\"name\":\"cat\",\"parents\":[\"animal\"],\"level\":\"emoji\"},"
            + "{\"name\":\"dog\",\"parents\":[\"animal\"]},{\"name\":\"kitten\",\"parents\":[\"cat\"]}]";
    SeededMutator mutator =
        new SeededMutator(SeededMutator.seed(), List.of(seed.getBytes(StandardCharsets.UTF_8)));
    Path file = dir.resolve("labels.json");
    try (FuzzRun run =
        new FuzzRun(5_000)
            .run(
                mutator,
                input -> {
                  try {
                    Files.write(file, input);
                    Vocabulary.load(file);
                    return "loaded";
                  } catch (VocabularyException e) {
                    return "refused";
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })) {
      assertEquals(List.of(), run.crashes(), run.crashCount() + " crashes or hangs");
      assertTrue(run.count("loaded") > 0 && run.count("refused") > 0, run.outcomes().toString());
      System.out.printf(
          "fuzz labels.json: %d cases, %d loaded, %d refused, 0 crashes, 0 hangs%n",
          SeededMutator.cases(), run.count("loaded"), run.count("refused"));
    }
  }
}
