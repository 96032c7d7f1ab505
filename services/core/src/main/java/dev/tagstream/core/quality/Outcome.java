package dev.tagstream.core.quality;

import dev.tagstream.contracts.LabelDecision;
import java.util.Optional;

/** How one confirmation judged one prediction of one label. */
public enum Outcome {
  /** Predicted, confirmed positive. */
  TP,
  /** Predicted, confirmed negative. */
  FP,
  /** Not predicted, confirmed positive. */
  FN,
  /** Not predicted, confirmed negative. */
  TN;

  /**
   * The one judging rule of online quality (feedback's meters, the trainer's shadow gate): a
   * positive judges TP if predicted else FN, a negative FP if predicted else TN; a retraction
   * judges nothing.
   */
  public static Optional<Outcome> of(boolean predicted, LabelDecision state) {
    return switch (state) {
      case POSITIVE -> Optional.of(predicted ? TP : FN);
      case NEGATIVE -> Optional.of(predicted ? FP : TN);
      case RETRACTED -> Optional.empty();
    };
  }
}
