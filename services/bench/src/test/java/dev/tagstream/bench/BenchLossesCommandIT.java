package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.datasets.EmojiPackageFixture;
import dev.tagstream.datasets.EmojiScenesBuilder;
import dev.tagstream.datasets.EmojiScenesConfig;
import dev.tagstream.datasets.ObservedLabels;
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
 * The whole command on a tiny generated dataset (fixture art: 6 emoji), small enough for well under
 * a minute.
 */
class BenchLossesCommandIT {
  @TempDir Path tmp;

  @Test
  void runsEveryMethodOnTinyScenesAndWritesTheTables() throws Exception {
    Path assets = EmojiPackageFixture.write(tmp.resolve("assets"));
    Path data = tmp.resolve("data");
    new EmojiScenesBuilder(
            new EmojiScenesConfig(
                List.of("google"),
                data,
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
    Path out = tmp.resolve("results");
    List<String> args =
        List.of(
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--seeds",
            "2",
            "--lrs",
            "0.03",
            "--epochs",
            "2",
            "--batch",
            "16",
            "--input-size",
            "32",
            "--width",
            "16",
            "--stages",
            "2",
            "--pretext-epochs",
            "1",
            "--pretext-views",
            "2",
            "--assets",
            assets.toString(),
            "--pretrained",
            "none");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int rc =
        new BenchLossesCommand()
            .run(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, rc, stdout.toString(StandardCharsets.UTF_8));

    String md = Files.readString(out.resolve("losses.md"));
    assertTrue(md.contains("```\ntagstream bench losses " + String.join(" ", args) + "\n```"), md);
    for (String method :
        List.of(
            "full labels (upper bound)",
            "an",
            "weighted",
            "wan",
            "ignore",
            "asl",
            "hill",
            "em",
            "ll-r",
            "ll-ct",
            "pu",
            "st",
            "knn",
            "hs")) {
      assertTrue(md.contains("\n| " + method + " | "), method + " missing in\n" + md);
    }
    assertTrue(
        md.contains("## single") && md.contains("## partial:0.3") && md.contains("## salient"), md);
    assertTrue(md.contains("| mAP-seen | mAP category | mAP subcategory | mAP emoji |"), md);
    JsonNode json = new ObjectMapper().readTree(out.resolve("losses.json").toFile());
    assertEquals("tagstream bench losses " + String.join(" ", args), json.get("command").asText());
    // per seed: full 1 + per regime (an, weighted, wan, ignore, asl, hill 1 each; em, ll-r, ll-ct 2
    // each; pu 4; st 5 + 4 per-object points x 4 blend weights; knn 4; hs 5 gammas, no training)
    // = 46, over 3 regimes
    assertEquals(2 * (1 + 3 * 46), json.get("trials").size());
    // every self-training trial says how right its pseudo-positives were; count and the per-object
    // picks ran, the picks added positives, and each per-object head was blended three ways
    int counted = 0;
    int objects = 0;
    int blended = 0;
    for (JsonNode t : json.get("trials")) {
      String c = t.get("candidate").asText();
      if (t.get("method").asText().equals("st")) {
        assertTrue(c.contains("pseudo-precision=") && c.contains("pseudo-leaf-precision="), c);
        counted += c.contains("count=1") ? 1 : 0;
        blended += c.contains("blend=") ? 1 : 0;
        if (c.contains("objects=")) {
          objects++;
          assertFalse(c.contains("pseudo-precision=NaN"), "no pseudo-positive added: " + c);
        }
      }
    }
    assertEquals(2 * 3, counted, "one count trial per regime and seed");
    assertEquals(2 * 3 * 16, objects, "sixteen per-object trials per regime and seed");
    assertEquals(2 * 3 * 12, blended, "twelve blended trials per regime and seed");
    assertEquals(2 * (1 + 3 * 13), json.get("outcomes").size());
    JsonNode single = json.get("regimes").get("single");
    JsonNode seen = single.get("observedPositives");
    int binned = 0;
    for (JsonNode n : seen.get("histogram")) {
      binned += n.asInt();
    }
    assertEquals(seen.get("labelsInTest").asInt(), binned, seen.toString());
    assertEquals(
        binned - seen.get("histogram").get("0").asInt(),
        seen.get("seenInTest").asInt(),
        seen.toString());
    JsonNode more = single.get("rows").get(0).get("more");
    assertTrue(
        more.has("mAP-seen") && more.has("mAP emoji") && more.has("mAP category"), more.toString());
    // the fixture's 6 emoji: the pretext has every second one, so both halves are scored
    assertTrue(
        more.has("mAP " + PretextSplit.SEEN) && more.has("mAP " + PretextSplit.UNSEEN),
        more.toString());
    assertEquals(3, json.get("pretext").get("classes").asInt());
    // a second run reuses the pretrained backbone and the cached embeddings
    assertTrue(Files.exists(data.resolve("bench-cache")));
  }
}
