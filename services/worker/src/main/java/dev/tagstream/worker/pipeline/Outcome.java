package dev.tagstream.worker.pipeline;

import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.Prediction;

/**
 * What became of one consumed record: exactly one of a prediction or a dead letter, and with a
 * prediction possibly a candidate's shadow prediction of the same image (null when not sampled or
 * nothing is shadowed). The record's offset is safe only once every output it names is.
 */
public record Outcome(
    String topic,
    int partition,
    long offset,
    String key,
    Prediction prediction,
    Failure failure,
    Prediction shadow) {
  public Outcome {
    if ((prediction == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of prediction and failure");
    }
    if (shadow != null && prediction == null) {
      throw new IllegalArgumentException("a shadow prediction only beside a prediction");
    }
  }

  static Outcome scored(ImageJob job, Prediction p, Prediction shadow) {
    return new Outcome(job.topic(), job.partition(), job.offset(), p.getId(), p, null, shadow);
  }

  public static Outcome failed(String topic, int partition, long offset, String key, Failure f) {
    return new Outcome(topic, partition, offset, key, null, f, null);
  }

  public boolean isFailure() {
    return failure != null;
  }
}
