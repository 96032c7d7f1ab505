package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecisionOrderTest {
  @Test
  void aFirstDecisionAlwaysStands() {
    assertTrue(DecisionOrder.supersedes(5, null));
  }

  @Test
  void aNewerDecisionWinsAndALateOlderOneLoses() {
    assertTrue(DecisionOrder.supersedes(11, 10L));
    assertFalse(DecisionOrder.supersedes(9, 10L));
  }

  @Test
  void atEqualTimesTheOneProcessedLaterWins() {
    assertTrue(DecisionOrder.supersedes(10, 10L));
  }
}
