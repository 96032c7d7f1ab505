package dev.tagstream.core.releases;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which model is current, folded from the {@code models} topic in order; the one rule the worker
 * (what to serve) and the trainer (what to warm-start from and beat) share. Current = the newest
 * PROMOTED announcement that has not been ROLLED_BACK since; a rollback re-announces an older
 * version as PROMOTED and so becomes the newest. REJECTED releases never serve. A CANDIDATE never
 * serves either: it is open for shadow scoring until a PROMOTED, REJECTED or ROLLED_BACK of the
 * same version ends it. Also tracks the highest version number ever announced. Thread-safe.
 */
public final class ReleaseLog {
  // at most 18 digits: always a long; a longer name is "any other name", never an exception in a
  // follower's loop
  private static final Pattern VERSION = Pattern.compile("v(\\d{1,18})");
  private final String modelName;
  private final List<ModelRelease> promoted = new ArrayList<>();
  private final List<ModelRelease> candidates = new ArrayList<>(); // open, oldest first
  private long highestVersion;

  /**
   * @param modelName only releases of this name count; blank for any
   */
  public ReleaseLog(String modelName) {
    this.modelName = modelName == null ? "" : modelName;
  }

  /** Folds one release in; releases of other model names (when one is set) are ignored. */
  public synchronized void apply(ModelRelease r) {
    if (r == null || (!modelName.isBlank() && !modelName.equals(r.getName()))) {
      return;
    }
    highestVersion = Math.max(highestVersion, versionNumber(r.getVersion()));
    candidates.removeIf(
        c -> c.getVersion().equals(r.getVersion()) && c.getName().equals(r.getName()));
    if (r.getStatus() == ReleaseStatus.CANDIDATE) {
      candidates.add(r); // never touches what serves: a candidate is only ever shadowed
      return;
    }
    promoted.removeIf(
        p -> p.getVersion().equals(r.getVersion()) && p.getName().equals(r.getName()));
    if (r.getStatus() == ReleaseStatus.PROMOTED) {
      promoted.add(r);
    }
  }

  public synchronized Optional<ModelRelease> current() {
    return promoted.isEmpty() ? Optional.empty() : Optional.of(promoted.get(promoted.size() - 1));
  }

  /**
   * The newest CANDIDATE that no later PROMOTED, REJECTED or ROLLED_BACK of its version has ended,
   * if any: the model to shadow and, for the trainer, the one awaiting its online verdict.
   */
  public synchronized Optional<ModelRelease> candidate() {
    return candidates.isEmpty()
        ? Optional.empty()
        : Optional.of(candidates.get(candidates.size() - 1));
  }

  /**
   * Every PROMOTED release not since rolled back or rejected, newest first: a consumer that cannot
   * load the current one (a broken artifact) falls back along this list to the newest one it can,
   * as a worker keeps serving.
   */
  public synchronized List<ModelRelease> promotedNewestFirst() {
    List<ModelRelease> newestFirst = new ArrayList<>(promoted);
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** The highest vNNNN number announced so far, 0 if none. */
  public synchronized long highestVersion() {
    return highestVersion;
  }

  /** N of a version named vN, 0 for any other name. */
  public static long versionNumber(String version) {
    Matcher m = VERSION.matcher(version);
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }
}
