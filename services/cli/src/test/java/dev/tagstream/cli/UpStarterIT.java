package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's three-line session, exactly: {@code up} with no arguments in an empty directory,
 * {@code submit --dir examples}, {@code tail predictions}. The starter model tags the sample images
 * at once, before any training.
 */
class UpStarterIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void upWithNoArgumentsServesTheStarterModelsTagsForTheSampleImages(@TempDir Path dir)
      throws Exception {
    // no arguments means the default ports: say plainly when something else holds one, rather than
    // a vague failure
    for (int port : new int[] {9092, 8080, 8081, 8082, 8083}) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        throw new AssertionError(
            "port " + port + " is in use; this test runs up at its defaults", e);
      }
    }
    Path examples = dir.resolve("examples");
    Files.createDirectories(examples);
    try (Stream<Path> files = Files.list(Path.of("../../examples"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".png")).toList()) {
        Files.copy(f, examples.resolve(f.getFileName()));
      }
    }
    List<String> cmd = MainJvm.command(List.of("-Xmx2g", "-Dai.djl.offline=true"), "up");
    Path log = Files.createTempFile("up-starter", ".log");
    Process up =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      UpCommandIT.awaitLine(log, "serving the starter model starter-emoji-scenes", up);
      assertTrue(
          Files.readString(log).contains("file: images under " + dir.toRealPath()),
          Files.readString(log));
      awaitReady(
          8081, up, log); // the worker: ready once it serves a model, here the starter at once

      Run submit = run("submit", "--dir", examples.toString());
      assertEquals(0, submit.rc, submit.err);

      JsonNode seen = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      List<JsonNode> predictions = List.of();
      while (predictions.size() < 4 && System.nanoTime() < deadline) {
        Run tail = run("tail", "predictions");
        assertEquals(0, tail.rc, tail.err);
        predictions = tail.out.lines().map(UpStarterIT::parse).toList();
        Thread.sleep(500);
      }
      assertEquals(4, predictions.size(), "one prediction per sample image");
      for (JsonNode p : predictions) {
        JsonNode value = p.get("value");
        assertEquals("starter-emoji-scenes", value.get("modelVersion").asText());
        assertTrue(value.get("labels").size() >= 1, "at least one tag: " + value);
        if (value.get("id").asText().contains("scene-0")) {
          seen = value;
        }
      }
      // scene-0 is a flag of Sudan: the starter's best tag for it (StarterModelTest pins the same
      // ranking)
      assertEquals(
          "country-flag", seen.get("labels").get(0).get("label").asText(), seen.toString());
    } finally {
      up.destroy();
      boolean exited = up.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        up.destroyForcibly();
      }
      assertTrue(
          exited, "tagstream up did not stop within 60 s of SIGTERM:\n" + Files.readString(log));
    }
  }

  private static void awaitReady(int port, Process p, Path log) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), "tagstream up exited:\n" + Files.readString(log));
      try {
        if (http.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/readyz"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "/readyz on " + port + " never answered 200:\n" + Files.readString(log));
  }

  private record Run(int rc, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("tail printed a line that is not JSON: " + line, e);
    }
  }
}
