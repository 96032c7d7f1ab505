package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.model.artifact.LabelReport;
import dev.tagstream.model.artifact.ShippedBackbone;
import dev.tagstream.model.train.TinyDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, eval and bench model as the CLI runs them: exit codes, JSON on stdout, errors naming the
 * culprit.
 */
class ToolsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String tool, String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(tool.split(" ")));
    all.addAll(List.of(args));
    return Main.run(all, o, e);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void trainThenEvalPrintsMetricsJsonAndWritesAnHtmlReport(@TempDir Path dir) throws Exception {
    TinyDataset d = TinyDataset.create(dir, 64, 32);
    int code =
        run(
            "train",
            "--train",
            dir.resolve("train.jsonl").toString(),
            "--val",
            dir.resolve("val.jsonl").toString(),
            "--labels",
            dir.resolve("labels.json").toString(),
            "--loss",
            "asl",
            "--loss-param",
            "gamma-neg=2",
            "--epochs",
            "3",
            "--batch-size",
            "16",
            "--lr",
            "0.01",
            "--input-size",
            "16",
            "--width",
            "16",
            "--stages",
            "2",
            "--backbone",
            "scratch",
            "--out",
            dir.resolve("model").toString());
    assertEquals(0, code, err());
    JsonNode trained = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals("model", trained.get("version").asText());
    // the artifact carries its label report: every training and validation image counted
    LabelReport labels = LabelReport.read(dir.resolve("model")).orElseThrow();
    assertEquals(Files.readAllLines(dir.resolve("train.jsonl")).size(), labels.trainImages());
    assertEquals(Files.readAllLines(dir.resolve("val.jsonl")).size(), labels.validationImages());
    assertEquals(d.vocabulary.size(), labels.labels().size());
    out.reset();
    Path report = dir.resolve("report.html");
    assertEquals(
        0,
        run(
            "eval",
            "--model",
            dir.resolve("model").toString(),
            "--test",
            dir.resolve("test.jsonl").toString(),
            "--report",
            report.toString()),
        err());
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals(32, json.get("images").asInt());
    assertTrue(json.get("metrics").get("mAP").asDouble() > 0.5, json.toString());
    assertTrue(json.get("metrics").has("R@5"));
    String html = Files.readString(report);
    assertTrue(
        html.contains("<svg") && html.contains("Per-label AP") && html.contains("val mAP"), html);
    assertEquals(true, d.vocabulary.contains("striped"));
  }

  @Test
  void trainsOnATorchScriptBackboneFile(@TempDir Path dir) throws Exception {
    TinyDataset.create(dir, 48, 24);
    Path module = dir.resolve("backbone.pt");
    try (var in = ToolsTest.class.getResourceAsStream("/backbones/small-backbone.pt")) {
      Files.copy(in, module);
    }
    String[] common = {
      "--train",
      dir.resolve("train.jsonl").toString(),
      "--val",
      dir.resolve("val.jsonl").toString(),
      "--labels",
      dir.resolve("labels.json").toString(),
      "--epochs",
      "2",
      "--batch-size",
      "16",
      "--input-size",
      "32"
    };
    assertEquals(
        0,
        run(
            "train",
            concat(
                common,
                "--backbone-file",
                module.toString(),
                "--head-only",
                "--out",
                dir.resolve("frozen").toString())),
        err());
    JsonNode info = new ObjectMapper().readTree(dir.resolve("frozen/model.json").toFile());
    assertEquals("torchscript", info.get("backbone").get("type").asText());
    assertEquals(32, info.get("backbone").get("embeddingDim").asInt());
    err.reset();
    // one source of backbone weights at a time; a module of the wrong input size is named
    assertEquals(
        2,
        run(
            "train",
            concat(
                common,
                "--backbone-file",
                module.toString(),
                "--warm-start",
                dir.resolve("frozen").toString(),
                "--out",
                dir.resolve("both").toString())));
    assertTrue(err().contains("--warm-start and --backbone-file both give the backbone"), err());
    err.reset();
    assertEquals(
        1,
        run(
            "train",
            concat(
                common,
                "--backbone-file",
                dir.resolve("labels.json").toString(),
                "--out",
                dir.resolve("bad").toString())));
    assertTrue(err().contains("as a TorchScript backbone of input size 32"), err());
  }

  @Test
  void trainsOnTheShippedBackboneByDefaultAndNeverTakesShapeFlagsForIt(@TempDir Path dir)
      throws Exception {
    TinyDataset.create(dir, 32, 16);
    String[] common = {
      "--train",
      dir.resolve("train.jsonl").toString(),
      "--val",
      dir.resolve("val.jsonl").toString(),
      "--labels",
      dir.resolve("labels.json").toString(),
      "--epochs",
      "1",
      "--batch-size",
      "16"
    };
    assertEquals(
        0,
        run("train", concat(common, "--head-only", "--out", dir.resolve("m").toString())),
        err());
    JsonNode info = new ObjectMapper().readTree(dir.resolve("m/model.json").toFile());
    assertEquals(
        ShippedBackbone.BACKBONE_SHA256,
        info.get("files").get("backbone.params").asText(),
        "head-only on the shipped backbone keeps its weights");
    assertEquals(4, info.get("backbone").get("stages").asInt());
    assertTrue(err().contains("backbone resnet-64px-w32-d1-s4 from "), err());
    err.reset();
    assertEquals(
        2, run("train", concat(common, "--stages", "2", "--out", dir.resolve("n").toString())));
    assertTrue(
        err()
            .contains(
                "--stages shapes a backbone trained from scratch; the shipped one is fixed. Add"
                    + " --backbone scratch"),
        err());
    err.reset();
    assertEquals(
        2,
        run("train", concat(common, "--backbone", "large", "--out", dir.resolve("n").toString())));
    assertTrue(
        err().contains("backbone=large (from flag --backbone) is refused: use shipped or scratch"),
        err());
    err.reset();
    assertEquals(
        2,
        run(
            "train",
            concat(
                common,
                "--backbone",
                "scratch",
                "--warm-start",
                dir.resolve("m").toString(),
                "--out",
                dir.resolve("n").toString())));
    assertTrue(err().contains("--backbone and --warm-start both give the backbone"), err());
    assertTrue(Files.notExists(dir.resolve("n")));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void badFlagsAndFilesAreNamed(@TempDir Path dir) throws Exception {
    assertEquals(2, run("train", "--trian", "x"));
    assertTrue(err().contains("unknown option --trian; did you mean --train?"), err());
    err.reset();
    assertEquals(2, run("eval", "--model", dir.toString()));
    assertTrue(err().contains("--test is required (or set TAGSTREAM_TEST)"), err());
    err.reset();
    assertEquals(2, run("eval", "--model", dir.resolve("nope").toString(), "--test", "t"));
    assertTrue(
        err().contains("model=" + dir.resolve("nope") + " (from flag --model) does not exist"),
        err());
    err.reset();
    TinyDataset.create(dir, 4, 4);
    assertEquals(
        2, // a configuration mistake, caught before any data is read
        run(
            "train",
            "--train",
            dir.resolve("train.jsonl").toString(),
            "--val",
            dir.resolve("val.jsonl").toString(),
            "--labels",
            dir.resolve("labels.json").toString(),
            "--loss",
            "focal",
            "--out",
            dir.resolve("m").toString()));
    assertTrue(
        err().contains("loss=focal (from flag --loss) is refused: use one of [")
            && err().lines().count() == 1,
        err());
    err.reset();
    assertEquals(
        1, run("eval", "--model", dir.toString(), "--test", dir.resolve("test.jsonl").toString()));
    assertTrue(err().contains("missing model.json"), err());
    err.reset();
    assertEquals(2, run("train", "--epochs", "many", "--train", "a"));
  }

  @Test
  void helpExitsZeroAndListsFlags() {
    assertEquals(0, run("train", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--loss-param"));
    assertEquals(0, run("bench model", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--batch-sizes"));
  }
}
