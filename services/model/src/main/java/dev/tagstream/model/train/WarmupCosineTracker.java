package dev.tagstream.model.train;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate: linear warm-up from 0 to base over warmupSteps, then cosine decay to base * floor
 * at totalSteps.
 */
public final class WarmupCosineTracker implements Tracker {
  private final float base;
  private final int warmupSteps;
  private final int totalSteps;
  private final float floor;

  public WarmupCosineTracker(float base, int warmupSteps, int totalSteps, float floor) {
    this.base = base;
    this.warmupSteps = Math.max(0, warmupSteps);
    this.totalSteps = Math.max(totalSteps, this.warmupSteps + 1);
    this.floor = floor;
  }

  /**
   * lr(s) = base*(s+1)/W for s < W; else base*(f + (1-f)*(1+cos(pi*(s-W)/(T-W)))/2). numUpdate
   * counts from 1 in DJL.
   */
  @Override
  public float getNewValue(int numUpdate) {
    int s = Math.max(0, numUpdate - 1);
    if (s < warmupSteps) {
      return base * (s + 1) / warmupSteps;
    }
    double progress = Math.min(1.0, (double) (s - warmupSteps) / (totalSteps - warmupSteps));
    return (float) (base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress))));
  }
}
