package dev.tagstream.feedback;

import dev.tagstream.contracts.Judgement;
import dev.tagstream.contracts.Judgement.Tally;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Live quality of each model version: predictions judged by later confirmations, counted as TP / FP
 * / FN / TN and exposed as counters plus precision and recall gauges tagged by model version.
 * Counts are this process's since it started; sum the counters across instances for a fleet-wide
 * figure.
 */
public final class OnlineQuality {
  static final String JUDGEMENTS = "tagstream.quality.online.judgements";
  static final String PRECISION = "tagstream.quality.online.precision";
  static final String RECALL = "tagstream.quality.online.recall";
  static final String VERSION_TAG = "model.version";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counters> byVersion = new ConcurrentHashMap<>();

  public OnlineQuality(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String modelVersion, Judgement outcome) {
    Counters c = byVersion.computeIfAbsent(modelVersion, this::register);
    c.of(outcome).increment();
  }

  /** The counts so far of one model version (all zero when never judged). */
  public Tally tally(String modelVersion) {
    Counters c = byVersion.get(modelVersion);
    return c == null ? Tally.ZERO : c.tally();
  }

  private Counters register(String version) {
    Counters c =
        new Counters(
            counter(version, Judgement.TP),
            counter(version, Judgement.FP),
            counter(version, Judgement.FN),
            counter(version, Judgement.TN));
    Gauge.builder(PRECISION, c, x -> x.tally().precision())
        .tag(VERSION_TAG, version)
        .strongReference(true)
        .description(
            "Online precision: TP / (TP + FP) over confirmations judging this version's predictions")
        .register(registry);
    Gauge.builder(RECALL, c, x -> x.tally().recall())
        .tag(VERSION_TAG, version)
        .strongReference(true)
        .description(
            "Online recall: TP / (TP + FN) over confirmations judging this version's predictions")
        .register(registry);
    return c;
  }

  private Counter counter(String version, Judgement outcome) {
    return Counter.builder(JUDGEMENTS)
        .tag(VERSION_TAG, version)
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .description("Confirmations that judged a prediction, by outcome")
        .register(registry);
  }

  private record Counters(Counter tp, Counter fp, Counter fn, Counter tn) {
    Counter of(Judgement o) {
      return switch (o) {
        case TP -> tp;
        case FP -> fp;
        case FN -> fn;
        case TN -> tn;
      };
    }

    Tally tally() {
      return new Tally((long) tp.count(), (long) fp.count(), (long) fn.count(), (long) tn.count());
    }
  }
}
