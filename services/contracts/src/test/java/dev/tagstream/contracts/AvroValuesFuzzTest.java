package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated values of every topic: each one decodes or is refused with a {@link ContractException},
 * within a time bound, and never with any other exception or error (an out-of-memory from a huge
 * declared length included).
 */
class AvroValuesFuzzTest {
  static List<Topic<?>> topics() {
    return Topics.all();
  }

  @ParameterizedTest
  @MethodSource("topics")
  <V extends SpecificRecord> void everyMutatedValueDecodesOrIsRefusedPlainly(Topic<V> topic)
      throws Exception {
    @SuppressWarnings("unchecked")
    V sample = (V) ContractSamples.oneOfEach().get(Topics.all().indexOf(topic));
    String name = topic.name("");
    SeededMutator mutator =
        new SeededMutator(
            SeededMutator.seed() + name.hashCode(),
            List.of(topic.valueSerde().encode(name, sample)));
    try (FuzzRun run =
        new FuzzRun(2_000)
            .run(
                mutator,
                input -> {
                  try {
                    topic.valueSerde().decode(name, input);
                    return "decoded";
                  } catch (ContractException e) {
                    return "refused";
                  }
                })) {
      assertEquals(List.of(), run.crashes(), run.crashCount() + " crashes or hangs");
      assertEquals(SeededMutator.cases(), run.count("decoded") + run.count("refused"));
      assertTrue(run.count("refused") > 0, "the mutations reached the decoder's refusals");
      System.out.printf(
          "fuzz %s: %d cases, %d decoded, %d refused, 0 crashes, 0 hangs%n",
          name, SeededMutator.cases(), run.count("decoded"), run.count("refused"));
    }
  }
}
