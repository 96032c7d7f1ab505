package dev.tagstream.trainer;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.images.ImageDecoder;
import dev.tagstream.core.images.ImageFetcher;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.model.artifact.Directories;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ModelRegistry;
import dev.tagstream.model.artifact.ShippedBackbone;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.GrownVocabulary;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import dev.tagstream.model.train.NoUsableImagesException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrain: split the snapshot, warm-start from the current model, train, evaluate candidate and
 * current on the same held-out images, gate, and announce the candidate PROMOTED or REJECTED (or,
 * with trainer.gate=offline+shadow, CANDIDATE: the {@link ShadowFollower} announces its verdict).
 * Nothing is announced when the training fails or the trainer is closing; the version directory
 * appears only complete (atomic rename) and is removed again if the candidate is not announced.
 * Images are read by the worker's rule (FetchedImages); one that cannot be read is left out,
 * counted and logged, and also left out of the held-out set both models are judged on.
 */
final class RetrainCycle {
  private static final Logger log = LoggerFactory.getLogger(RetrainCycle.class);

  private final TrainerConfig cfg;
  private final ReleaseLog history;
  private final AddedLabels added;
  private final ReleasePublisher publisher;
  private final TrainerMetrics metrics;
  private final Clock clock;
  private final BooleanSupplier cancelled;
  private final CandidateTrainer trainer;
  private final HeldOutEvaluator evaluator;
  private final PromotionGate gate;
  private final ValidationSplit split;
  private final ModelRegistry registry;

  /**
   * What the first model starts from: the shipped backbone (loaded and verified at start), or null
   * for scratch.
   */
  private final ModelArtifact starter;

  private final ImageFetcher fetcher;
  private final ImageDecoder decoder;

  RetrainCycle(
      TrainerConfig cfg,
      ReleaseLog history,
      AddedLabels added,
      ReleasePublisher publisher,
      TrainerMetrics metrics,
      Clock clock,
      BooleanSupplier cancelled) {
    this.cfg = cfg;
    this.history = history;
    this.added = added;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.cancelled = cancelled;
    this.trainer = new CandidateTrainer(cfg);
    this.evaluator = new HeldOutEvaluator(cfg.embeddingCache(), cfg.device());
    this.gate = new PromotionGate(cfg.minImprovement(), cfg.initialMinMap());
    this.split = new ValidationSplit(cfg.validationPercent());
    this.registry = new ModelRegistry(cfg.registry());
    this.starter = ShippedBackbone.resolve(cfg.backbone());
    this.fetcher = ImageFetcher.create(cfg.fetch());
    this.decoder = new ImageDecoder(cfg.maxPixels());
  }

  /**
   * @param trainingNumber 1 for the first training of this process (drives the full fine-tune
   *     cadence)
   * @return the announced release
   */
  ModelRelease run(List<LabelState> states, long trainingNumber, String why) {
    Instant t0 = clock.instant();
    ModelArtifact current = currentArtifact();
    Vocabulary vocab = vocabulary(current);
    ValidationSplit.Sets sets = split.split(states, vocab);
    metrics.skippedImages.increment(sets.skippedNoUri() + sets.skippedNoLabels());
    if (sets.train().isEmpty() || sets.validation().isEmpty()) {
      throw new TrainingException(
          "need at least one training and one validation image with a uri and a label in the"
              + " vocabulary; have "
              + sets.train().size()
              + " training and "
              + sets.validation().size()
              + " validation ("
              + sets.skippedNoUri()
              + " without uri, "
              + sets.skippedNoLabels()
              + " without a vocabulary label)");
    }
    String version = nextVersion();
    ModelArtifact warm = current != null ? current : starter;
    CandidateTrainer.Mode mode = trainer.modeFor(warm != null, trainingNumber);
    log.info(
        "training {} ({}, {}{}): {} train / {} validation images, {} skipped, loss {}; trigger: {}",
        version,
        mode.label(),
        current != null
            ? "warm start " + current.info().version()
            : starter != null ? "from the shipped backbone" : "from scratch",
        cfg.vocabulary() == null ? "" : ", vocabulary " + cfg.vocabulary(),
        sets.train().size(),
        sets.validation().size(),
        sets.skippedNoUri() + sets.skippedNoLabels(),
        cfg.loss().name(),
        why);

    FetchedImages images = new FetchedImages(fetcher, decoder);
    ModelArtifact candidate;
    try {
      candidate =
          trainer.train(sets, vocab, warm, mode, registry.pathFor(version), version, images);
    } catch (NoUsableImagesException e) {
      throw new TrainingException(e.getMessage()); // a condition of the data, not a bug
    } finally {
      reportUnreadable(sets, images);
    }
    Judged judged;
    try {
      checkNotCancelled(candidate);
      judged = judge(candidate, current, readable(sets.validation(), images), images, t0);
      checkNotCancelled(candidate);
    } catch (RuntimeException e) {
      // Not announced, so not a version: a registry directory exists only for an announced
      // candidate.
      try {
        Directories.deleteRecursively(candidate.dir());
      } catch (UncheckedIOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    // Kept if publishing fails: the record may have been written anyway, and a release must never
    // point nowhere.
    publisher.publish(judged.release());
    history.apply(judged.release());
    if (judged.release().getStatus() != ReleaseStatus.CANDIDATE) { // else counted at its verdict
      (judged.decision().promote() ? metrics.promoted : metrics.rejected).increment();
    }
    log.info(
        "candidate {} {}: {} ({})",
        version,
        judged.release().getStatus(),
        judged.decision().reason(),
        mode.label());
    return judged.release();
  }

  private record Judged(ModelRelease release, PromotionGate.Decision decision) {}

  /**
   * Images the training left out as unreadable: counted, and logged with a few ids and reasons
   * (never locations: a URL may carry credentials).
   */
  private void reportUnreadable(ValidationSplit.Sets sets, FetchedImages images) {
    List<ManifestEntry> left =
        Stream.concat(sets.train().stream(), sets.validation().stream())
            .filter(e -> images.reason(e.uri()) != null)
            .toList();
    if (left.isEmpty()) {
      return;
    }
    metrics.unreadableImages.increment(left.size());
    log.warn(
        "left out {} unreadable images of {}; e.g. {}",
        left.size(),
        sets.train().size() + sets.validation().size(),
        left.stream()
            .limit(3)
            .map(e -> e.id() + " (" + images.reason(e.uri()) + ")")
            .collect(Collectors.joining(", ")));
  }

  /** The held-out images the training could read: both models are judged on exactly these. */
  private static List<ManifestEntry> readable(List<ManifestEntry> heldOut, FetchedImages images) {
    return heldOut.stream().filter(e -> images.reason(e.uri()) == null).toList();
  }

  /**
   * Candidate and current model on the same held-out images, the gate's decision, and the release
   * to announce.
   */
  private Judged judge(
      ModelArtifact candidate,
      ModelArtifact current,
      List<ManifestEntry> heldOut,
      FetchedImages images,
      Instant t0) {
    HeldOutEvaluator.Result cand = evaluator.evaluate(candidate, heldOut, images);
    HeldOutEvaluator.Result base =
        current == null ? null : evaluator.evaluate(current, heldOut, images);
    OptionalDouble currentMap =
        base == null ? OptionalDouble.empty() : OptionalDouble.of(base.map());
    metrics.cachedEvaluations.increment(
        (cand.fromCache() ? 1 : 0) + (base != null && base.fromCache() ? 1 : 0));
    metrics.evaluated(cand.map(), currentMap.orElse(Double.NaN));
    PromotionGate.Decision decision = gate.decide(cand.map(), currentMap);

    Map<String, Double> m = new LinkedHashMap<>(cand.report().metrics());
    currentMap.ifPresent(v -> m.put("current.mAP", v));
    m.put("train.images", (double) candidate.info().training().trainImages());
    m.put("validation.images", (double) heldOut.size());
    m.put("skipped.unreadable", (double) candidate.info().training().unreadableImages());
    m.put("training.seconds", Duration.between(t0, clock.instant()).toMillis() / 1000.0);
    m.values().removeIf(v -> v == null);
    // offline+shadow: passing offline only earns a shadow trial against the model in service; with
    // none in service there is nothing to compare with online, and nothing to protect
    boolean shadow = decision.promote() && cfg.shadow().shadow() && current != null;
    ModelRelease release =
        ReleasePublisher.release(
            cfg.modelName(),
            candidate,
            shadow
                ? ReleaseStatus.CANDIDATE
                : decision.promote() ? ReleaseStatus.PROMOTED : ReleaseStatus.REJECTED,
            shadow ? "offline: " + decision.reason() : decision.reason(),
            m,
            clock.instant());
    return new Judged(release, decision);
  }

  /** The artifact in service (see {@link CurrentModel}), or null when no release loads. */
  private ModelArtifact currentArtifact() {
    return CurrentModel.of(history).map(CurrentModel::artifact).orElse(null);
  }

  /**
   * The label set of the next version: the file (else the current model's labels) grown by the
   * labels added on the vocabulary topic, the deprecated ones left out.
   */
  private Vocabulary vocabulary(ModelArtifact current) {
    Vocabulary base =
        cfg.vocabulary() != null
            ? Vocabulary.load(cfg.vocabulary())
            : current != null ? current.vocabulary() : null;
    List<GrownVocabulary.Entry> entries = added.entries();
    if (base == null && entries.stream().allMatch(GrownVocabulary.Entry::deprecated)) {
      throw new TrainingException(
          "no vocabulary: set "
              + TrainerSettings.VOCABULARY.key()
              + " (a labels.json) until a first model exists, or add labels (POST /v1/vocabulary)");
    }
    try {
      return GrownVocabulary.active(base, entries);
    } catch (VocabularyException e) {
      throw new TrainingException("the grown vocabulary is not usable: " + e.getMessage());
    }
  }

  /** One past the highest version in the registry or ever announced, so names never repeat. */
  private String nextVersion() {
    long n =
        Math.max(ReleaseLog.versionNumber(registry.nextVersion()) - 1, history.highestVersion())
            + 1;
    return String.format("v%04d", n);
  }

  private void checkNotCancelled(ModelArtifact candidate) {
    if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      throw new TrainingException(
          "trainer closing: candidate " + candidate.info().version() + " not announced");
    }
  }
}
