package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.datasets.EmojiPackageFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's offline path, run as written: build a dataset, train on it, evaluate the model. Each
 * command line is taken verbatim from the README (the test fails if the README changes it), its
 * placeholders filled with small values; the only addition is the emoji artwork fixture (no npm
 * here).
 */
class DocumentedRunsIT {
  static final String DATASET =
      "./tagstream dataset emoji-scenes --out DIR --train N --val N --test N --seed S"
          + " --observed full|single|partial:P";
  static final String TRAIN =
      "./tagstream train --train A.jsonl --val B.jsonl --labels labels.json --loss NAME"
          + " [--loss-param k=v ...] --epochs N --out DIR";
  static final String EVAL = "./tagstream eval --model DIR --test C.jsonl [--report report.html]";

  /** The README as one line of words, so a command broken over two lines is still found. */
  private static String readme() throws Exception {
    return String.join(
        " ", Files.readString(DocumentedCommandsTest.repo().resolve("README.md")).split("\\s+"));
  }

  /**
   * The template's words after ./tagstream, each placeholder replaced by its value ([...] optional
   * parts too).
   */
  private static List<String> fill(String template, Map<String, String> values) {
    List<String> out = new ArrayList<>();
    for (String w :
        template.replace("./tagstream ", "").replace("[", "").replace("]", "").split(" ")) {
      if (!w.equals("...")) {
        out.add(values.getOrDefault(w, w));
      }
    }
    return out;
  }

  private static String[] run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {
      Integer.toString(rc),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void datasetThenTrainThenEvalAsTheReadmeShowsThem(@TempDir Path dir) throws Exception {
    String readme = readme();
    for (String t : List.of(DATASET, TRAIN, EVAL)) {
      assertTrue(
          readme.contains("`" + t + "`") || readme.contains(t), "the README no longer shows: " + t);
    }
    Path assets = EmojiPackageFixture.write(dir.resolve("assets"));
    Path data = dir.resolve("data");

    // the --train N --val N --test N placeholders take their values in order
    List<String> dataset =
        fill(
            DATASET,
            Map.of("DIR", data.toString(), "S", "3", "full|single|partial:P", "partial:0.5"));
    List<String> sizes = new ArrayList<>(List.of("48", "16", "16"));
    dataset.replaceAll(w -> w.equals("N") ? sizes.remove(0) : w);
    List<String> withArt = new ArrayList<>(dataset);
    withArt.addAll(List.of("--assets", assets.toString(), "--vendors", "google"));
    String[] d = run(withArt);
    assertEquals("0", d[0], d[2]);
    assertTrue(
        Files.exists(data.resolve("train.jsonl")) && Files.exists(data.resolve("labels.json")),
        d[1]);

    Path model = dir.resolve("model");
    String[] t =
        run(
            fill(
                TRAIN,
                Map.of(
                    "A.jsonl",
                    data.resolve("train.jsonl").toString(),
                    "B.jsonl",
                    data.resolve("val.jsonl").toString(),
                    "labels.json",
                    data.resolve("labels.json").toString(),
                    "NAME",
                    "weighted",
                    "k=v",
                    "wn=0.5",
                    "N",
                    "1",
                    "DIR",
                    model.toString())));
    assertEquals("0", t[0], t[2]);
    JsonNode trained = new ObjectMapper().readTree(t[1]);
    assertEquals("model", trained.get("version").asText());
    assertTrue(
        t[2].contains("backbone resnet-64px-w32-d1-s4 from "),
        "train starts from the shipped backbone:\n" + t[2]);

    Path report = dir.resolve("report.html");
    String[] e =
        run(
            fill(
                EVAL,
                Map.of(
                    "DIR",
                    model.toString(),
                    "C.jsonl",
                    data.resolve("test.jsonl").toString(),
                    "report.html",
                    report.toString())));
    assertEquals("0", e[0], e[2]);
    JsonNode metrics = new ObjectMapper().readTree(e[1]).get("metrics");
    assertTrue(metrics.get("mAP").asDouble() > 0, e[1]);
    assertTrue(metrics.has("mAP emoji"), "eval reports mAP per hierarchy level: " + e[1]);
    assertTrue(Files.readString(report).contains("Per-label AP"));
  }
}
