package dev.tagstream.model.loss;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a read of freed native memory visible: collects garbage (so unreachable direct buffers are
 * freed), then hands the freed small blocks back out filled with NaN. Code that only reads live
 * memory cannot tell the difference; a libtorch tensor still aliasing a freed buffer reads NaN.
 */
final class FreedMemory {
  private static final List<ByteBuffer> HELD = new ArrayList<>();

  private FreedMemory() {}

  static synchronized void poison() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(10); // the JDK's cleaner thread frees the buffers asynchronously
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    HELD.clear();
    for (int i = 0; i < 4096; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 4)).order(ByteOrder.nativeOrder());
      while (b.remaining() >= 4) {
        b.putFloat(Float.NaN);
      }
      HELD.add(b);
    }
  }
}
