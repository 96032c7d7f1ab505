package dev.tagstream.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShadowSampleTest {
  @Test
  void theBucketIsCrc32OfTheSaltedIdModulo100() {
    // zlib.crc32(b"shadow:img-0") % 100 == 21, and so on (computed outside Java)
    assertEquals(
        List.of(21, 15, 17, 11, 40, 78, 40, 18, 79, 13),
        IntStream.range(0, 10).mapToObj(i -> ShadowSample.bucket("img-" + i)).toList());
  }

  @Test
  void picksExactlyTheImagesBelowThePercentAndNoneAtZero() {
    assertEquals(
        List.of(1, 3, 9),
        IntStream.range(0, 10).filter(i -> ShadowSample.picks("img-" + i, 16)).boxed().toList());
    assertFalse(ShadowSample.picks("img-3", 0));
    assertTrue(ShadowSample.picks("img-8", 100));
    assertEquals(
        1003,
        IntStream.range(0, 10_000).filter(i -> ShadowSample.picks("img-" + i, 10)).count(),
        "about a tenth of 10,000 ids");
  }
}
