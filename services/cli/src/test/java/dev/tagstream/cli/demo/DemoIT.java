package dev.tagstream.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.cli.Main;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.SchemaRegistryClient;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.datasets.EmojiPackageFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop, small: every service on an embedded broker; feedback from the simulated reviewer
 * triggers a retrain; the trainer announces a second version; the worker's predictions switch to it
 * when it is promoted.
 */
class DemoIT {
  /** A demo small enough for a test: 120 training images, 120 reviews, 80 streamed, 40 test. */
  private static List<String> smallDemo(Path dir, Path assets, int epochs, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "demo",
                "--dir",
                dir.resolve("demo").toString(),
                "--assets",
                assets.toString(),
                "--vendors",
                "google",
                "--train",
                "120",
                "--reviews",
                "120",
                "--stream",
                "80",
                "--test",
                "40",
                "--epochs",
                Integer.toString(epochs),
                "--size",
                "64",
                "--timeout",
                "5m"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void feedbackTriggersARetrainAndTheWorkerSwitchesToThePromotedVersion(@TempDir Path dir)
      throws Exception {
    Path assets = EmojiPackageFixture.write(dir.resolve("assets"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            smallDemo(dir, assets, 2),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String o = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, o + err.toString(StandardCharsets.UTF_8));
    assertTrue(o.contains("v0001 PROMOTED: initial model"), o);
    Matcher v2 = Pattern.compile("v0002 (PROMOTED|REJECTED): ").matcher(o);
    assertTrue(v2.find(), "the feedback triggered no second training:\n" + o);
    if (v2.group(1).equals("PROMOTED")) {
      // Every image streamed after the promotion was scored by the new version.
      assertTrue(o.contains("the worker has loaded v0002"), o);
      assertTrue(o.contains("40 of 40 images after the retrain were scored by v0002"), o);
    } else {
      assertTrue(o.contains("v0001 kept serving"), o);
    }
    assertTrue(
        Pattern.compile("\\| v0001 \\| PROMOTED \\| 0\\.\\d{3} \\| 0\\.\\d{3} \\|")
            .matcher(o)
            .find(),
        o);
    assertTrue(o.contains("dead letters: 0"), o);
    // the report says what the first model learned from, in words, and how it does per hierarchy
    // level
    assertTrue(
        o.contains(
            "loss: weighted binary cross-entropy: present labels weight w_p = 1, absent or unknown"
                + " labels weight w_n = 0.5"),
        o);
    assertTrue(
        Pattern.compile(
                "observed positives per label in the bootstrap, over the \\d+ labels in the test set: "
                    + "0: \\d+, 1-2: \\d+, 3-9: \\d+, 10\\+: \\d+")
            .matcher(o)
            .find(),
        o);
    assertTrue(
        Pattern.compile(
                "\\| v0001 \\| PROMOTED( \\| [0-9.]+){3} \\| [0-9.]+ / [0-9.]+ / [0-9.]+ \\|")
            .matcher(o)
            .find(),
        "P@1 and per-level mAP columns:\n" + o);
    assertTrue(Files.exists(dir.resolve("demo/demo-report.html")));
    assertTrue(Files.exists(dir.resolve("demo/reports/v0001.html")));
  }

  /**
   * {@code demo --serde registry} without a URL: the demo starts its own Apicurio Registry, prints
   * its URL, registers every topic's subject there (seen while the demo runs) and stops it at the
   * end.
   */
  @Test
  void withoutARegistryUrlTheDemoStartsOneRegistersEverySubjectThereAndStopsIt(@TempDir Path dir)
      throws Exception {
    Path assets = EmojiPackageFixture.write(dir.resolve("assets"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = smallDemo(dir, assets, 1, "--serde", "registry");
    ExecutorService demo = Executors.newSingleThreadExecutor();
    Map<String, List<Integer>> seen = new TreeMap<>();
    int rc;
    SchemaRegistryClient registry;
    try {
      Future<Integer> run =
          demo.submit(
              () ->
                  Main.run(
                      args,
                      new PrintStream(out, true, StandardCharsets.UTF_8),
                      new PrintStream(err, true, StandardCharsets.UTF_8)));
      Pattern printed =
          Pattern.compile("schema registry: (http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7) ");
      Matcher url = printed.matcher("");
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!url.reset(out.toString(StandardCharsets.UTF_8)).find()
          && !run.isDone()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(url.find(0), "no registry URL printed:\n" + out + err);
      registry = new SchemaRegistryClient(URI.create(url.group(1)), null);
      // The services register the subjects once the broker is up, while the demo goes on.
      while (seen.size() < TOPICS.size() && !run.isDone() && System.nanoTime() < deadline) {
        for (String topic : TOPICS) {
          List<Integer> versions = registry.versions(topic + "-value");
          if (!versions.isEmpty()) {
            seen.put(topic, versions);
          }
        }
        Thread.sleep(200);
      }
      rc = run.get(10, TimeUnit.MINUTES);
    } finally {
      demo.shutdownNow();
      ValueEncoding.reset();
    }
    String o = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, o + err.toString(StandardCharsets.UTF_8));
    Map<String, List<Integer>> expected = new TreeMap<>();
    TOPICS.forEach(t -> expected.put(t, List.of(1)));
    assertEquals(expected, seen, "subjects in the demo's registry while it ran");
    assertTrue(o.contains("v0001 PROMOTED: initial model"), o);
    assertTrue(o.contains("dead letters: 0"), o);
    RegistryException stopped = assertThrows(RegistryException.class, registry::compatibility);
    assertEquals(0, stopped.status(), "the registry still answers: " + stopped.getMessage());
  }

  // every topic's subject: the services register them all at start
  private static final List<String> TOPICS = Topics.all().stream().map(Topic::baseName).toList();
}
