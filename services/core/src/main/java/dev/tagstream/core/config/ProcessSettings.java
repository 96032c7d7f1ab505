package dev.tagstream.core.config;

import java.util.List;

/**
 * Settings read from the environment only, before any command parses flags (logging is configured
 * first).
 */
public final class ProcessSettings {
  private ProcessSettings() {}

  public static final Setting LOG_LEVEL =
      Setting.of(
          "log-level",
          "info",
          "Environment only: level of tagstream's own log lines (error, warn, info, debug); libraries stay at warn.");
  public static final Setting DEBUG =
      Setting.of(
          "debug", null, "Environment only: when set, a failing command prints its stack trace.");

  public static List<Setting> all() {
    return List.of(LOG_LEVEL, DEBUG);
  }
}
