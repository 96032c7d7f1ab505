package dev.tagstream.trainer;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the models topic says about one model name, in topic order: the current model is the newest PROMOTED
 * announcement (a rollback re-announces an older version, so it wins by being newer), and the highest version
 * number ever announced keeps new version names monotonic. Thread-safe.
 */
final class ReleaseHistory {
  private static final Pattern VERSION = Pattern.compile("v(\\d+)");
  private final String modelName;
  private ModelRelease current;
  private long highestVersion;

  ReleaseHistory(String modelName) {
    this.modelName = modelName;
  }

  /** Folds one release in; releases of other model names are ignored. */
  synchronized void apply(ModelRelease r) {
    if (r == null || !modelName.equals(r.getName())) {
      return;
    }
    highestVersion = Math.max(highestVersion, number(r.getVersion()));
    if (r.getStatus() == ReleaseStatus.PROMOTED) {
      current = r;
    }
  }

  synchronized Optional<ModelRelease> current() {
    return Optional.ofNullable(current);
  }

  /** The highest vNNNN number announced so far, 0 if none. */
  synchronized long highestVersion() {
    return highestVersion;
  }

  static long number(String version) {
    Matcher m = VERSION.matcher(version);
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }
}
