package dev.tagstream.contracts;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs mutated inputs through one target, each on a worker thread with a time bound, and sorts what
 * happened: the target's own outcome names ("decoded", "refused", ...) are counted; anything it
 * throws and an input not settled within the bound are crashes and hangs, listed with the input in
 * hex.
 */
public final class FuzzRun implements AutoCloseable {
  private final ExecutorService pool =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz-target");
            t.setDaemon(true);
            return t;
          });
  private final long boundMillis;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> crashes = new ArrayList<>();

  public FuzzRun(long boundMillis) {
    this.boundMillis = boundMillis;
  }

  /**
   * Feeds {@link SeededMutator#cases()} inputs from {@code mutator} to {@code target}, which names
   * each outcome.
   */
  public FuzzRun run(SeededMutator mutator, Function<byte[], String> target)
      throws InterruptedException {
    for (int i = 0; i < SeededMutator.cases(); i++) {
      byte[] input = mutator.next();
      Future<String> f = pool.submit(() -> target.apply(input));
      try {
        outcomes.merge(f.get(boundMillis, TimeUnit.MILLISECONDS), 1, Integer::sum);
      } catch (TimeoutException e) {
        f.cancel(true);
        crashes.add("hang over " + boundMillis + " ms on " + hex(input));
      } catch (java.util.concurrent.ExecutionException e) {
        crashes.add("crash: " + e.getCause() + " on " + hex(input));
      }
    }
    return this;
  }

  /** How many inputs ended in each named outcome. */
  public Map<String, Integer> outcomes() {
    return outcomes;
  }

  public int count(String outcome) {
    return outcomes.getOrDefault(outcome, 0);
  }

  /** The first few crashes and hangs (empty when there were none), for an assertion message. */
  public List<String> crashes() {
    return crashes.stream().limit(5).toList();
  }

  public int crashCount() {
    return crashes.size();
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b, 0, Math.min(b.length, 200));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
