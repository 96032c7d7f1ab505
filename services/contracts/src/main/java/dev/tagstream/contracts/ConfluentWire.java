package dev.tagstream.contracts;

import java.nio.ByteBuffer;

/**
 * The Schema Registry wire format's header: magic byte 0, then the writer schema's registry id as a
 * 4-byte big-endian int, then the Avro binary body. Single-object encoding starts with 0xC3, so the
 * first byte tells the two apart.
 */
public final class ConfluentWire {
  public static final byte MAGIC = 0;
  public static final int HEADER_LENGTH = 5;

  private ConfluentWire() {}

  /** The five bytes that precede a body written with schema {@code id}. */
  public static byte[] header(int id) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putInt(id).array();
  }

  /** Whether a value starts like the registry wire format (and is long enough to carry an id). */
  public static boolean matches(byte[] value) {
    return value != null && value.length >= HEADER_LENGTH && value[0] == MAGIC;
  }

  /** The schema id of a value that {@link #matches}. */
  public static int schemaId(byte[] value) {
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }
}
