package dev.tagstream.worker.pipeline;

import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.Prediction;

/** What became of one consumed record: exactly one of a prediction or a dead letter. */
public record Outcome(
    String topic, int partition, long offset, String key, Prediction prediction, Failure failure) {
  public Outcome {
    if ((prediction == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of prediction and failure");
    }
  }

  static Outcome scored(ImageJob job, Prediction p) {
    return new Outcome(job.topic(), job.partition(), job.offset(), p.getId(), p, null);
  }

  public static Outcome failed(String topic, int partition, long offset, String key, Failure f) {
    return new Outcome(topic, partition, offset, key, null, f);
  }

  public boolean isFailure() {
    return failure != null;
  }
}
