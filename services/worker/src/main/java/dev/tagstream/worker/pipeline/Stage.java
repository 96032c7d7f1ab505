package dev.tagstream.worker.pipeline;

import java.util.Locale;

/** Where in the worker an image failed; the lower-case name is the dead letter's {@code stage}. */
public enum Stage {
  DESERIALIZE,
  VALIDATE,
  FETCH,
  DECODE,
  SCORE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
