package dev.tagstream.worker.serving;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.releases.ReleaseFollower;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.worker.WorkerMetrics;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the worker serves from the releases a {@link ReleaseFollower} reads. When the
 * release to serve changes, loads and validates the new artifact on the follower's thread, in the
 * background, and offers it to the slot; a release that fails validation is refused and counted
 * while the current model keeps serving. Should the follower's thread die, {@link #alive()} turns
 * false, so the worker's liveness check {@value #LIVENESS} fails and the worker is restarted
 * instead of serving an old model for ever. With a {@link ShadowSlot} (worker.shadow-percent above
 * 0) it also loads the open CANDIDATE release into that slot, and empties it once the candidate's
 * verdict (PROMOTED or REJECTED) arrives; a candidate never enters the serving slot through here.
 */
public final class ModelWatcher implements ReleaseFollower.Listener, AutoCloseable {
  /** The name of the worker's liveness check on this watcher. */
  public static final String LIVENESS = "model-watcher";

  private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

  private final ReleaseLog releases;
  private final ModelLoader loader;
  private final ModelSlot slot;
  private final WorkerMetrics metrics;
  private final ReleaseFollower follower;
  private final ShadowSlot shadow; // null: shadowing off
  private volatile String serving; // "version@location" of what is served
  private String shadowing; // "version@location" of the candidate shadowed, follower thread only
  private final Set<String> refused =
      new HashSet<>(); // never retried in a loop; touched on the follower's thread

  public ModelWatcher(
      KafkaConfig kafka,
      String clientId,
      ReleaseLog releases,
      ModelLoader loader,
      ModelSlot slot,
      WorkerMetrics metrics) {
    this(kafka, clientId, releases, loader, slot, null, metrics);
  }

  public ModelWatcher(
      KafkaConfig kafka,
      String clientId,
      ReleaseLog releases,
      ModelLoader loader,
      ModelSlot slot,
      ShadowSlot shadow,
      WorkerMetrics metrics) {
    this.shadow = shadow;
    this.releases = releases;
    this.loader = loader;
    this.slot = slot;
    this.metrics = metrics;
    this.follower = new ReleaseFollower(kafka, clientId, "tagstream-worker-models", this);
  }

  public void start() {
    follower.start();
  }

  /** False once the follower's thread has ended other than by {@link #close()}. */
  public boolean alive() {
    return follower.alive();
  }

  /**
   * The initial model from configuration counts as served, so an identical release is not loaded
   * twice.
   */
  public void served(String version, String location) {
    serving = version + "@" + location;
  }

  @Override
  public void release(ModelRelease release) {
    releases.apply(release);
  }

  /** Acts on the newest state only once caught up, not on every historic release. */
  @Override
  public void caughtUp() {
    // Shadow first: a retirement offered before the promoted candidate is offered to serve is seen
    // by the first batch that serves it, so no batch scores the same model twice.
    if (shadow != null) {
      shadowOpenCandidate();
    }
    serveNewestLoadable();
  }

  /**
   * Shadows the open candidate, if any, or stops shadowing once it has its verdict. A candidate
   * that does not load is refused once and not shadowed; serving is never affected.
   */
  private void shadowOpenCandidate() {
    Optional<ModelRelease> open = releases.candidate();
    if (open.isEmpty()) {
      if (shadowing != null) {
        shadow.retire();
        log.info("candidate {} has its verdict; shadow scoring stopped", shadowing);
        shadowing = null;
      }
      return;
    }
    ModelRelease c = open.get();
    String key = c.getVersion() + "@" + c.getArtifactUri();
    if (key.equals(shadowing) || refused.contains(key)) {
      return;
    }
    try {
      ServingModel model = loader.load(c.getArtifactUri(), c.getLabelSetHash());
      shadow.offer(model);
      shadowing = key;
      log.info(
          "candidate {} loaded for shadow scoring from {}", c.getVersion(), c.getArtifactUri());
    } catch (ModelRejectedException e) {
      refused.add(key);
      metrics.modelRejected("invalid-candidate");
      log.warn("refused candidate {} for shadow scoring: {}", c.getVersion(), e.getMessage());
    }
  }

  /**
   * Serves the newest promoted release that loads and validates: a broken newest release is refused
   * (once) and the one before it keeps, or starts, serving; a worker that starts after a broken
   * release still finds a model.
   */
  private void serveNewestLoadable() {
    for (ModelRelease release : releases.promotedNewestFirst()) {
      String key = release.getVersion() + "@" + release.getArtifactUri();
      if (key.equals(serving)) {
        return;
      }
      if (refused.contains(key)) {
        continue;
      }
      try {
        ServingModel model = loader.load(release.getArtifactUri(), release.getLabelSetHash());
        slot.offer(model);
        serving = key;
        metrics.modelLoaded(release.getVersion());
        log.info(
            "model {} loaded from {}; serving it from the next batch",
            release.getVersion(),
            release.getArtifactUri());
        return;
      } catch (ModelRejectedException e) {
        refused.add(key);
        metrics.modelRejected("invalid-artifact");
        log.warn(
            "refused release {}: {}; still serving {}",
            release.getVersion(),
            e.getMessage(),
            Optional.ofNullable(slot.currentVersion()).orElse("nothing"));
      }
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
