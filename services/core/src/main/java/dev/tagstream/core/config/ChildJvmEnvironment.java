package dev.tagstream.core.config;

import java.util.Map;

/**
 * The native settings the {@code tagstream} launcher gives its JVM, for JVMs that tagstream starts
 * itself (reliability runs, bench worker processes), so that a child behaves as a launched service
 * does. Why each: libtorch's OpenMP threads spin between batches unless PASSIVE and would starve
 * the other processes on the same cores; DJL's usage tracking would try the network; and {@link
 * #MALLOC} for glibc's allocator.
 */
public final class ChildJvmEnvironment {
  private ChildJvmEnvironment() {}

  /**
   * glibc malloc settings of every tagstream JVM (the launcher and the Dockerfiles set the same;
   * NativeEnvironmentTest holds them to it). Per-thread arenas multiply a JVM's native footprint,
   * so at most 2. The three thresholds are fixed because glibc's defaults hand libtorch's per-batch
   * buffers of a few MB back to the kernel after every forward pass and fault them in again on the
   * next: its threads spent a quarter of their CPU in the kernel, and training ran at about half
   * the rate (bench/results/native-malloc.md). Fixed, freed buffers stay in the heap for the next
   * batch, at about 100 MB more resident memory.
   */
  public static final Map<String, String> MALLOC =
      Map.of(
          "MALLOC_ARENA_MAX", "2",
          "MALLOC_MMAP_THRESHOLD_", "33554432",
          "MALLOC_TRIM_THRESHOLD_", "268435456",
          "MALLOC_TOP_PAD_", "67108864");

  /** Puts the launcher's native settings into a child's environment. */
  public static void applyTo(Map<String, String> env) {
    env.put("OPT_OUT_TRACKING", "true");
    env.put("OMP_WAIT_POLICY", "PASSIVE");
    env.put("TORCH_CPP_LOG_LEVEL", "ERROR");
    env.putAll(MALLOC);
  }
}
