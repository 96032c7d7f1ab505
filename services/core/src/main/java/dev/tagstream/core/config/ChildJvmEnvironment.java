package dev.tagstream.core.config;

import java.util.Map;

/**
 * The native settings the {@code tagstream} launcher gives its JVM, for JVMs that tagstream starts
 * itself (reliability runs, bench worker processes), so that a child behaves as a launched service
 * does. Why each: libtorch's OpenMP threads spin between batches unless PASSIVE and would starve
 * the other processes on the same cores; glibc's per-thread malloc arenas multiply a JVM's native
 * footprint; DJL's usage tracking would try the network.
 */
public final class ChildJvmEnvironment {
  private ChildJvmEnvironment() {}

  /** Puts the launcher's native settings into a child's environment. */
  public static void applyTo(Map<String, String> env) {
    env.put("OPT_OUT_TRACKING", "true");
    env.put("OMP_WAIT_POLICY", "PASSIVE");
    env.put("TORCH_CPP_LOG_LEVEL", "ERROR");
    env.put("MALLOC_ARENA_MAX", "2");
  }
}
