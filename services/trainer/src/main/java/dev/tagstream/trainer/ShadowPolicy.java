package dev.tagstream.trainer;

import java.time.Duration;
import java.util.Objects;

/**
 * trainer.gate and its shadow settings: {@code offline} promotes on the held-out set alone (the
 * behaviour before shadowing existed); {@code offline+shadow} announces a candidate that passed
 * offline as CANDIDATE and lets {@link ShadowGate} decide on live traffic.
 */
record ShadowPolicy(boolean shadow, long minJudged, double margin, Duration timeout) {
  static final String OFFLINE = "offline";
  static final String OFFLINE_SHADOW = "offline+shadow";

  ShadowPolicy {
    Objects.requireNonNull(timeout, "timeout");
    if (minJudged < 1 || margin < 0 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("minJudged >= 1, margin >= 0 and timeout > 0 required");
    }
  }

  ShadowGate gate() {
    return new ShadowGate(minJudged, margin, timeout);
  }
}
