package dev.tagstream.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The trainer's meters, all named {@code tagstream.trainer.*}. */
final class TrainerMetrics {
  final Counter started;
  final Counter completed;
  final Counter failed;
  final Counter promoted;
  final Counter rejected;
  final Counter invalidRecords;
  final Counter skippedImages;
  final Counter unreadableImages;
  final Counter cachedEvaluations;
  private final Timer duration;
  private final AtomicReference<Double> candidateMap = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> currentMap = new AtomicReference<>(Double.NaN);
  private final AtomicLong active = new AtomicLong();

  TrainerMetrics(
      MeterRegistry r, Supplier<Number> snapshotImages, Supplier<Number> pendingConfirmations) {
    started =
        Counter.builder("tagstream.trainer.trainings.started")
            .description("Trainings started")
            .register(r);
    completed =
        Counter.builder("tagstream.trainer.trainings.completed")
            .description("Trainings that produced an evaluated candidate")
            .register(r);
    failed =
        Counter.builder("tagstream.trainer.trainings.failed")
            .description("Trainings that failed or were cancelled; nothing was published")
            .register(r);
    promoted =
        Counter.builder("tagstream.trainer.candidates.promoted")
            .description("Candidates promoted")
            .register(r);
    rejected =
        Counter.builder("tagstream.trainer.candidates.rejected")
            .description("Candidates rejected")
            .register(r);
    invalidRecords =
        Counter.builder("tagstream.trainer.records.invalid")
            .description("label-state or models records that did not decode and were skipped")
            .register(r);
    skippedImages =
        Counter.builder("tagstream.trainer.images.skipped")
            .description("Images left out of a training: no uri, or no label in the vocabulary")
            .register(r);
    unreadableImages =
        Counter.builder("tagstream.trainer.images.unreadable")
            .description(
                "Images left out of a training because they could not be read: missing, refused (file roots,"
                    + " address guard), failed in transit, too large or not an image")
            .register(r);
    duration =
        Timer.builder("tagstream.trainer.training.duration")
            .description("Training + evaluation time of a candidate")
            .register(r);
    Gauge.builder("tagstream.trainer.candidate.map", candidateMap, AtomicReference::get)
        .description("Held-out mAP of the last candidate")
        .register(r);
    Gauge.builder("tagstream.trainer.current.map", currentMap, AtomicReference::get)
        .description("Held-out mAP of the current model at the last evaluation")
        .register(r);
    Gauge.builder("tagstream.trainer.training.active", active, AtomicLong::get)
        .description("1 while a training runs")
        .register(r);
    Gauge.builder("tagstream.trainer.snapshot.images", () -> snapshotImages.get())
        .description("Images in the label-state snapshot")
        .register(r);
    Gauge.builder("tagstream.trainer.snapshot.new.confirmations", () -> pendingConfirmations.get())
        .description("Confirmations arrived since the last training started")
        .register(r);
    cachedEvaluations =
        Counter.builder("tagstream.trainer.evaluations.cached")
            .description("Model evaluations served from cached embeddings (no image decoded)")
            .register(r);
  }

  void trainingActive(boolean on) {
    active.set(on ? 1 : 0);
  }

  boolean trainingActive() {
    return active.get() == 1;
  }

  void evaluated(double candidate, double current) {
    candidateMap.set(candidate);
    currentMap.set(current);
  }

  void recordDuration(Duration d) {
    duration.record(d);
  }
}
