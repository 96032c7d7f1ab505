package dev.tagstream.bench.tools;

import ai.djl.Device;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.nn.BackboneSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code tagstream bench model}: training and inference images/s of the default backbone + head by
 * batch size.
 */
public final class BenchModelCommand implements Command {
  static final Setting BATCH_SIZES =
      Setting.of("batch-sizes", "1,8,32,64", "Batch sizes to measure, comma-separated.");
  static final Setting LABELS = Setting.of("labels", "2020", "Number of head outputs.");
  static final Setting SECONDS =
      Setting.of("seconds", "4", "Measuring time per point, in seconds.");
  static final Setting DEVICE = TrainSettings.DEVICE;

  @Override
  public String name() {
    return "bench model";
  }

  @Override
  public String summary() {
    return "Training and inference images/s of the backbone at several batch sizes.";
  }

  @Override
  public List<Setting> settings() {
    return List.of(BATCH_SIZES, LABELS, SECONDS, DEVICE);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream bench model [options]", summary(), settings()));
      return 0;
    }
    Settings s = Settings.parse(settings(), args);
    List<Integer> batches = s.integers(BATCH_SIZES, 1, 4096);
    int labels = s.integer(LABELS, 1, 100_000);
    double seconds = s.decimal(SECONDS, 0.1, 3600);
    Device device = Devices.parse(s.parsed(DEVICE, TrainSettings::device));
    BackboneSpec spec = BackboneSpec.defaults();
    out.printf(
        "backbone %s, %d labels, device %s, threads %s%n",
        spec.id(), labels, device, System.getProperty("ai.djl.pytorch.num_threads", "default"));
    out.println("batch  train img/s  infer img/s");
    for (int batch : batches) {
      double[] r = ModelThroughput.measure(spec, labels, batch, seconds, device);
      out.printf(Locale.ROOT, "%5d  %11.1f  %11.1f%n", batch, r[0], r[1]);
    }
    return 0;
  }
}
