package dev.tagstream.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservedCountsTest {
  @Test
  void binsObservedPositivesOfTheLabelsThatOccurInTest() {
    // label 0: 0 positives, 1: 2, 2: 3, 3: 10 (not in test), 4: 1
    float[][] train = new float[10][5];
    train[0][1] = 1;
    train[1][1] = 1;
    for (int i = 0; i < 3; i++) {
      train[i][2] = 1;
    }
    for (int i = 0; i < 10; i++) {
      train[i][3] = 1;
    }
    train[4][4] = 1;
    boolean[][] test = {{true, true, false, false, false}, {false, false, true, false, true}};
    ObservedCounts c = ObservedCounts.of(train, test);
    assertEquals(Map.of("0", 1, "1-2", 2, "3-9", 1, "10+", 0), c.histogram());
    assertEquals(4, c.labelsInTest());
    assertEquals(3, c.seenInTest());
    assertArrayEquals(new boolean[] {false, true, true, true, true}, c.seen());
    assertEquals("0: 1, 1-2: 2, 3-9: 1, 10+: 0", c.describe());
    assertEquals("10+", ObservedCounts.bin(10));
    assertEquals("3-9", ObservedCounts.bin(9));
  }
}
