package dev.tagstream.worker.pipeline;

import dev.tagstream.contracts.ImageReference;

/** One image to score and where its reference came from (for dead letters and offset tracking). */
public record ImageJob(
    ImageReference reference, String topic, int partition, long offset, long receivedNanos) {}
