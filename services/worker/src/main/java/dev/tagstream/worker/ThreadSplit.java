package dev.tagstream.worker;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How the worker's threads share the machine, printed once at start so an operator sees what the
 * defaults chose on this host: fetch/decode threads (worker.fetch-threads, 0 = one per core),
 * libtorch's intra-op and inter-op pools (libtorch's defaults: one per core), and the device.
 */
record ThreadSplit(int cores, int fetchThreads, int intraOp, int interOp, String device) {

  /** The split in effect now; loads the PyTorch engine if nothing has yet. */
  static ThreadSplit current(int fetchThreads, String device) {
    Engine.getEngine("PyTorch"); // the pools exist once the engine is loaded
    return new ThreadSplit(
        Runtime.getRuntime().availableProcessors(),
        fetchThreads,
        JniUtils.getNumThreads(),
        JniUtils.getNumInteropThreads(),
        device);
  }

  /** One log line; says so when the pools ask for more threads than there are cores. */
  String describe() {
    int busy = fetchThreads + intraOp + 1; // + the inference loop's own thread
    return String.format(
        "threads on %d cores: %d fetch/decode, libtorch %d intra-op + %d inter-op on %s, 1 inference"
            + " loop, 1 consumer loop%s",
        cores,
        fetchThreads,
        intraOp,
        interOp,
        device,
        busy > cores
            ? " (fetch and intra-op threads together exceed the cores and take turns; worker.fetch-threads,"
                + " or -Dai.djl.pytorch.num_threads in TAGSTREAM_JAVA_OPTS, changes that)"
            : "");
  }
}
