package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated values of every topic: each one decodes or is refused with a {@link ContractException}, within a time
 * bound, and never with any other exception or error (an out-of-memory from a huge declared length included).
 */
class AvroValuesFuzzTest {
  private static final long BOUND_MS = 2_000;
  private static ExecutorService pool;

  @BeforeAll
  static void pool() {
    pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "avro-fuzz");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  static List<Topic<?>> topics() {
    return Topics.all();
  }

  @ParameterizedTest
  @MethodSource("topics")
  <V extends SpecificRecord> void everyMutatedValueDecodesOrIsRefusedPlainly(Topic<V> topic) throws Exception {
    @SuppressWarnings("unchecked")
    V sample = (V) ContractSamples.oneOfEach().get(Topics.all().indexOf(topic));
    String name = topic.name("");
    byte[] valid = topic.valueSerde().encode(name, sample);
    SeededMutator mutator = new SeededMutator(SeededMutator.seed() + name.hashCode(), List.of(valid));
    int decoded = 0;
    int refused = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < SeededMutator.cases(); i++) {
      byte[] input = mutator.next();
      Future<String> f = pool.submit(() -> {
        try {
          topic.valueSerde().decode(name, input);
          return "decoded";
        } catch (ContractException e) {
          return "refused";
        } catch (Throwable t) {
          return "crash: " + t;
        }
      });
      String outcome;
      try {
        outcome = f.get(BOUND_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        f.cancel(true);
        outcome = "hang over " + BOUND_MS + " ms";
      }
      switch (outcome) {
        case "decoded" -> decoded++;
        case "refused" -> refused++;
        default -> crashes.add(outcome + " on " + HexFormat.of().formatHex(input));
      }
    }
    assertEquals(List.of(), crashes.stream().limit(5).toList(), crashes.size() + " crashes or hangs");
    assertEquals(SeededMutator.cases(), decoded + refused);
    assertTrue(refused > 0, "the mutations reached the decoder's refusals");
    System.out.printf("fuzz %s: %d cases, %d decoded, %d refused, 0 crashes, 0 hangs%n", name, decoded + refused,
        decoded, refused);
  }
}
