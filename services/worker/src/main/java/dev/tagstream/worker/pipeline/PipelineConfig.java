package dev.tagstream.worker.pipeline;

import java.time.Duration;

/**
 * Shape of the scoring pipeline: batching, fetch/decode and inference parallelism (inference
 * threads 0: the worker chooses them, see ThreadSplit, and a pipeline built directly runs one;
 * intra-op threads 0: each inference thread keeps libtorch's process-wide count), what a prediction
 * carries, and the percent of images a candidate also scores in shadow (0: never, no cost).
 */
public record PipelineConfig(
    int batchSize,
    Duration maxWait,
    int fetchThreads,
    int inferenceThreads,
    int intraOpThreads,
    boolean includeProbabilities,
    boolean includeEmbedding,
    int shadowPercent) {
  public PipelineConfig {
    if (batchSize < 1
        || fetchThreads < 1
        || inferenceThreads < 0
        || intraOpThreads < 0
        || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "batchSize >= 1, fetchThreads >= 1, inferenceThreads >= 0, intraOpThreads >= 0 and"
              + " maxWait >= 0 required");
    }
    if (shadowPercent < 0 || shadowPercent > 100) {
      throw new IllegalArgumentException("shadowPercent must be 0..100, got " + shadowPercent);
    }
  }

  /** The same shape with {@code threads} inference threads, each on {@code intraOp} threads. */
  public PipelineConfig withInference(int threads, int intraOp) {
    return new PipelineConfig(
        batchSize,
        maxWait,
        fetchThreads,
        threads,
        intraOp,
        includeProbabilities,
        includeEmbedding,
        shadowPercent);
  }

  /** One inference thread, without shadow scoring. */
  public PipelineConfig(
      int batchSize,
      Duration maxWait,
      int fetchThreads,
      boolean includeProbabilities,
      boolean includeEmbedding) {
    this(batchSize, maxWait, fetchThreads, 1, 0, includeProbabilities, includeEmbedding, 0);
  }
}
