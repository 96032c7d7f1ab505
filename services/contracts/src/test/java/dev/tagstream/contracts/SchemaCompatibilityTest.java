package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema must read what each of its frozen, committed versions wrote (backward
 * compatibility).
 */
class SchemaCompatibilityTest {

  @Test
  void everyTopicSchemaReadsEveryFrozenVersion() {
    for (Topic<?> topic : Topics.all()) {
      List<Schema> frozen = AvroSerde.frozenVersions(topic.schema().getName());
      assertFalse(
          frozen.isEmpty(),
          "no frozen copy of " + topic.schema().getName() + " in schemas/frozen/");
      for (Schema old : frozen) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(topic.schema(), old);
        assertEquals(
            SchemaCompatibilityType.COMPATIBLE,
            result.getType(),
            topic.schema().getName()
                + " cannot read its frozen version: "
                + result.getDescription());
      }
    }
  }

  @Test
  void theCheckerCatchesARequiredFieldAddedWithoutDefault() {
    // Guards the guard: a change that breaks old readers must be reported as incompatible.
    Schema old = AvroSerde.frozenVersions("LabelConfirmation").get(0);
    Schema broken =
        SchemaBuilder.record("LabelConfirmation")
            .namespace("dev.tagstream.contracts")
            .fields()
            .requiredString("id")
            .requiredString("label")
            .requiredString("mandatoryNewField")
            .endRecord();
    assertEquals(
        SchemaCompatibilityType.INCOMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(broken, old).getType());
  }
}
