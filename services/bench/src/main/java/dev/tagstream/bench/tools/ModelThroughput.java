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
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.loss.PartialLabels;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.TaggerNetwork;

/**
 * What {@code bench model} measures, apart from the command so that listing the commands (every run
 * does, before it parses) never loads DJL's training classes.
 */
final class ModelThroughput {
  private ModelThroughput() {}

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
