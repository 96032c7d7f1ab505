package dev.tagstream.worker.pipeline;

import java.time.Duration;

/**
 * Shape of the scoring pipeline: batching, fetch/decode parallelism, and what a prediction carries.
 */
public record PipelineConfig(
    int batchSize,
    Duration maxWait,
    int fetchThreads,
    boolean includeProbabilities,
    boolean includeEmbedding) {
  public PipelineConfig {
    if (batchSize < 1 || fetchThreads < 1 || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "batchSize >= 1, fetchThreads >= 1 and maxWait >= 0 required");
    }
  }
}
