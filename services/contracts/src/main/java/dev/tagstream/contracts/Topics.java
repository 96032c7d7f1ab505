package dev.tagstream.contracts;

import java.util.List;
import java.util.Optional;

/**
 * The one place that declares every topic: name, key, value schema (see the topic table in
 * DESIGN.md).
 */
public final class Topics {
  private Topics() {}

  public static final Topic<ImageReference> IMAGES =
      new Topic<>(
          "images", "image id", ImageReference.class, ImageReference.getClassSchema(), false);
  public static final Topic<Prediction> PREDICTIONS =
      new Topic<>("predictions", "image id", Prediction.class, Prediction.getClassSchema(), false);
  public static final Topic<Failure> FAILURES =
      new Topic<>("failures", "image id", Failure.class, Failure.getClassSchema(), false);
  public static final Topic<LabelConfirmation> LABELS =
      new Topic<>(
          "labels", "image id", LabelConfirmation.class, LabelConfirmation.getClassSchema(), false);
  // Compacted: the newest state of each image is the training set, so older states may go.
  public static final Topic<LabelState> LABEL_STATE =
      new Topic<>("label-state", "image id", LabelState.class, LabelState.getClassSchema(), true);
  // Compacted would lose rejected and older releases, which the models page and rollback need.
  public static final Topic<ModelRelease> MODELS =
      new Topic<>("models", "model name", ModelRelease.class, ModelRelease.getClassSchema(), false);

  // Compacted: the newest entry per label name is the label; labels.json plus these is the
  // vocabulary.
  public static final Topic<VocabularyEntry> VOCABULARY =
      new Topic<>(
          "vocabulary",
          "label name",
          VocabularyEntry.class,
          VocabularyEntry.getClassSchema(),
          true);

  // A candidate's scores of a sample of live traffic, judged like predictions but never served:
  // the same value type, its own topic, so no reader of predictions ever mistakes one for a result.
  public static final Topic<Prediction> SHADOW_PREDICTIONS =
      new Topic<>(
          "shadow-predictions", "image id", Prediction.class, Prediction.getClassSchema(), false);

  public static List<Topic<?>> all() {
    return List.of(
        IMAGES, PREDICTIONS, FAILURES, LABELS, LABEL_STATE, MODELS, VOCABULARY, SHADOW_PREDICTIONS);
  }

  /** Finds a topic by its base name or by its prefixed name. */
  public static Optional<Topic<?>> byName(String name, String prefix) {
    return all().stream()
        .filter(t -> t.baseName().equals(name) || t.name(prefix).equals(name))
        .findFirst();
  }
}
