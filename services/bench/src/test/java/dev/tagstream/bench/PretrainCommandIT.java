package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.bench.tools.TrainCommand;
import dev.tagstream.datasets.EmojiPackageFixture;
import dev.tagstream.datasets.EmojiScenesBuilder;
import dev.tagstream.datasets.EmojiScenesConfig;
import dev.tagstream.datasets.ObservedLabels;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pretrain emoji on fixture art, then its artifact feeds train --warm-start and bench losses
 * --pretrained.
 */
class PretrainCommandIT {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(dev.tagstream.core.cli.Command c, List<String> args) throws Exception {
    out.reset();
    err.reset();
    return c.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void pretrainedBackboneWarmStartsTrainingAndTheLossBenchmark() throws Exception {
    Path assets = EmojiPackageFixture.write(tmp.resolve("assets"));
    Path pretrained = tmp.resolve("pretrained");
    List<String> args =
        List.of(
            "--out",
            pretrained.toString(),
            "--vendors",
            "google",
            "--assets",
            assets.toString(),
            "--input-size",
            "32",
            "--width",
            "16",
            "--stages",
            "2",
            "--epochs",
            "2",
            "--views",
            "2");
    assertEquals(0, run(new PretrainCommand(), args), err.toString(StandardCharsets.UTF_8));
    JsonNode printed = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    ModelArtifact a = ModelArtifact.load(pretrained);
    assertEquals(printed.get("classes").asInt(), a.vocabulary().size());
    assertEquals(3, a.vocabulary().size()); // every second of the fixture's 6 emoji
    assertEquals("resnet-32px-w16-d1-s2", a.info().backbone().id());
    PretextBackbone.Report r =
        PretextBackbone.Report.fromMetrics(a.info().backbone(), a.info().metrics());
    assertEquals(2, r.epochs());
    assertEquals(2, r.views());
    assertEquals(printed.get("pretext_top1").asDouble(), r.top1(), 1e-4);
    // an artifact is never overwritten
    assertEquals(1, run(new PretrainCommand(), args));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("exists; an artifact is never overwritten"));

    Path data = tmp.resolve("data");
    new EmojiScenesBuilder(
            new EmojiScenesConfig(
                List.of("google"),
                data,
                48,
                24,
                24,
                3,
                ObservedLabels.parse("single"),
                32,
                assets,
                tmp.resolve("cache")),
            ProgressBar.silent())
        .build();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(
        0,
        new TrainCommand()
            .run(
                List.of(
                    "--train",
                    data.resolve("train.jsonl").toString(),
                    "--val",
                    data.resolve("val.jsonl").toString(),
                    "--labels",
                    data.resolve("labels.json").toString(),
                    "--warm-start",
                    pretrained.toString(),
                    "--head-only",
                    "--epochs",
                    "2",
                    "--batch-size",
                    "16",
                    "--out",
                    tmp.resolve("tagger").toString()),
                o,
                e),
        err.toString(StandardCharsets.UTF_8));
    ModelArtifact tagger = ModelArtifact.load(tmp.resolve("tagger"));
    assertEquals(
        a.info().files().get(TaggerNetwork.BACKBONE_PARAMS),
        tagger.info().files().get(TaggerNetwork.BACKBONE_PARAMS));
    assertEquals(a.info().version(), tagger.info().parent());

    Path full = tmp.resolve("data-full");
    new EmojiScenesBuilder(
            new EmojiScenesConfig(
                List.of("google"),
                full,
                48,
                24,
                24,
                3,
                ObservedLabels.parse("full"),
                32,
                assets,
                tmp.resolve("cache")),
            ProgressBar.silent())
        .build();
    Path results = tmp.resolve("results");
    assertEquals(
        0,
        run(
            new BenchLossesCommand(),
            List.of(
                "--data",
                full.toString(),
                "--out",
                results.toString(),
                "--seeds",
                "1",
                "--regimes",
                "single",
                "--methods",
                "full,an",
                "--lrs",
                "0.03",
                "--epochs",
                "1",
                "--batch",
                "16",
                "--pretrained",
                pretrained.toString())),
        err.toString(StandardCharsets.UTF_8));
    JsonNode json = new ObjectMapper().readTree(results.resolve("losses.json").toFile());
    assertEquals(3, json.get("pretext").get("classes").asInt());
    assertEquals(2, json.get("pretext").get("views").asInt());
    String md = Files.readString(results.resolve("losses.md"));
    assertTrue(
        md.contains("disjoint pretext (`scenes`)")
            && md.contains("fresh multi-emoji scenes")
            && md.contains("2 epochs × 2 per image")
            && md.contains("held-out pretext-scene mAP"),
        md);
  }
}
