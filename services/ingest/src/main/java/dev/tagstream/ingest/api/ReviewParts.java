package dev.tagstream.ingest.api;

import dev.tagstream.ingest.review.FileRoots;
import dev.tagstream.ingest.review.LabelStatistics;
import dev.tagstream.ingest.review.ModelArtifacts;
import dev.tagstream.ingest.review.ReviewQueue;

/**
 * What the review pages need from the service: the queue, the announced models, the file-image
 * roots and every label's figures.
 */
public record ReviewParts(
    ReviewQueue queue, ModelArtifacts artifacts, FileRoots fileRoots, LabelStatistics labels) {}
