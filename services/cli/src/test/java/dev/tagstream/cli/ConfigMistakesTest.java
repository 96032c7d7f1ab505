package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration mistake, run as a user runs it (a new JVM with its own environment): exit
 * status 2, one line on stderr naming the key, the value, where it came from and what is valid, and
 * no broker started (no storage formatted under --data-dir, nothing on stdout, a quick exit, no DJL
 * or Kafka class loaded).
 */
class ConfigMistakesTest {
  @TempDir static Path dir;

  /**
   * A bad invocation: the command line ({@code DIR} is the test's folder), the environment, the
   * expected line.
   */
  record Mistake(String name, String args, Map<String, String> env, String line) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void files() throws IOException {
    Files.writeString(dir.resolve("labels.json"), "[{\"name\": \"cat\", \"parents\": []}]");
    Files.writeString(dir.resolve("train.jsonl"), "");
    Files.writeString(dir.resolve("val.jsonl"), "");
    Files.createDirectories(dir.resolve("model-v1"));
    Files.writeString(dir.resolve("typo.properties"), "worker.batchsize=8\n");
    Files.writeString(dir.resolve("bool.properties"), "worker.include-probabilities=maybe\n");
    // Loads the command classes once, as any run does before it parses; the in-process timing is of
    // the parse.
    Main.run(
        List.of("--help"),
        new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
        System.err);
  }

  static Stream<Mistake> mistakes() {
    String up = "up --data-dir DIR/data --vocabulary DIR/labels.json ";
    String train = "train --train DIR/train.jsonl --val DIR/val.jsonl --labels DIR/labels.json ";
    return Stream.of(
        new Mistake(
            "bare non-boolean option",
            "worker --data-dir DIR/data --worker.batch-size",
            Map.of(),
            "tagstream worker: worker.batch-size (from flag --worker.batch-size) has no value: give"
                + " --worker.batch-size VALUE; only true/false switches may stand alone"),
        new Mistake(
            "number, in up, before the broker",
            up + "--worker.batch-size abc",
            Map.of(),
            "tagstream up: worker.batch-size=abc (from flag --worker.batch-size) is not a whole number (must be"
                + " between 1 and 4096)"),
        new Mistake(
            "up with no vocabulary: found before the starter model is unpacked",
            "up --data-dir DIR/data --worker.top-k 0",
            Map.of(),
            "tagstream up: worker.top-k=0 (from flag --worker.top-k) must be between 1 and 100000"),
        new Mistake(
            "duration",
            up + "--worker.max-wait soon",
            Map.of(),
            "tagstream up: worker.max-wait=soon (from flag --worker.max-wait) is not a duration (e.g. 250ms, 30s,"
                + " 5m, 2h); must be between 0 ms and 60000 ms"),
        new Mistake(
            "enum, from the environment",
            "worker --data-dir DIR/data",
            Map.of("TAGSTREAM_WORKER_DELIVERY", "twice"),
            "tagstream worker: worker.delivery=twice (from environment variable TAGSTREAM_WORKER_DELIVERY) is"
                + " refused: use at-least-once or exactly-once"),
        new Mistake(
            "path that must exist",
            "eval --model DIR/none --test DIR/val.jsonl",
            Map.of(),
            "tagstream eval: model=DIR/none (from flag --model) does not exist (give an existing file or"
                + " directory)"),
        new Mistake(
            "path that must not exist: train --out",
            train + "--out DIR/model-v1",
            Map.of(),
            "tagstream train: out=DIR/model-v1 (from flag --out) already exists; it is never overwritten (give a"
                + " path that does not exist)"),
        new Mistake(
            "list",
            "bench model --batch-sizes 1,x",
            Map.of(),
            "tagstream bench model: batch-sizes=1,x (from flag --batch-sizes) has 'x', not a whole number between 1"
                + " and 4096"),
        new Mistake(
            "boolean, from a config file",
            "worker --data-dir DIR/data --config DIR/bool.properties",
            Map.of(),
            "tagstream worker: worker.include-probabilities=maybe (from config file key"
                + " worker.include-probabilities) is not a boolean (true/false)"),
        new Mistake(
            "unknown flag",
            "worker --worker.batch-sise 8",
            Map.of(),
            "tagstream worker: unknown option --worker.batch-sise; did you mean --worker.batch-size? (see --help for"
                + " the options of this command)"),
        new Mistake(
            "unknown TAGSTREAM_ variable",
            "worker --data-dir DIR/data",
            Map.of("TAGSTREAM_WORKER_BATCH_SIZ", "8"),
            "tagstream worker: unknown environment variable TAGSTREAM_WORKER_BATCH_SIZ=8; did you mean"
                + " TAGSTREAM_WORKER_BATCH_SIZE? (no tagstream command reads it; see tagstream config)"),
        new Mistake(
            "unknown file key",
            "worker --data-dir DIR/data --config DIR/typo.properties",
            Map.of(),
            "tagstream worker: unknown key 'worker.batchsize' in config file DIR/typo.properties; did you mean"
                + " worker.batch-size? (see --help)"),
        new Mistake(
            "train honours the environment",
            train + "--out DIR/model-v2",
            Map.of("TAGSTREAM_EPOCHS", "abc"),
            "tagstream train: epochs=abc (from environment variable TAGSTREAM_EPOCHS) is not a whole number (must be"
                + " between 1 and 100000)"),
        new Mistake(
            "dataset --observed partial:2",
            "dataset emoji-scenes --out DIR/scenes --observed partial:2",
            Map.of(),
            "tagstream dataset emoji-scenes: observed=partial:2 (from flag --observed) is refused:"
                + " partial:P needs 0 < P <= 1, got 2.0"),
        new Mistake(
            "a stray word after a switch",
            "worker --worker.include-probabilities maybe",
            Map.of(),
            "tagstream worker: unexpected argument 'maybe': options are --key value (a switch's value as"
                + " --key=false); see --help"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void exitsTwoWithOneLineAndStartsNoBroker(Mistake m) throws Exception {
    List<String> cmd = MainJvm.command(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"));
    for (String a : m.args().split(" ")) {
      cmd.add(a.replace("DIR", dir.toString()));
    }
    deleteTree(dir.resolve("data")); // so that each case shows whether it formatted broker storage
    Path classLog = Files.createTempFile(dir, "classes", ".log");
    cmd.add(1, "-Xlog:class+load=info:file=" + classLog);
    Path outFile = Files.createTempFile(dir, "out", ".txt");
    Path errFile = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(outFile.toFile())
            .redirectError(errFile.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("TAGSTREAM_"));
    env.put(
        "TAGSTREAM_JAVA_OPTS", "-Xmx1g"); // the launcher's variable is never reported as unknown
    env.putAll(m.env());
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean exited = p.waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(); // a command that accepted the mistake and went on running
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String stderr = Files.readString(errFile);
    assertTrue(exited, "still running after 30 s: " + stderr);
    String stdout = Files.readString(outFile);
    assertEquals(2, p.exitValue(), stderr);
    assertEquals(m.line().replace("DIR", dir.toString()) + "\n", stderr);
    assertEquals("", stdout);
    assertFalse(
        Files.exists(dir.resolve("data").resolve("kafka")), "no broker storage was formatted");
    assertEquals(List.of(), heavyClasses(classLog), "loaded before the mistake was reported");
    System.out.printf("%-45s exit 2 after %d ms (JVM start included)%n", m.name(), ms);
    assertTrue(
        ms < 10_000,
        "a configuration mistake is reported at once, not after a broker start: " + ms + " ms");
  }

  /**
   * The engine and broker classes a JVM loaded (from its -Xlog:class+load file): none may load
   * before a configuration mistake is reported, or every mistake pays for them (DJL's training
   * classes once did, through the loss table the help texts name).
   */
  static List<String> heavyClasses(Path classLog) throws IOException {
    List<String> heavy = new ArrayList<>();
    for (String line : Files.readAllLines(classLog)) {
      int at = line.lastIndexOf("] ");
      String name = at < 0 ? "" : line.substring(at + 2).split(" ")[0];
      if (name.startsWith("ai.djl.")
          || name.startsWith("org.apache.kafka.")
          || name.startsWith("kafka.")) {
        heavy.add(name);
      }
    }
    return heavy;
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> all = Files.walk(root)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * The child-process time above includes the JVM start and class loading, which a loaded machine
   * stretches.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void inProcessTheMistakeIsFoundWithinASecond(Mistake m) {
    if (!m.env().isEmpty()) {
      return; // the environment is the process's own; the child-process test covers these
    }
    List<String> args = new ArrayList<>();
    for (String a : m.args().split(" ")) {
      args.add(a.replace("DIR", dir.toString()));
    }
    var err = new java.io.ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int rc =
        Main.run(
            args,
            new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(2, rc);
    assertEquals(
        m.line().replace("DIR", dir.toString()) + "\n", err.toString(StandardCharsets.UTF_8));
    assertTrue(ms < 1_000, m.name() + " took " + ms + " ms");
  }
}
