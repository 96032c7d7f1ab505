package dev.tagstream.ingest.review;

import dev.tagstream.contracts.Prediction;
import java.util.function.Consumer;

/**
 * What the review queue reads: every image's latest prediction and what is already known about its
 * labels.
 */
public interface ReviewSource {
  /**
   * Visits every latest prediction; throws {@link dev.tagstream.ingest.api.ImageLookup.Unavailable}
   * while starting.
   */
  void forEachPrediction(Consumer<Prediction> each);

  KnownLabels known(String id);
}
