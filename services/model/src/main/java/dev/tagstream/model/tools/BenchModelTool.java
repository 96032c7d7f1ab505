package dev.tagstream.model.tools;

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
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.loss.PartialLabels;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.TaggerNetwork;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** `tagstream bench-model`: training and inference images/s of the default backbone + head at several batch sizes. */
public final class BenchModelTool {
  static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("batch-sizes", "comma-separated batch sizes (default 1,8,32,64)");
    FLAGS.put("labels", "number of head outputs (default 2020)");
    FLAGS.put("seconds", "measuring time per point (default 4)");
    FLAGS.put("device", "auto | cpu | gpu (default auto)");
  }

  private BenchModelTool() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (Flags.wantsHelp(args)) {
      out.print(new Flags(FLAGS, new String[0]).usage("bench-model"));
      return 0;
    }
    try {
      Flags f = new Flags(FLAGS, args);
      int labels = f.integer("labels", 2020);
      double seconds = f.number("seconds", 4);
      Device device = Devices.parse(f.get("device", "auto"));
      BackboneSpec spec = BackboneSpec.defaults();
      out.printf("backbone %s, %d labels, device %s, threads %s%n", spec.id(), labels, device,
          System.getProperty("ai.djl.pytorch.num_threads", "default"));
      out.println("batch  train img/s  infer img/s");
      for (String b : f.get("batch-sizes", "1,8,32,64").split(",")) {
        int batch;
        try {
          batch = Integer.parseInt(b.trim());
        } catch (NumberFormatException e) {
          throw new Flags.UsageException("--batch-sizes: '" + b + "' is not an integer");
        }
        double[] r = measure(spec, labels, batch, seconds, device);
        out.printf(Locale.ROOT, "%5d  %11.1f  %11.1f%n", batch, r[0], r[1]);
      }
      return 0;
    } catch (Flags.UsageException e) {
      err.println("bench-model: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("bench-model: failed: " + e);
      return 1;
    }
  }

  /** {train images/s, inference images/s}, each after a short warm-up. */
  static double[] measure(BackboneSpec spec, int labels, int batch, double seconds, Device device) {
    Engine.getInstance().setRandomSeed(1);
    TaggerNetwork net = new TaggerNetwork(spec, labels);
    try (Model model = Model.newInstance("bench", device)) {
      model.setBlock(net.full());
      DefaultTrainingConfig tc = new DefaultTrainingConfig(Losses.create(LossSpec.of("an"), labels))
          .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
          .optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(tc)) {
        Shape in = new Shape(batch, 3, spec.inputSize(), spec.inputSize());
        trainer.initialize(in);
        double train = rate(batch, seconds, () -> {
          try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.randomUniform(-1, 1, in);
            NDList y = PartialLabels.of(m.zeros(new Shape(batch, labels)), m.ones(new Shape(batch, labels)));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              gc.backward(trainer.getLoss().evaluate(y, trainer.forward(new NDList(x))));
            }
            trainer.step();
          }
        });
        double infer = rate(batch, seconds, () -> {
          try (NDManager m = trainer.getManager().newSubManager()) {
            trainer.evaluate(new NDList(m.randomUniform(-1, 1, in))).singletonOrThrow().toFloatArray();
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
