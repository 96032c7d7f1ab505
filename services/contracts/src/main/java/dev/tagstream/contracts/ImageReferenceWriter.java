package dev.tagstream.contracts;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes an {@link ImageReference} body field by field, the calls Avro's generic writer makes for
 * this schema without its per-field schema walk, union and conversion look-ups (11 % of an ingest
 * request thread). Used only for the exact field layout it was written for ({@link #fits}); any
 * other schema gets Avro's own writer.
 */
final class ImageReferenceWriter implements DatumWriter<ImageReference> {
  private static final List<String> NAMES =
      List.of("id", "uri", "submittedAt", "source", "attributes", "positives", "negatives");

  /** Whether {@code schema} has exactly the fields, types and logical type this writer writes. */
  static boolean fits(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD || schema.getFields().size() != NAMES.size()) {
      return false;
    }
    for (int i = 0; i < NAMES.size(); i++) {
      if (!schema.getFields().get(i).name().equals(NAMES.get(i))) {
        return false;
      }
    }
    List<Schema.Field> f = schema.getFields();
    return isString(f.get(0).schema())
        && isString(f.get(1).schema())
        && f.get(2).schema().getType() == Schema.Type.LONG
        && f.get(2).schema().getLogicalType() instanceof LogicalTypes.TimestampMillis
        && isString(f.get(3).schema())
        && f.get(4).schema().getType() == Schema.Type.MAP
        && isString(f.get(4).schema().getValueType())
        && isStringArray(f.get(5).schema())
        && isStringArray(f.get(6).schema());
  }

  private static boolean isString(Schema s) {
    return s.getType() == Schema.Type.STRING && s.getLogicalType() == null;
  }

  private static boolean isStringArray(Schema s) {
    return s.getType() == Schema.Type.ARRAY && isString(s.getElementType());
  }

  @Override
  public void setSchema(Schema schema) {
    if (!fits(schema)) {
      throw new IllegalArgumentException(
          "ImageReferenceWriter cannot write " + schema.getFullName() + ": fields differ");
    }
  }

  @Override
  public void write(ImageReference v, Encoder out) throws IOException {
    out.writeString(v.getId());
    out.writeString(v.getUri());
    out.writeLong(v.getSubmittedAt().toEpochMilli());
    out.writeString(v.getSource());
    Map<String, String> attributes = v.getAttributes();
    out.writeMapStart();
    out.setItemCount(attributes.size());
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      out.startItem();
      out.writeString(e.getKey());
      out.writeString(e.getValue());
    }
    out.writeMapEnd();
    writeStrings(v.getPositives(), out);
    writeStrings(v.getNegatives(), out);
  }

  private static void writeStrings(List<String> xs, Encoder out) throws IOException {
    out.writeArrayStart();
    out.setItemCount(xs.size());
    for (String x : xs) {
      out.startItem();
      out.writeString(x);
    }
    out.writeArrayEnd();
  }
}
