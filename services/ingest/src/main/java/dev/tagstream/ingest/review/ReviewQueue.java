package dev.tagstream.ingest.review;

import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * Orders images by review value, most valuable first. One pass over the view's prediction store per
 * request, keeping the best {@code limit} in a heap; the label state of an image is looked up only
 * when its upper bound (the value with nothing decided) could still enter the heap. Images whose
 * shown labels are all decided drop out. Fine for a single ingest instance (its view holds every
 * partition); several instances would each see a share of the predictions.
 */
public final class ReviewQueue {
  /** Most labels shown from the prediction's own (above-threshold) list. */
  static final int PREDICTED_SHOWN = 5;

  /**
   * Most below-threshold labels shown, from the full probability vector when the prediction carries
   * one.
   */
  static final int NEAR_MISSES = 2;

  /** A near miss is shown only when its probability is at least this fraction of its threshold. */
  static final double NEAR_MISS_FRACTION = 0.5;

  static final Comparator<ReviewItem> BEST_FIRST =
      Comparator.comparingDouble(ReviewItem::value).reversed().thenComparing(ReviewItem::id);

  private final ReviewSource source;
  private final Function<String, ThresholdBook> books;

  /**
   * {@code books}: a model version's thresholds, or null when its artifact is unknown or
   * unreadable.
   */
  public ReviewQueue(ReviewSource source, Function<String, ThresholdBook> books) {
    this.source = source;
    this.books = books;
  }

  /** The result of one request: the items, best first, and how many predictions were looked at. */
  public record Page(List<ReviewItem> items, int predictions) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /**
   * The best {@code limit} items, leaving out the ids in {@code exclude} (those a reviewer skipped
   * or just did).
   */
  public Page next(int limit, Set<String> exclude) {
    PriorityQueue<ReviewItem> best = new PriorityQueue<>(BEST_FIRST.reversed()); // worst on top
    int[] seen = {0};
    source.forEachPrediction(
        p -> {
          seen[0]++;
          if (exclude.contains(p.getId())) {
            return;
          }
          List<ReviewItem.Shown> shown = shown(p, books.apply(p.getModelVersion()));
          ReviewItem bound = item(p, shown, KnownLabels.NONE);
          if (bound == null
              || (best.size() >= limit && BEST_FIRST.compare(bound, best.peek()) >= 0)) {
            return;
          }
          ReviewItem actual = item(p, shown, source.known(p.getId()));
          if (actual == null) {
            return;
          }
          best.add(actual);
          if (best.size() > limit) {
            best.poll();
          }
        });
    List<ReviewItem> items = new ArrayList<>(best);
    items.sort(BEST_FIRST);
    return new Page(items, seen[0]);
  }

  /** Null when every shown label is decided (or none is shown). */
  static ReviewItem item(Prediction p, List<ReviewItem.Shown> shown, KnownLabels known) {
    double value = -1;
    List<ReviewItem.Shown> marked = new ArrayList<>(shown.size());
    for (ReviewItem.Shown s : shown) {
      String d = known.decision(s.label());
      marked.add(d == null ? s : s.decided(d));
      if (d == null) {
        value = Math.max(value, s.value());
      }
    }
    return value < 0
        ? null
        : new ReviewItem(p.getId(), p.getUri(), p.getModelVersion(), value, marked, known);
  }

  /** The labels to show for one prediction, most probable first. {@code book} may be null. Pure. */
  static List<ReviewItem.Shown> shown(Prediction p, ThresholdBook book) {
    List<ReviewItem.Shown> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (LabelScore s : p.getLabels()) {
      if (out.size() == PREDICTED_SHOWN) {
        break;
      }
      if (taken.add(s.getLabel())) {
        int j = book == null ? -1 : book.indexOf(s.getLabel());
        out.add(shown(s.getLabel(), s.getProbability(), book, j, true));
      }
    }
    List<Float> probs = p.getProbabilities();
    if (book != null && probs != null && probs.size() == book.size()) {
      List<ReviewItem.Shown> misses = new ArrayList<>();
      for (int j = 0; j < probs.size(); j++) {
        float prob = probs.get(j);
        if (prob < book.threshold(j)
            && prob >= NEAR_MISS_FRACTION * book.threshold(j)
            && !taken.contains(book.label(j))) {
          misses.add(shown(book.label(j), prob, book, j, false));
        }
      }
      misses.sort(
          Comparator.comparingDouble(ReviewItem.Shown::value)
              .reversed()
              .thenComparing(ReviewItem.Shown::label));
      out.addAll(misses.subList(0, Math.min(NEAR_MISSES, misses.size())));
    }
    out.sort(
        Comparator.comparingDouble(ReviewItem.Shown::probability)
            .reversed()
            .thenComparing(ReviewItem.Shown::label));
    return out;
  }

  private static ReviewItem.Shown shown(
      String label, double prob, ThresholdBook book, int j, boolean predicted) {
    double t = j < 0 ? ReviewValue.DEFAULT_THRESHOLD : book.threshold(j);
    double doubt = j < 0 ? 1 : book.doubt(j);
    return new ReviewItem.Shown(
        label, prob, t, doubt, ReviewValue.value(prob, t, doubt), predicted, null);
  }
}
