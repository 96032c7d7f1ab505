package dev.tagstream.ingest.review;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every model version announced on {@code models}, folded in order: each version's latest announcement, and per
 * model name the current one, by the rule the worker and trainer use: the newest PROMOTED announcement not
 * ROLLED_BACK since (a rollback re-announces an older version as PROMOTED, so it becomes the newest). Thread-safe.
 */
public final class ReleaseList {
  private final Map<String, ModelRelease> versions = new LinkedHashMap<>(); // first-announced order
  private final Map<String, List<ModelRelease>> promoted = new HashMap<>();

  public synchronized void apply(ModelRelease r) {
    versions.put(key(r.getName(), r.getVersion()), r);
    List<ModelRelease> p = promoted.computeIfAbsent(r.getName(), n -> new ArrayList<>());
    p.removeIf(x -> x.getVersion().equals(r.getVersion()));
    if (r.getStatus() == ReleaseStatus.PROMOTED) {
      p.add(r);
    }
  }

  /** Each version once (its latest announcement), the last announced first. */
  public synchronized List<ModelRelease> newestFirst() {
    List<ModelRelease> out = new ArrayList<>(versions.values());
    java.util.Collections.reverse(out);
    return out;
  }

  public synchronized Optional<ModelRelease> current(String name) {
    List<ModelRelease> p = promoted.getOrDefault(name, List.of());
    return p.isEmpty() ? Optional.empty() : Optional.of(p.get(p.size() - 1));
  }

  /** The most recently announced current release over all model names. */
  public synchronized Optional<ModelRelease> current() {
    return promoted.values().stream().filter(l -> !l.isEmpty()).map(l -> l.get(l.size() - 1))
        .max(java.util.Comparator.comparing(ModelRelease::getAnnouncedAt));
  }

  public synchronized boolean isCurrent(ModelRelease r) {
    return current(r.getName()).map(c -> c.getVersion().equals(r.getVersion())).orElse(false);
  }

  public synchronized Optional<ModelRelease> find(String name, String version) {
    return Optional.ofNullable(versions.get(key(name, version)));
  }

  /** A release of this version under any name (predictions name the version only); the last announced wins. */
  public synchronized Optional<ModelRelease> byVersion(String version) {
    ModelRelease found = null;
    for (ModelRelease r : versions.values()) {
      if (r.getVersion().equals(version)) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  private static String key(String name, String version) {
    return name + '\u0000' + version;
  }
}
