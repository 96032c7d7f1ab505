package dev.tagstream.model.infer;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op threads for one Java thread. libtorch keeps a process-wide count, which a
 * thread takes up the first time it asks for or runs a parallel operator, and from then on a count
 * of its own (OpenMP's, per thread). So one thread can run its operators on n threads while every
 * other thread, a trainer's in the same process among them, keeps the process-wide count.
 */
public final class IntraOpThreads {
  private IntraOpThreads() {}

  /** The count operators started on the calling thread use. */
  public static int onThisThread() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }

  /**
   * Makes the calling thread run its operators on {@code n} threads and leaves the process-wide
   * count as it was. libtorch can only set both at once, so the process-wide count is put back from
   * a short-lived thread; synchronized, so two callers never restore each other's value.
   */
  public static synchronized void useOnThisThread(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("intra-op threads must be >= 1, got " + n);
    }
    // asking first makes libtorch settle this thread's own count now, or its first operator would
    // reset it to the process-wide one
    int processWide = onThisThread();
    if (processWide == n) {
      return;
    }
    JniUtils.setNumThreads(n);
    Thread restore = new Thread(() -> JniUtils.setNumThreads(processWide), "intra-op-restore");
    restore.start();
    try {
      restore.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restoring libtorch's thread count", e);
    }
  }
}
