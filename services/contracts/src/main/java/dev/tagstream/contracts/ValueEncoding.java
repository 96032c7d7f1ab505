package dev.tagstream.contracts;

import java.util.Objects;

/**
 * How this process writes topic values, and which schema registry its readers ask for the schema
 * ids of the registry wire format. Chosen once at start-up (from the serde settings) and then read
 * by every {@link AvroSerde}, so all producers and consumers of a process follow one rule; readers
 * accept both encodings whatever is chosen, so a topic can migrate from one to the other.
 */
public final class ValueEncoding {
  /** The two encodings of a topic value. */
  public enum Format {
    /**
     * Avro single-object encoding: 0xC3 0x01, 8-byte schema fingerprint, body. Needs no registry.
     */
    SINGLE_OBJECT,
    /** The Schema Registry wire format: 0x00, 4-byte schema id, body. */
    REGISTRY
  }

  /** The current choice: the write format and the registry (null when none is configured). */
  public record Choice(Format writes, SchemaRegistryClient registry) {
    public Choice {
      Objects.requireNonNull(writes, "writes");
      if (writes == Format.REGISTRY && registry == null) {
        throw new IllegalArgumentException(
            "writing the registry wire format needs a schema registry");
      }
    }
  }

  private static final Choice DEFAULT = new Choice(Format.SINGLE_OBJECT, null);
  private static volatile Choice current = DEFAULT;

  private ValueEncoding() {}

  /**
   * Makes {@code choice} this process's encoding; returns the one it replaces (to restore in
   * tests).
   */
  public static Choice use(Choice choice) {
    Choice before = current;
    current = Objects.requireNonNull(choice, "choice");
    return before;
  }

  /** Back to the embedded default: single-object encoding, no registry. */
  public static void reset() {
    current = DEFAULT;
  }

  public static Choice current() {
    return current;
  }

  /**
   * The registry subject of a topic's values (the registry's TopicNameStrategy): {@code
   * <topic>-value}.
   */
  public static String subject(String topic) {
    return topic + "-value";
  }
}
