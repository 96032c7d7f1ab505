package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class ImageReferenceWriterTest {
  @Test
  void fitsTheCurrentSchemaSoTheSerdeUsesIt() {
    assertTrue(ImageReferenceWriter.fits(ImageReference.getClassSchema()));
  }

  @Test
  void refusesAnyOtherLayout() {
    assertFalse(ImageReferenceWriter.fits(LabelConfirmation.getClassSchema()));
    Schema micros =
        SchemaBuilder.record("ImageReference")
            .fields()
            .requiredString("id")
            .requiredString("uri")
            .name("submittedAt")
            .type(
                org.apache.avro.LogicalTypes.timestampMicros()
                    .addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault()
            .requiredString("source")
            .name("attributes")
            .type()
            .map()
            .values()
            .stringType()
            .noDefault()
            .name("positives")
            .type()
            .array()
            .items()
            .stringType()
            .noDefault()
            .name("negatives")
            .type()
            .array()
            .items()
            .stringType()
            .noDefault()
            .endRecord();
    assertFalse(ImageReferenceWriter.fits(micros));
  }

  @Test
  void writesTheSameBytesAsAvrosGenericWriter() throws Exception {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("camera", "pixel");
    attributes.put("größe", "\u00e9\u4e2d\ud83d\ude00");
    for (ImageReference v :
        List.of(
            ContractSamples.image("a"),
            new ImageReference(
                "b",
                "https://x.org/b.png",
                Instant.ofEpochMilli(1_700_000_000_123L),
                "",
                Map.of(),
                List.of(),
                List.of()),
            new ImageReference(
                "c:é",
                "file:///c",
                Instant.ofEpochMilli(-5),
                "api",
                attributes,
                List.of("x", ""),
                List.of("y")))) {
      @SuppressWarnings("unchecked")
      DatumWriter<ImageReference> generic =
          (DatumWriter<ImageReference>)
              SpecificData.getForClass(ImageReference.class)
                  .createDatumWriter(ImageReference.getClassSchema());
      assertArrayEquals(encode(generic, v), encode(new ImageReferenceWriter(), v), v.getId());
    }
  }

  private static byte[] encode(DatumWriter<ImageReference> w, ImageReference v) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
    w.write(v, e);
    e.flush();
    return out.toByteArray();
  }
}
