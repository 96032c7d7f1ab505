package dev.tagstream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.bench.tools.EvalCommand;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.model.artifact.ArtifactLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Evaluates a released version on the test manifest with {@code tagstream eval}, keeping its HTML
 * report.
 */
final class DemoEvaluation {
  private DemoEvaluation() {}

  /** The eval JSON ({@code metrics.mAP}, ..., {@code report}) of the release's artifact. */
  static JsonNode evaluate(ModelRelease r, Path testManifest, Path reports, PrintStream err)
      throws Exception {
    Files.createDirectories(reports);
    Path dir = ArtifactLocation.toPath(r.getArtifactUri());
    Path report = reports.resolve(r.getVersion() + ".html");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    int rc =
        new EvalCommand()
            .run(
                List.of(
                    "--model",
                    dir.toString(),
                    "--test",
                    testManifest.toString(),
                    "--report",
                    report.toString()),
                new PrintStream(json, true, StandardCharsets.UTF_8),
                err);
    if (rc != 0) {
      throw new IllegalStateException("eval of " + r.getVersion() + " failed (exit " + rc + ")");
    }
    return new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8));
  }
}
