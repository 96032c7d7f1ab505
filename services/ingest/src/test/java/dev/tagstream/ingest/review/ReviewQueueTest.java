package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Timings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReviewQueueTest {
  static final List<String> LABELS = List.of("animal", "cat", "dog", "car");
  static final ThresholdBook BOOK =
      ThresholdBook.of(LABELS, new float[] {0.62f, 0.55f, 0.4f, 0.4f});

  /** An in-memory source that counts label-state lookups. */
  static final class Source implements ReviewSource {
    final List<Prediction> predictions = new ArrayList<>();
    final Map<String, KnownLabels> known = new HashMap<>();
    int lookups;

    @Override
    public void forEachPrediction(Consumer<Prediction> each) {
      predictions.forEach(each);
    }

    @Override
    public KnownLabels known(String id) {
      lookups++;
      return known.getOrDefault(id, KnownLabels.NONE);
    }
  }

  static Prediction p(String id, String version, List<Float> probabilities, LabelScore... labels) {
    return Prediction.newBuilder()
        .setId(id)
        .setUri("file:///img/" + id + ".png")
        .setModelVersion(version)
        .setLabels(List.of(labels))
        .setProbabilities(probabilities)
        .setEmbedding(null)
        .setTimings(new Timings(0.0, 0.0, 0.0, 0.0, 0.0))
        .setScoredAt(Instant.EPOCH)
        .build();
  }

  static LabelScore s(String label, double p) {
    return new LabelScore(label, (float) p);
  }

  static List<String> ids(ReviewQueue.Page page) {
    return page.items().stream().map(ReviewItem::id).toList();
  }

  final Source source = new Source();
  final ReviewQueue queue = new ReviewQueue(source, v -> v.equals("v2") ? BOOK : null);

  @Test
  void ordersByTheBestUndecidedLabelAndFavoursFallbackThresholds() {
    source.predictions.add(
        p("calibrated-close", "v2", null, s("cat", 0.56))); // 1 - .01/.55 = 0.98182
    source.predictions.add(
        p("fallback-close", "v2", null, s("dog", 0.45))); // (1 - .05/.6) * 1.5 = 1.375
    source.predictions.add(p("sure", "v2", null, s("animal", 0.99))); // 1 - .37/.62 = 0.40323
    source.predictions.add(
        p("unknown-model", "v9", null, s("cat", 0.7))); // (1 - .2/.5) * 1.5 = 0.9
    ReviewQueue.Page page = queue.next(10, Set.of());
    assertEquals(List.of("fallback-close", "calibrated-close", "unknown-model", "sure"), ids(page));
    assertEquals(
        List.of(1.375, 0.98182, 0.9, 0.40323),
        page.items().stream().map(i -> Math.round(i.value() * 1e5) / 1e5).toList());
    assertEquals(4, page.predictions());
  }

  @Test
  void keepsOnlyTheBestLimitAndLeavesOutExcludedIds() {
    source.predictions.add(p("a", "v2", null, s("cat", 0.56)));
    source.predictions.add(p("b", "v2", null, s("dog", 0.45)));
    source.predictions.add(p("c", "v2", null, s("animal", 0.99)));
    assertEquals(List.of("b"), ids(queue.next(1, Set.of())));
    assertEquals(List.of("a", "c"), ids(queue.next(2, Set.of("b"))));
  }

  @Test
  void anImageDropsOutWhenEveryShownLabelIsDecidedAndDecidedLabelsNoLongerCount() {
    source.predictions.add(p("done", "v2", null, s("dog", 0.45)));
    source.predictions.add(p("half", "v2", null, s("dog", 0.41), s("animal", 0.99)));
    source.predictions.add(p("open", "v2", null, s("cat", 0.56)));
    source.known.put("done", new KnownLabels(Set.of("dog"), Set.of()));
    source.known.put("half", new KnownLabels(Set.of(), Set.of("dog")));
    ReviewQueue.Page page = queue.next(10, Set.of());
    assertEquals(List.of("open", "half"), ids(page));
    ReviewItem half = page.items().get(1);
    assertEquals(0.40323, Math.round(half.value() * 1e5) / 1e5); // only 'animal' is still open
    assertEquals(
        List.of("animal:null", "dog:negative"),
        half.labels().stream().map(l -> l.label() + ":" + l.decision()).toList());
  }

  @Test
  void looksUpLabelStateOnlyForImagesThatCouldStillEnterTheResult() {
    source.predictions.add(p("best", "v2", null, s("dog", 0.4)));
    for (int i = 0; i < 20; i++) {
      source.predictions.add(p("worse-" + i, "v2", null, s("animal", 0.99)));
    }
    assertEquals(List.of("best"), ids(queue.next(1, Set.of())));
    assertEquals(1, source.lookups);
  }

  @Test
  void showsTheTopPredictedLabelsAndTheBestNearMissesFromTheProbabilityVector() {
    Prediction pred =
        p("x", "v2", List.of(0.91f, 0.58f, 0.33f, 0.19f), s("animal", 0.91), s("cat", 0.58));
    List<ReviewItem.Shown> shown = ReviewQueue.shown(pred, BOOK);
    // car 0.19 is below half its threshold (0.2): not a near miss
    assertEquals(
        List.of("animal true 0.62 0.0", "cat true 0.55 0.0", "dog false 0.4 1.0"),
        shown.stream()
            .map(
                l ->
                    l.label() + " " + l.predicted() + " " + (float) l.threshold() + " " + l.doubt())
            .toList());
  }

  @Test
  void withoutAnArtifactEveryLabelGetsTheDefaultThresholdAndFullDoubt() {
    List<ReviewItem.Shown> shown =
        ReviewQueue.shown(p("x", "v9", List.of(0.3f), s("zebra", 0.7)), null);
    assertEquals(1, shown.size());
    assertEquals(0.5, shown.get(0).threshold());
    assertEquals(1.0, shown.get(0).doubt());
    assertEquals(0.9, shown.get(0).value(), 1e-6);
  }

  @Test
  void anImageWithNothingToShowIsNotQueued() {
    source.predictions.add(p("empty", "v2", null));
    assertEquals(List.of(), ids(queue.next(5, Set.of())));
  }
}
