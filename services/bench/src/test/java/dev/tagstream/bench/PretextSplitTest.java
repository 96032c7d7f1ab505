package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PretextSplitTest {
  private static final List<String> NAMES = List.of("Animals", "cat-face", "cat", "dog", "fox");
  private static final String[] LEVELS = {"category", "subcategory", "emoji", "emoji", "emoji"};

  @Test
  void splitsOnlyLeavesBySeenName() {
    // "Animals" is in the pretext set but is not a leaf, so it is in neither half
    Map<String, boolean[]> m = PretextSplit.masks(NAMES, LEVELS, Set.of("cat", "fox", "Animals"));
    assertEquals(List.of(PretextSplit.SEEN, PretextSplit.UNSEEN), List.copyOf(m.keySet()));
    assertArrayEquals(new boolean[] {false, false, true, false, true}, m.get(PretextSplit.SEEN));
    assertArrayEquals(new boolean[] {false, false, false, true, false}, m.get(PretextSplit.UNSEEN));
  }

  @Test
  void noSplitWhenOneHalfIsEmpty() {
    assertEquals(Map.of(), PretextSplit.masks(NAMES, LEVELS, Set.of("cat", "dog", "fox")));
    assertEquals(Map.of(), PretextSplit.masks(NAMES, LEVELS, Set.of()));
    assertEquals(
        Map.of(),
        PretextSplit.masks(List.of("a", "b"), new String[] {"category", "category"}, Set.of("a")));
  }

  @Test
  void refusesMismatchedLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PretextSplit.masks(List.of("a"), new String[] {"emoji", "emoji"}, Set.of()));
  }
}
