package dev.tagstream.trainer;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.SerdeSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.releases.ReleaseFollower;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.model.artifact.ArtifactException;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ModelRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code tagstream rollback --to VERSION}: re-announces a registry version as PROMOTED (reason
 * "rollback to VERSION"); workers serve the newest PROMOTED announcement, so they switch to it. The
 * version must exist in the registry and load as a valid artifact, and a version the promotion gate
 * REJECTED is announced only with {@code --force}: the gate measured it worse than what was served
 * then, so serving it should be a decision.
 */
public final class RollbackCommand implements Command {
  static final Setting TO =
      Setting.of("to", null, "Version to re-announce, e.g. v0003 (required).");
  static final Setting FORCE =
      Setting.of(
          "force",
          "false",
          "Announce the version even if the promotion gate REJECTED it when it was trained.");
  static final Setting REGISTRY =
      Setting.of(
          "registry",
          null,
          "Model registry directory. Unset: --trainer.registry, else <data-dir>/registry.");

  @Override
  public String name() {
    return "rollback";
  }

  @Override
  public String summary() {
    return "Re-announce an older model version from the registry as the current one (rollback --to VERSION).";
  }

  @Override
  public List<Setting> settings() {
    return List.of(
        TO,
        FORCE,
        KafkaSettings.JOIN_BOOTSTRAP,
        KafkaSettings.TOPIC_PREFIX,
        KafkaSettings.BROKER_PORT,
        KafkaSettings.DATA_DIR,
        KafkaSettings.KAFKA_CONFIG,
        SerdeSettings.SERDE,
        SerdeSettings.URL,
        SerdeSettings.USER,
        SerdeSettings.PASSWORD,
        REGISTRY,
        TrainerSettings.REGISTRY,
        TrainerSettings.MODEL_NAME);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help("tagstream rollback --to VERSION [options]", summary(), settings()));
      return 0;
    }
    Settings s;
    try {
      s = Settings.parse(settings(), args);
      s.string(TO);
    } catch (ConfigException e) {
      err.println("rollback: " + e.getMessage());
      return 2;
    }
    String version = s.string(TO);
    Path root =
        s.isSet(REGISTRY)
            ? s.path(REGISTRY)
            : s.isSet(TrainerSettings.REGISTRY)
                ? s.path(TrainerSettings.REGISTRY)
                : s.path(KafkaSettings.DATA_DIR).resolve("registry");
    ModelRegistry registry = new ModelRegistry(root);
    if (!registry.versions().contains(version)) {
      err.println(
          "rollback: unknown version '"
              + version
              + "' in registry "
              + root.toAbsolutePath()
              + "; known: "
              + registry.versions());
      return 1;
    }
    ModelArtifact artifact;
    try {
      artifact = ModelArtifact.load(registry.pathFor(version));
    } catch (ArtifactException e) {
      err.println("rollback: refusing " + version + ": " + e.getMessage());
      return 1;
    }
    String modelName = s.string(TrainerSettings.MODEL_NAME);
    ModelRelease release =
        ReleasePublisher.release(
            modelName,
            artifact,
            ReleaseStatus.PROMOTED,
            "rollback to " + version,
            artifact.info().metrics(),
            Instant.now());
    KafkaConfig base =
        new KafkaConfig(
            s.stringOrNull(KafkaSettings.JOIN_BOOTSTRAP),
            s.string(KafkaSettings.TOPIC_PREFIX),
            1,
            (short) 1,
            s.path(KafkaSettings.DATA_DIR),
            s.integer(KafkaSettings.BROKER_PORT, 0, 65_535),
            KafkaSettings.clientProperties(s),
            SerdeSettings.read(s));
    try (KafkaRuntime kafka = KafkaRuntime.connect(base)) {
      TopicAdmin.requireTopics(kafka.config(), List.of(Topics.MODELS));
      List<ModelRelease> history =
          ReleaseFollower.readToEnd(kafka.config(), "tagstream-rollback", Duration.ofSeconds(30));
      Optional<ModelRelease> verdict = lastVerdict(history, modelName, version);
      if (verdict.isPresent()
          && verdict.get().getStatus() == ReleaseStatus.REJECTED
          && !s.bool(FORCE)) {
        err.println(
            "rollback: refusing "
                + version
                + ": the promotion gate REJECTED it ("
                + verdict.get().getReason()
                + "); pass --force to announce it anyway");
        return 1;
      }
      Optional<ModelRelease> withdrawn = withdrawal(history, modelName, version, Instant.now());
      try (ReleasePublisher publisher =
          new ReleasePublisher(kafka.config(), "tagstream-rollback")) {
        // first: a candidate left open would be promoted by its shadow verdict over the rollback
        withdrawn.ifPresent(publisher::publish);
        publisher.publish(release);
      }
      withdrawn.ifPresent(
          w ->
              out.println(
                  "announced "
                      + modelName
                      + " "
                      + w.getVersion()
                      + " as REJECTED: the candidate under shadow evaluation is withdrawn"));
    }
    out.println(
        "announced "
            + modelName
            + " "
            + version
            + " as PROMOTED (rollback) on "
            + Topics.MODELS.name(base.topicPrefix())
            + ": "
            + release.getArtifactUri());
    return 0;
  }

  /**
   * The REJECTED announcement that ends the model's open CANDIDATE (shadow evaluation), if one is
   * open and it is not the version rolled back to (whose PROMOTED ends it anyway).
   */
  static Optional<ModelRelease> withdrawal(
      List<ModelRelease> history, String modelName, String version, Instant now) {
    ReleaseLog log = new ReleaseLog(modelName);
    history.forEach(log::apply);
    return log.candidate()
        .filter(c -> !c.getVersion().equals(version))
        .map(
            c ->
                ModelRelease.newBuilder(c)
                    .setStatus(ReleaseStatus.REJECTED)
                    .setReason("withdrawn by a rollback to " + version)
                    .setAnnouncedAt(now)
                    .build());
  }

  /**
   * The newest announcement of this version of this model, if any: what the gate (or a rollback)
   * last said.
   */
  static Optional<ModelRelease> lastVerdict(
      List<ModelRelease> history, String modelName, String version) {
    ModelRelease last = null;
    for (ModelRelease r : history) {
      if (r.getName().equals(modelName) && r.getVersion().equals(version)) {
        last = r;
      }
    }
    return Optional.ofNullable(last);
  }
}
