package dev.tagstream.ingest.review;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.core.releases.ReleaseLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every model version announced on {@code models}, folded in order: each version's latest
 * announcement, and per model name the current one by core's {@link ReleaseLog}, the rule the
 * worker and trainer use. Thread-safe.
 */
public final class ReleaseList {
  private final Map<String, ModelRelease> versions = new LinkedHashMap<>(); // first-announced order
  private final Map<String, ReleaseLog> byName = new HashMap<>();

  public synchronized void apply(ModelRelease r) {
    versions.put(key(r.getName(), r.getVersion()), r);
    byName.computeIfAbsent(r.getName(), ReleaseLog::new).apply(r);
  }

  /** Each version once (its latest announcement), the last announced first. */
  public synchronized List<ModelRelease> newestFirst() {
    List<ModelRelease> out = new ArrayList<>(versions.values());
    java.util.Collections.reverse(out);
    return out;
  }

  public synchronized Optional<ModelRelease> current(String name) {
    ReleaseLog log = byName.get(name);
    return log == null ? Optional.empty() : log.current();
  }

  /** The most recently announced current release over all model names. */
  public synchronized Optional<ModelRelease> current() {
    return byName.values().stream()
        .map(ReleaseLog::current)
        .flatMap(Optional::stream)
        .max(java.util.Comparator.comparing(ModelRelease::getAnnouncedAt));
  }

  public synchronized boolean isCurrent(ModelRelease r) {
    return current(r.getName()).map(c -> c.getVersion().equals(r.getVersion())).orElse(false);
  }

  public synchronized Optional<ModelRelease> find(String name, String version) {
    return Optional.ofNullable(versions.get(key(name, version)));
  }

  /**
   * A release of this version under any name (predictions name the version only); the last
   * announced wins.
   */
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
