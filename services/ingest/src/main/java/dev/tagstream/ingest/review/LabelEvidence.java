package dev.tagstream.ingest.review;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a label's history is computed from: the training set as the feedback service folded it, and
 * each image's direct decisions beside its latest prediction. Both visits throw {@link
 * dev.tagstream.ingest.api.ImageLookup.Unavailable} while the view starts.
 */
public interface LabelEvidence {
  /** Visits every image's label state ({@code label-state}). */
  void forEachLabelState(Consumer<LabelState> each);

  /** Visits every image with a direct decision, with its latest prediction or null. */
  void forEachDecided(BiConsumer<LabelState, Prediction> each);
}
