package dev.tagstream.trainer;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.config.KafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On demand only ({@code -Dbench.images=1000}): two retrains of the same images through the real
 * broker, printing each release's metrics (training.seconds included). The first head-only retrain
 * embeds every image; the second finds them all in the embedding cache. {@code -Dbench.full-every=1
 * -Dbench.epochs=3} measures full fine-tunes.
 */
@EnabledIfSystemProperty(named = "bench.images", matches = "\\d+")
class RetrainBenchIT {
  @Test
  void headOnlyRetrainsOfTheSameImagesTwice() {
    int n = Integer.getInteger("bench.images");
    String fullEvery = System.getProperty("bench.full-every", "0");
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("bench");
    TrainerFixture.announce(kafka, TrainerFixture.goodModel(), ReleaseStatus.PROMOTED);
    List<TestScenes.Scene> scenes = TestScenes.generate(work.resolve("images"), n, 11);
    TrainerFixture.sendStates(kafka, states(scenes, 2));
    try (TrainerService t =
        TrainerFixture.service(
            kafka,
            work,
            "--trainer.min-new-confirmations",
            "" + (2 * n),
            "--trainer.full-every",
            fullEvery,
            "--trainer.validation-percent",
            "10",
            "--trainer.batch-size",
            "64",
            "--trainer.epochs",
            System.getProperty("bench.epochs", "10"),
            "--trainer.patience",
            "0")) {
      t.start();
      ModelRelease first = TrainerFixture.releases(kafka, Duration.ofMinutes(10), 2).get(1);
      System.out.println(
          "BENCH first " + first.getVersion() + " " + first.getStatus() + " " + first.getMetrics());
      TrainerFixture.sendStates(kafka, states(scenes, 4));
      ModelRelease second = TrainerFixture.releases(kafka, Duration.ofMinutes(10), 3).get(2);
      System.out.println(
          "BENCH second "
              + second.getVersion()
              + " "
              + second.getStatus()
              + " "
              + second.getMetrics());
      System.out.println("BENCH cached evaluations " + t.metrics().cachedEvaluations.count());
    }
  }

  private static List<LabelState> states(List<TestScenes.Scene> scenes, long confirmations) {
    List<LabelState> out = new ArrayList<>();
    for (int i = 0; i < scenes.size(); i++) {
      out.add(TestScenes.state(scenes.get(i), i, confirmations));
    }
    return out;
  }
}
