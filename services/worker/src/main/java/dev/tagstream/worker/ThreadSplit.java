package dev.tagstream.worker;

import ai.djl.pytorch.jni.JniUtils;
import dev.tagstream.model.infer.IntraOpThreads;

/**
 * How the worker's threads share the machine: fetch/decode threads, inference threads (each scores
 * its own batch), libtorch's intra-op threads per inference thread, and the device. Printed once at
 * start so an operator sees what the defaults chose on this host.
 *
 * <p>On a CPU the default gives every core to inference twice over, as inference threads times
 * intra-op threads = cores, with two inference threads: one batch then never waits at libtorch's
 * barrier for a core that a fetch thread holds, and the other keeps scoring meanwhile (on two
 * cores: 2 x 1 ran the model alone 1.13-1.18 times as fast as 1 x 2, and end to end 1.21-1.25
 * times, bench/results/worker-threads.md). On a GPU one inference thread feeds the device.
 */
public record ThreadSplit(
    int cores,
    int fetchThreads,
    int inferenceThreads,
    int intraOp,
    int interOp,
    String device,
    boolean intraOpChosen) {

  /** The system property with which DJL sets libtorch's intra-op threads when it loads. */
  static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";

  /** What the worker will run, before anything is applied. */
  public record Choice(int inferenceThreads, int intraOp) {}

  /**
   * The rule, pure. {@code inferenceThreads} 0 and {@code intraOp} 0 mean "not configured"; returns
   * intra-op 0 where the worker leaves libtorch's setting alone.
   */
  public static Choice choose(int cores, boolean gpu, int inferenceThreads, int intraOp) {
    if (gpu) {
      return new Choice(inferenceThreads > 0 ? inferenceThreads : 1, intraOp);
    }
    int inference =
        inferenceThreads > 0
            ? inferenceThreads
            : intraOp > 0 ? Math.max(1, cores / intraOp) : Math.min(2, Math.max(1, cores));
    // inference x intra-op = cores; an intra-op count given explicitly is kept as it is
    return new Choice(inference, intraOp > 0 ? intraOp : Math.max(1, cores / inference));
  }

  /**
   * The split for this worker. Each inference thread sets its intra-op threads for itself ({@link
   * IntraOpThreads}), so libtorch's process-wide count, and a trainer in the same process, keep
   * theirs; an intra-op count the operator gave with {@value #INTRA_OP_PROPERTY} is left as it is.
   */
  static ThreadSplit resolve(int fetchThreads, int inferenceThreads, boolean gpu, String device) {
    int processWide = IntraOpThreads.onThisThread();
    int cores = Runtime.getRuntime().availableProcessors();
    boolean given = System.getProperty(INTRA_OP_PROPERTY) != null;
    Choice c = choose(cores, gpu, inferenceThreads, given ? processWide : 0);
    boolean chosen = !given && c.intraOp() > 0;
    return new ThreadSplit(
        cores,
        fetchThreads,
        c.inferenceThreads(),
        chosen ? c.intraOp() : processWide,
        JniUtils.getNumInteropThreads(),
        device,
        chosen);
  }

  /** What each inference thread sets for itself: 0 leaves libtorch's count as it is. */
  int perThreadIntraOp() {
    return intraOpChosen ? intraOp : 0;
  }

  /** One log line; says so when the threads that compute outnumber the cores. */
  String describe() {
    int busy = fetchThreads + inferenceThreads * intraOp;
    return String.format(
        "threads on %d cores: %d fetch/decode, %d inference x %d libtorch intra-op (%s) + %d inter-op"
            + " on %s, 1 consumer loop%s",
        cores,
        fetchThreads,
        inferenceThreads,
        intraOp,
        intraOpChosen ? "chosen: inference x intra-op = cores" : "as configured",
        interOp,
        device,
        busy > cores
            ? " (fetch and intra-op threads together exceed the cores and take turns; worker.fetch-threads,"
                + " worker.inference-threads or -D"
                + INTRA_OP_PROPERTY
                + " in TAGSTREAM_JAVA_OPTS changes that)"
            : "");
  }
}
