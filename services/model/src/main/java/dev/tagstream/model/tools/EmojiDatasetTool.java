package dev.tagstream.model.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds a real partial-label dataset from unpacked emoji-datasource-* npm packages: labels = short name, "sub/"
 * subcategory and "cat/" category (a 3-level hierarchy). Training images observe ONE of their three labels
 * (uniformly) and, half the time, one confirmed-negative category; validation and test images carry all three.
 */
public final class EmojiDatasetTool {
  static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("package", "unpacked npm package dir (has emoji.json and img/<vendor>/64), repeatable, required");
    FLAGS.put("out", "output directory for labels.json, train/val/test.jsonl, required");
    FLAGS.put("seed", "split and observation seed (default 7)");
    FLAGS.put("val-fraction", "fraction of images for validation (default 0.1)");
    FLAGS.put("test-fraction", "fraction of images for test (default 0.2)");
  }

  private EmojiDatasetTool() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (Flags.wantsHelp(args)) {
      out.print(new Flags(FLAGS, new String[0]).usage("emoji-dataset"));
      return 0;
    }
    try {
      Flags f = new Flags(FLAGS, args);
      Path outDir = Path.of(f.required("out"));
      Random r = new Random(f.integer("seed", 7));
      double valFrac = f.number("val-fraction", 0.1);
      double testFrac = f.number("test-fraction", 0.2);
      Map<String, LabelDef> defs = new LinkedHashMap<>();
      List<List<String>> labels = new ArrayList<>();
      List<String> uris = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      Set<String> categories = new LinkedHashSet<>();
      if (f.all("package").isEmpty()) {
        throw new Flags.UsageException("missing required flag --package");
      }
      for (String pkg : f.all("package")) {
        Path root = Path.of(pkg);
        Path json = root.resolve("emoji.json");
        if (!Files.exists(json)) {
          throw new Flags.UsageException("--package " + pkg + ": no emoji.json");
        }
        String vendor;
        try (var s = Files.list(root.resolve("img"))) {
          vendor = s.findFirst().orElseThrow().getFileName().toString();
        }
        for (JsonNode e : new ObjectMapper().readTree(json.toFile())) {
          if (!e.path("has_img_" + vendor).asBoolean(false)) {
            continue;
          }
          Path img = root.resolve("img").resolve(vendor).resolve("64").resolve(e.get("image").asText());
          if (!Files.exists(img)) {
            continue;
          }
          String cat = "cat/" + e.get("category").asText();
          String sub = "sub/" + e.get("subcategory").asText();
          String leaf = e.get("short_name").asText();
          defs.putIfAbsent(cat, new LabelDef(cat, List.of()));
          defs.putIfAbsent(sub, new LabelDef(sub, List.of(cat)));
          defs.putIfAbsent(leaf, new LabelDef(leaf, List.of(sub), Map.of("unified", e.get("unified").asText())));
          categories.add(cat);
          labels.add(List.of(leaf, sub, cat));
          uris.add(img.toUri().toString());
          ids.add(vendor + "/" + leaf);
        }
      }
      Files.createDirectories(outDir);
      Vocabulary.of(new ArrayList<>(defs.values())).write(outDir.resolve("labels.json"));
      List<ManifestEntry> train = new ArrayList<>();
      List<ManifestEntry> val = new ArrayList<>();
      List<ManifestEntry> test = new ArrayList<>();
      List<String> cats = new ArrayList<>(categories);
      for (int i = 0; i < ids.size(); i++) {
        double u = r.nextDouble();
        List<String> all = labels.get(i);
        if (u < testFrac) {
          test.add(new ManifestEntry(ids.get(i), uris.get(i), all, List.of()));
        } else if (u < testFrac + valFrac) {
          val.add(new ManifestEntry(ids.get(i), uris.get(i), all, List.of()));
        } else {
          String observed = all.get(r.nextInt(all.size()));
          List<String> neg = new ArrayList<>();
          String other = cats.get(r.nextInt(cats.size()));
          if (r.nextBoolean() && !other.equals(all.get(2))) {
            neg.add(other);
          }
          train.add(new ManifestEntry(ids.get(i), uris.get(i), List.of(observed), neg));
        }
      }
      Manifest.write(outDir.resolve("train.jsonl"), train);
      Manifest.write(outDir.resolve("val.jsonl"), val);
      Manifest.write(outDir.resolve("test.jsonl"), test);
      out.printf("%d labels; train %d, val %d, test %d images -> %s%n", defs.size(), train.size(), val.size(),
          test.size(), outDir);
      return 0;
    } catch (Flags.UsageException e) {
      err.println("emoji-dataset: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("emoji-dataset: failed: " + e);
      return 1;
    }
  }
}
