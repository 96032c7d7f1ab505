package dev.tagstream.worker.pipeline;

import java.time.Duration;

/**
 * Shape of the scoring pipeline: batching, fetch/decode parallelism, what a prediction carries, and
 * the percent of images a candidate also scores in shadow (0: never, no cost).
 */
public record PipelineConfig(
    int batchSize,
    Duration maxWait,
    int fetchThreads,
    boolean includeProbabilities,
    boolean includeEmbedding,
    int shadowPercent) {
  public PipelineConfig {
    if (batchSize < 1 || fetchThreads < 1 || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "batchSize >= 1, fetchThreads >= 1 and maxWait >= 0 required");
    }
    if (shadowPercent < 0 || shadowPercent > 100) {
      throw new IllegalArgumentException("shadowPercent must be 0..100, got " + shadowPercent);
    }
  }

  /** Without shadow scoring. */
  public PipelineConfig(
      int batchSize,
      Duration maxWait,
      int fetchThreads,
      boolean includeProbabilities,
      boolean includeEmbedding) {
    this(batchSize, maxWait, fetchThreads, includeProbabilities, includeEmbedding, 0);
  }
}
