package dev.tagstream.bench.tools;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.loss.PartialLabels;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.TaggerNetwork;
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
      double[] r = measure(spec, labels, batch, seconds, device);
      out.printf(Locale.ROOT, "%5d  %11.1f  %11.1f%n", batch, r[0], r[1]);
    }
    return 0;
  }

  /** {train images/s, inference images/s}, each after a short warm-up. */
  static double[] measure(BackboneSpec spec, int labels, int batch, double seconds, Device device) {
    Engine.getInstance().setRandomSeed(1);
    TaggerNetwork net = new TaggerNetwork(spec, labels);
    try (Model model = Model.newInstance("bench", device)) {
      model.setBlock(net.full());
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(Losses.create(LossSpec.of("an"), labels))
              .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
              .optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(tc)) {
        Shape in = new Shape(batch, 3, spec.inputSize(), spec.inputSize());
        trainer.initialize(in);
        double train =
            rate(
                batch,
                seconds,
                () -> {
                  try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray x = m.randomUniform(-1, 1, in);
                    NDList y =
                        PartialLabels.of(
                            m.zeros(new Shape(batch, labels)), m.ones(new Shape(batch, labels)));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                      gc.backward(trainer.getLoss().evaluate(y, trainer.forward(new NDList(x))));
                    }
                    trainer.step();
                  }
                });
        double infer =
            rate(
                batch,
                seconds,
                () -> {
                  try (NDManager m = trainer.getManager().newSubManager()) {
                    trainer
                        .evaluate(new NDList(m.randomUniform(-1, 1, in)))
                        .singletonOrThrow()
                        .toFloatArray();
                  }
                });
        return new double[] {train, infer};
      }
    }
  }

  private static double rate(int batch, double seconds, Runnable step) {
    for (int i = 0; i < 3; i++) {
      step.run();
    }
    long t0 = System.nanoTime();
    long images = 0;
    while (System.nanoTime() - t0 < seconds * 1e9) {
      step.run();
      images += batch;
    }
    return images / ((System.nanoTime() - t0) / 1e9);
  }
}
