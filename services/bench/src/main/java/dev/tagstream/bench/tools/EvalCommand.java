package dev.tagstream.bench.tools;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
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

/**
 * {@code tagstream eval}: scores a labelled manifest with an artifact, prints metrics as JSON,
 * optionally a report.
 */
public final class EvalCommand implements Command {
  static final Setting MODEL = Setting.of("model", null, "Artifact version directory. Required.");
  static final Setting TEST = Setting.of("test", null, "Labelled manifest (JSON Lines). Required.");
  static final Setting REPORT =
      Setting.of("report", null, "Also write a self-contained HTML report to this file.");
  static final Setting DEVICE = TrainSettings.DEVICE;
  static final Setting BASELINE =
      Setting.of(
          "baseline",
          null,
          "Score with a reference predictor instead of the model: random or constant (the model gives the labels).");

  @Override
  public String name() {
    return "eval";
  }

  @Override
  public String summary() {
    return "Evaluate a model artifact on a test manifest; prints metrics as JSON.";
  }

  @Override
  public List<Setting> settings() {
    return List.of(MODEL, TEST, REPORT, DEVICE, BASELINE);
  }

  /**
   * Exit 0 evaluated, 2 a configuration mistake (before anything loads), 1 bad data or artifact.
   */
  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help(
              "tagstream eval --model DIR --test C.jsonl [options]", summary(), settings()));
      return 0;
    }
    Settings s = Settings.parse(settings(), args);
    Path modelDir = s.existingPath(MODEL);
    Path testFile = s.existingPath(TEST);
    String baseline = s.isSet(BASELINE) ? s.parsed(BASELINE, Baselines::kind) : null;
    String device = s.parsed(DEVICE, TrainSettings::device);
    Path report = s.isSet(REPORT) ? s.path(REPORT) : null;
    try {
      ModelArtifact a = ModelArtifact.load(modelDir);
      List<ManifestEntry> test = Manifest.read(testFile);
      EvaluationReport r;
      if (baseline != null) {
        r = Baselines.evaluate(baseline, a, test);
      } else {
        try (Scorer scorer = Scorer.open(a, Devices.parse(device))) {
          r = Evaluator.evaluate(scorer, test, ProgressBar.stderr());
        }
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", a.info().version());
      json.putAll(r.summary());
      if (report != null) {
        HtmlReport.write(report, a, r);
        json.put("report", report.toString());
      }
      out.println(ArtifactJson.MAPPER.writeValueAsString(json));
      return 0;
    } catch (ManifestException | ArtifactException | IllegalArgumentException e) {
      err.println("tagstream eval: " + e.getMessage());
      return 1;
    }
  }
}
