package dev.tagstream.trainer;

import static dev.tagstream.trainer.ValidationSplitTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.LabelState;
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
