package dev.tagstream.contracts;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** One topic's contract: its default name, its key, its value type and how it is cleaned up. */
public record Topic<V extends SpecificRecord>(
    String baseName, String keyDoc, Class<V> valueType, Schema schema, boolean compacted) {

  public Topic {
    Objects.requireNonNull(baseName, "baseName");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(schema, "schema");
  }

  /** The topic's name under a deployment prefix ("" for none), e.g. {@code prod.images}. */
  public String name(String prefix) {
    return prefix == null || prefix.isEmpty() ? baseName : prefix + baseName;
  }

  /** Keys are always UTF-8 strings (image id or model name). */
  public Serde<String> keySerde() {
    return Serdes.String();
  }

  /**
   * A fresh value serde that writes this process's {@link ValueEncoding} and reads both encodings
   * and every frozen schema version.
   */
  public AvroSerde<V> valueSerde() {
    return new AvroSerde<>(valueType, schema);
  }

  /**
   * A serde for a local store holding this topic's value type: always writes single-object
   * encoding, so a store's changelog never registers subjects (it reads both encodings like {@link
   * #valueSerde}).
   */
  public AvroSerde<V> storeSerde() {
    return new AvroSerde<>(valueType, schema, true);
  }
}
