package dev.tagstream.model.tools;

import dev.tagstream.model.artifact.ArtifactException;
import dev.tagstream.model.artifact.ArtifactJson;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.data.ManifestException;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.infer.Scorer;
import dev.tagstream.model.train.EvaluationReport;
import dev.tagstream.model.train.Evaluator;
import dev.tagstream.model.train.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `tagstream eval`: scores a labelled manifest with an artifact, prints metrics as JSON, optionally an HTML report. */
public final class EvalTool {
  static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("model", "artifact version directory, required");
    FLAGS.put("test", "labelled manifest (JSON Lines), required");
    FLAGS.put("report", "write a self-contained HTML report here");
    FLAGS.put("device", "auto | cpu | gpu (default auto)");
    FLAGS.put("baseline", "score with a reference predictor instead: random | constant (model gives labels)");
  }

  private EvalTool() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (Flags.wantsHelp(args)) {
      out.print(new Flags(FLAGS, new String[0]).usage("eval"));
      return 0;
    }
    try {
      Flags f = new Flags(FLAGS, args);
      Path modelDir = f.existingFile("model");
      Path testFile = f.existingFile("test");
      ModelArtifact a = ModelArtifact.load(modelDir);
      List<ManifestEntry> test = Manifest.read(testFile);
      EvaluationReport r;
      if (f.has("baseline")) {
        r = Baselines.evaluate(f.get("baseline", null), a, test);
      } else {
        try (Scorer s = Scorer.open(a, Devices.parse(f.get("device", "auto")))) {
          r = Evaluator.evaluate(s, test, ProgressBar.stderr());
        }
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", a.info().version());
      json.putAll(r.summary());
      if (f.has("report")) {
        Path report = Path.of(f.get("report", null));
        HtmlReport.write(report, a, r);
        json.put("report", report.toString());
      }
      out.println(ArtifactJson.MAPPER.writeValueAsString(json));
      return 0;
    } catch (Flags.UsageException e) {
      err.println("eval: " + e.getMessage());
      err.print(new Flags(FLAGS, new String[0]).usage("eval"));
      return 2;
    } catch (ManifestException | ArtifactException | IllegalArgumentException e) {
      err.println("eval: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("eval: failed: " + e);
      return 1;
    }
  }
}
