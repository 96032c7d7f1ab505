package dev.tagstream.worker.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which images a candidate also scores in shadow: a stable hash of the image id, so every worker
 * (and every redelivery) picks the same images and the sample does not depend on partitioning.
 * Salted, so the sample is not the trainer's validation split.
 */
public final class ShadowSample {
  private ShadowSample() {}

  /** bucket(id) = CRC32("shadow:" + id) mod 100; picked iff bucket < percent. */
  public static boolean picks(String imageId, int percent) {
    if (percent <= 0) {
      return false;
    }
    if (percent >= 100) {
      return true;
    }
    return bucket(imageId) < percent;
  }

  static int bucket(String imageId) {
    CRC32 crc = new CRC32();
    crc.update(("shadow:" + imageId).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % 100);
  }
}
