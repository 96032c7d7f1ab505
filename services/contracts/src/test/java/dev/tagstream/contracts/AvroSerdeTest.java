package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] encodeWithTopic(Topic topic, SpecificRecord value) {
    return topic.valueSerde().encode(topic.baseName(), value);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyTypeRoundTripsThroughItsTopicSerde() {
    List<Topic<?>> topics = Topics.all();
    List<SpecificRecord> samples = ContractSamples.oneOfEach();
    for (int i = 0; i < topics.size(); i++) {
      Topic topic = topics.get(i);
      byte[] bytes = encodeWithTopic(topic, samples.get(i));
      Object back = topic.valueSerde().decode(topic.baseName(), bytes);
      assertEquals(samples.get(i), back, topic.baseName());
    }
  }

  @Test
  void valuesCarryTheSingleObjectMarkerAndTheSchemaFingerprint() {
    byte[] bytes = Topics.IMAGES.valueSerde().encode("images", ContractSamples.image("a"));
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    long fp =
        org.apache.avro.SchemaNormalization.parsingFingerprint64(ImageReference.getClassSchema());
    long written =
        java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(fp, written);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void writesExactlyWhatAvrosMessageEncoderWrites() throws Exception {
    List<Topic<?>> topics = Topics.all();
    List<SpecificRecord> samples = ContractSamples.oneOfEach();
    for (int i = 0; i < topics.size(); i++) {
      Topic topic = topics.get(i);
      SpecificRecord v = samples.get(i);
      var reference =
          new BinaryMessageEncoder<SpecificRecord>(
              org.apache.avro.specific.SpecificData.getForClass(v.getClass()), v.getSchema());
      byte[] expected = reference.encode(v).array();
      assertArrayEquals(expected, encodeWithTopic(topic, v), topic.baseName());
      assertArrayEquals(
          expected, encodeWithTopic(topic, v), topic.baseName() + ", again (reused buffer)");
    }
  }

  @Test
  void nullIsATombstoneBothWays() {
    AvroSerde<LabelState> serde = Topics.LABEL_STATE.valueSerde();
    assertNull(serde.encode("label-state", null));
    assertNull(serde.decode("label-state", null));
  }

  @Test
  void unknownSchemaFingerprintIsATypedError() {
    Schema alien =
        SchemaBuilder.record("ImageReference")
            .namespace("elsewhere")
            .fields()
            .requiredString("x")
            .endRecord();
    GenericRecord r = new GenericData.Record(alien);
    r.put("x", "y");
    byte[] bytes;
    try {
      bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), alien).encode(r).array();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    ContractException e =
        assertThrows(
            ContractException.class, () -> Topics.IMAGES.valueSerde().decode("images", bytes));
    assertEquals(ContractException.Kind.UNKNOWN_SCHEMA, e.kind());
    assertEquals("images", e.topic());
  }

  @Test
  void garbageBytesAreATypedError() {
    byte[] garbage = "{\"id\": \"not avro\"}".getBytes(StandardCharsets.UTF_8);
    ContractException e =
        assertThrows(
            ContractException.class, () -> Topics.IMAGES.valueSerde().decode("images", garbage));
    assertEquals(ContractException.Kind.BAD_HEADER, e.kind());
    assertEquals(
        ContractException.Kind.BAD_HEADER,
        assertThrows(
                ContractException.class,
                () -> Topics.LABELS.valueSerde().decode("labels", new byte[0]))
            .kind());
  }

  @Test
  void truncatedBodyIsATypedError() {
    byte[] ok =
        Topics.PREDICTIONS.valueSerde().encode("predictions", ContractSamples.prediction("p"));
    byte[] cut = Arrays.copyOf(ok, 14);
    ContractException e =
        assertThrows(
            ContractException.class,
            () -> Topics.PREDICTIONS.valueSerde().decode("predictions", cut));
    assertEquals(ContractException.Kind.CORRUPT_BODY, e.kind());
  }

  @Test
  void hugeLengthPrefixIsATypedErrorNotAnOutOfMemory() {
    byte[] ok = Topics.LABELS.valueSerde().encode("labels", ContractSamples.confirmation("a"));
    byte[] bad = Arrays.copyOf(ok, 20);
    // After the 10-byte header: a zig-zag varint claiming a string of ~2^31 bytes.
    byte[] len = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    System.arraycopy(len, 0, bad, 10, len.length);
    assertEquals(
        ContractException.Kind.CORRUPT_BODY,
        assertThrows(
                ContractException.class, () -> Topics.LABELS.valueSerde().decode("labels", bad))
            .kind());
  }

  @Test
  void missingRequiredFieldCannotBeEncoded() {
    LabelConfirmation c = ContractSamples.confirmation("a");
    c.setLabel(null);
    ContractException e =
        assertThrows(ContractException.class, () -> Topics.LABELS.valueSerde().encode("labels", c));
    assertEquals(ContractException.Kind.UNENCODABLE, e.kind());
    ImageReference image = ContractSamples.image("a");
    image.setUri(null);
    assertEquals(
        ContractException.Kind.UNENCODABLE,
        assertThrows(
                ContractException.class, () -> Topics.IMAGES.valueSerde().encode("images", image))
            .kind());
  }

  @Test
  void readsRecordsWrittenWithTheFrozenFirstVersion() throws Exception {
    Schema v1 = AvroSerde.frozenVersions("ImageReference").get(0);
    GenericRecord old = new GenericData.Record(v1);
    old.put("id", "old-1");
    old.put("uri", "file:///x.png");
    old.put("submittedAt", 5L);
    old.put("source", "");
    old.put("attributes", java.util.Map.of());
    old.put("positives", List.of());
    old.put("negatives", List.of());
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();
    ImageReference back = Topics.IMAGES.valueSerde().decode("images", bytes);
    assertEquals("old-1", back.getId());
    assertArrayEquals(new Object[0], back.getPositives().toArray());
  }

  @Test
  void aValueDeclaringAHugeCollectionIsRefusedBeforeAvroAllocatesIt() {
    // Found by AvroValuesFuzzTest: 131 bytes of a mutated Prediction (the current schema's
    // fingerprint) that
    // declare a collection of hundreds of millions of items. Without AvroLimits Avro allocated it
    // first (1 GB).
    byte[] poison =
        java.util.HexFormat.of()
            .parseHex(
                "c301631efd31060ec14f0a696d672d312c66696c653a2f2f2f646174612f"
                    + "696d672d312e706e670476330406636174c3f5683f0c616e696d616c0000003f0002ffc3f5683f0000003f0ad7233c000000000000"
                    + "0000f83f666666666666e63f00000000000000400000000000000a400000000000002240f6b183c5986888b283c59868");
    ContractException e =
        assertThrows(
            ContractException.class,
            () -> Topics.PREDICTIONS.valueSerde().decode("predictions", poison));
    assertEquals(ContractException.Kind.CORRUPT_BODY, e.kind());
    assertEquals(
        org.apache.avro.SystemLimitException.class, e.getCause().getClass(), e.getMessage());
    assertEquals("1000000", System.getProperty(AvroLimits.COLLECTION_ITEMS));
  }
}
