package dev.tagstream.ingest;

import dev.tagstream.core.config.HttpConfig;
import dev.tagstream.ingest.api.ApiConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The ingest service's validated configuration. fileRoots: where file: images shown to reviewers
 * may lie.
 */
record IngestConfig(
    HttpConfig http,
    ApiConfig api,
    String viewApplicationId,
    Path viewStateDir,
    List<Path> fileRoots) {
  IngestConfig {
    fileRoots = List.copyOf(fileRoots);
  }
}
