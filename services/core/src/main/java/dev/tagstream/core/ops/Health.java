package dev.tagstream.core.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Named liveness and readiness checks of one service; thread-safe. */
public final class Health {
  private final Map<String, BooleanSupplier> live = new LinkedHashMap<>();
  private final Map<String, BooleanSupplier> ready = new LinkedHashMap<>();

  public synchronized Health liveness(String name, BooleanSupplier check) {
    live.put(name, check);
    return this;
  }

  public synchronized Health readiness(String name, BooleanSupplier check) {
    ready.put(name, check);
    return this;
  }

  public synchronized Status liveness() {
    return evaluate(live);
  }

  /** Ready only when alive too. */
  public synchronized Status readiness() {
    Map<String, BooleanSupplier> all = new LinkedHashMap<>(live);
    all.putAll(ready);
    return evaluate(all);
  }

  private static Status evaluate(Map<String, BooleanSupplier> checks) {
    Map<String, Boolean> results = new LinkedHashMap<>();
    checks.forEach(
        (k, v) -> {
          boolean ok;
          try {
            ok = v.getAsBoolean();
          } catch (RuntimeException e) {
            ok = false; // a check that throws is a failing check, not a broken endpoint
          }
          results.put(k, ok);
        });
    return new Status(Map.copyOf(results));
  }

  /** Outcome of the checks. */
  public record Status(Map<String, Boolean> checks) {
    public boolean ok() {
      return checks.values().stream().allMatch(b -> b);
    }

    String json(String service) {
      String body =
          checks.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
              .collect(Collectors.joining(","));
      return "{\"service\":\""
          + service
          + "\",\"status\":\""
          + (ok() ? "ok" : "unavailable")
          + "\",\"checks\":{"
          + body
          + "}}";
    }
  }
}
