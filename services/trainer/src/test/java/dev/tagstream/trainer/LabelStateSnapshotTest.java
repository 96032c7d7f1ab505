package dev.tagstream.trainer;

import static dev.tagstream.trainer.ValidationSplitTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.LabelState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelStateSnapshotTest {
  private final LabelStateSnapshot snapshot = new LabelStateSnapshot();

  private static LabelState withConfirmations(LabelState s, long n) {
    return LabelState.newBuilder(s).setConfirmations(n).build();
  }

  @Test
  void countsTheRiseOfConfirmationsPerImage() {
    snapshot.apply("a", withConfirmations(state("a", "u", List.of("red"), List.of()), 3));
    snapshot.apply("b", withConfirmations(state("b", "u", List.of("red"), List.of()), 2));
    snapshot.apply("a", withConfirmations(state("a", "u", List.of("red", "square"), List.of()), 5));
    assertEquals(7, snapshot.newConfirmations());
    assertEquals(2, snapshot.size());
  }

  @Test
  void countsALabelChangeWithoutARiseAsOne() {
    snapshot.apply("a", withConfirmations(state("a", "u", List.of("red"), List.of()), 0));
    snapshot.apply("a", withConfirmations(state("a", "u", List.of("blue"), List.of()), 0));
    snapshot.apply("a", withConfirmations(state("a", "u", List.of("blue"), List.of()), 0));
    assertEquals(2, snapshot.newConfirmations());
  }

  @Test
  void anImageWithoutLabelsIsNoEvidence() {
    snapshot.apply(
        "scored-only", withConfirmations(state("scored-only", "u", List.of(), List.of()), 0));
    assertEquals(0, snapshot.newConfirmations());
    snapshot.apply(
        "scored-only", withConfirmations(state("scored-only", "u", List.of("red"), List.of()), 1));
    assertEquals(1, snapshot.newConfirmations());
  }

  @Test
  void rebaselineCountsOnlyImagesUpdatedAfterTheCurrentModel() {
    Instant announced = Instant.parse("2026-11-28T19:00:00Z");
    snapshot.apply(
        "old", at(withConfirmations(state("old", "u", List.of("red"), List.of()), 7), announced));
    snapshot.apply(
        "new",
        at(
            withConfirmations(state("new", "u", List.of("red"), List.of()), 3),
            announced.plusMillis(1)));
    snapshot.apply(
        "zero",
        at(
            withConfirmations(state("zero", "u", List.of("red"), List.of()), 0),
            announced.plusSeconds(5)));
    assertEquals(11, snapshot.newConfirmations());
    snapshot.rebaseline(announced);
    assertEquals(4, snapshot.newConfirmations()); // 3 for "new", at least 1 for "zero"
  }

  private static LabelState at(LabelState s, Instant updatedAt) {
    return LabelState.newBuilder(s).setUpdatedAt(updatedAt).build();
  }

  @Test
  void tombstoneDeletesTheImage() {
    snapshot.apply("a", state("a", "u", List.of("red"), List.of()));
    snapshot.apply("a", null);
    assertEquals(0, snapshot.size());
    assertEquals(List.of(), snapshot.take().states());
  }

  @Test
  void takeCopiesSortedByIdAndRestartsTheCount() {
    snapshot.apply("b", state("b", "u", List.of("red"), List.of()));
    snapshot.apply("a", state("a", "u", List.of("red"), List.of("blue")));
    LabelStateSnapshot.Taken t = snapshot.take();
    assertEquals(List.of("a", "b"), t.states().stream().map(LabelState::getId).toList());
    assertEquals(3, t.newConfirmations());
    assertEquals(0, snapshot.newConfirmations());
    snapshot.giveBack(t.newConfirmations());
    assertEquals(3, snapshot.newConfirmations());
  }
}
