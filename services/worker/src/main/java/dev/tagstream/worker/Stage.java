package dev.tagstream.worker;

import java.util.Locale;

/** Where in the worker an image failed; the lower-case name is the dead letter's {@code stage}. */
enum Stage {
  DESERIALIZE, VALIDATE, FETCH, DECODE, SCORE;

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
