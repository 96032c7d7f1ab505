package dev.tagstream.ingest;

import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real ingest service on the test broker, on a free loopback port, started and ready to answer.
 */
final class IngestHarness {
  private IngestHarness() {}

  /**
   * Starts ingest with its view state under {@code dir}; {@code flags} add to or override the
   * defaults.
   */
  static Service start(KafkaConfig kafka, Path dir, String... flags) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--ingest.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--ingest.view-state-dir",
                dir.resolve("state").toString()));
    args.addAll(List.of(flags));
    IngestServiceFactory f = new IngestServiceFactory();
    Service service = f.create(kafka, Settings.parse(f.settings(), args, Map.of()));
    service.start();
    Http probe = new Http(service.httpPort(), null);
    Awaits.until(
        Duration.ofSeconds(60),
        () -> probe.get("/readyz").status() == 200,
        "the view to become ready");
    return service;
  }
}
