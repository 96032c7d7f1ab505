package dev.tagstream.contracts;

/**
 * Caps on the lengths Avro believes when it decodes untrusted bytes. Avro allocates a collection,
 * string or byte array of the length a value declares before it reads the items, and its default
 * caps are about 2^31: a 131-byte record declaring a hundred million floats cost 1 GB and seconds
 * before failing at the end of its bytes (found by {@code AvroValuesFuzzTest}), and a worker with a
 * smaller heap would die of it, over and over, on the same poison record. tagstream's values are
 * far below these caps (a probability vector holds one float per label), so a value over them is
 * refused as corrupt. Avro reads the caps from system properties once, when it first checks one, so
 * they are set before any value is decoded, and never over a cap an operator set.
 */
final class AvroLimits {
  static final String COLLECTION_ITEMS = "org.apache.avro.limits.collectionItems.maxLength";
  static final String STRING_LENGTH = "org.apache.avro.limits.string.maxLength";
  static final String BYTES_LENGTH = "org.apache.avro.limits.bytes.maxLength";
  static final long MAX_ITEMS = 1_000_000;
  static final long MAX_BYTES = 16L << 20;

  private AvroLimits() {}

  static void apply() {
    setIfUnset(COLLECTION_ITEMS, MAX_ITEMS);
    setIfUnset(STRING_LENGTH, MAX_BYTES);
    setIfUnset(BYTES_LENGTH, MAX_BYTES);
  }

  private static void setIfUnset(String key, long value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, Long.toString(value));
    }
  }
}
