package dev.tagstream.ingest;

import dev.tagstream.ingest.api.ApiConfig;
import java.nio.file.Path;

/** The ingest service's validated configuration. */
record IngestConfig(String bind, int port, ApiConfig api, String viewApplicationId, Path viewStateDir) {}
