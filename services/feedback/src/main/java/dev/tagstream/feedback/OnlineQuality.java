package dev.tagstream.feedback;

import dev.tagstream.core.quality.Outcome;
import dev.tagstream.core.quality.Tally;
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
 * figure. The {@link #shadow} instance counts a candidate's shadow predictions under its own meter
 * names ({@code tagstream.quality.shadow.*}), so a dashboard never mixes served and shadowed
 * figures.
 */
public final class OnlineQuality {
  static final String JUDGEMENTS = "tagstream.quality.online.judgements";
  static final String PRECISION = "tagstream.quality.online.precision";
  static final String RECALL = "tagstream.quality.online.recall";
  static final String SHADOW_JUDGEMENTS = "tagstream.quality.shadow.judgements";
  static final String SHADOW_PRECISION = "tagstream.quality.shadow.precision";
  static final String SHADOW_RECALL = "tagstream.quality.shadow.recall";
  static final String VERSION_TAG = "model.version";

  private final MeterRegistry registry;
  private final String judgements;
  private final String precision;
  private final String recall;
  private final String what;
  private final ConcurrentMap<String, Counters> byVersion = new ConcurrentHashMap<>();

  public OnlineQuality(MeterRegistry registry) {
    this(registry, JUDGEMENTS, PRECISION, RECALL, "predictions");
  }

  private OnlineQuality(
      MeterRegistry registry, String judgements, String precision, String recall, String what) {
    this.registry = registry;
    this.judgements = judgements;
    this.precision = precision;
    this.recall = recall;
    this.what = what;
  }

  /** The quality of candidates' shadow predictions, under the shadow meter names. */
  public static OnlineQuality shadow(MeterRegistry registry) {
    return new OnlineQuality(
        registry, SHADOW_JUDGEMENTS, SHADOW_PRECISION, SHADOW_RECALL, "shadow predictions");
  }

  void record(String modelVersion, Outcome outcome) {
    Counters c = byVersion.computeIfAbsent(modelVersion, this::register);
    c.of(outcome).increment();
  }

  /** The counts so far of one model version (all zero when never judged). */
  public Tally tally(String modelVersion) {
    Counters c = byVersion.get(modelVersion);
    return c == null ? Tally.EMPTY : c.tally();
  }

  private Counters register(String version) {
    Counters c =
        new Counters(
            counter(version, Outcome.TP),
            counter(version, Outcome.FP),
            counter(version, Outcome.FN),
            counter(version, Outcome.TN));
    Gauge.builder(precision, c, x -> x.tally().precision())
        .tag(VERSION_TAG, version)
        .strongReference(true)
        .description(
            "Online precision: TP / (TP + FP) over confirmations judging this version's " + what)
        .register(registry);
    Gauge.builder(recall, c, x -> x.tally().recall())
        .tag(VERSION_TAG, version)
        .strongReference(true)
        .description(
            "Online recall: TP / (TP + FN) over confirmations judging this version's " + what)
        .register(registry);
    return c;
  }

  private Counter counter(String version, Outcome outcome) {
    return Counter.builder(judgements)
        .tag(VERSION_TAG, version)
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .description("Confirmations that judged one of " + what + ", by outcome")
        .register(registry);
  }

  private record Counters(Counter tp, Counter fp, Counter fn, Counter tn) {
    Counter of(Outcome o) {
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
