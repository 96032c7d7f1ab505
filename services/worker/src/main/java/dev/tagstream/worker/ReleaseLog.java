package dev.tagstream.worker;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The release the worker should serve, folded from the {@code models} topic: the newest PROMOTED release of
 * the configured model name that has not been ROLLED_BACK since. REJECTED releases are never served. Pure.
 */
final class ReleaseLog {
  private final String modelName;
  private final List<ModelRelease> promoted = new ArrayList<>();

  /** @param modelName only releases of this name count; blank for any */
  ReleaseLog(String modelName) {
    this.modelName = modelName == null ? "" : modelName;
  }

  void apply(ModelRelease r) {
    if (!modelName.isBlank() && !modelName.equals(r.getName())) {
      return;
    }
    promoted.removeIf(p -> p.getVersion().equals(r.getVersion()) && p.getName().equals(r.getName()));
    if (r.getStatus() == ReleaseStatus.PROMOTED) {
      promoted.add(r);
    }
  }

  Optional<ModelRelease> desired() {
    return promoted.isEmpty() ? Optional.empty() : Optional.of(promoted.get(promoted.size() - 1));
  }
}
