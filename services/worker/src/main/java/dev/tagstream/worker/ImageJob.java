package dev.tagstream.worker;

import dev.tagstream.contracts.ImageReference;

/** One image to score and where its reference came from (for dead letters and offset tracking). */
record ImageJob(ImageReference reference, String topic, int partition, long offset, long receivedNanos) {}
