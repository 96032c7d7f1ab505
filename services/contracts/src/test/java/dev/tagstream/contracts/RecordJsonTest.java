package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecordJsonTest {
  @Test
  void rendersUnionsUnwrappedAndTimestampsAsIso() {
    String json = RecordJson.toJson(ContractSamples.confirmation("img-9"));
    assertEquals(
        "{\"id\":\"img-9\",\"label\":\"cat\",\"state\":\"NEGATIVE\",\"source\":\"reviewer-7\","
            + "\"confirmedAt\":\"2026-09-21T14:13:20.123Z\"}",
        json);
  }

  @Test
  void rendersNestedRecordsNullsAndBytes() {
    String json = RecordJson.toJson(ContractSamples.failure("f"));
    assertEquals(true, json.contains("\"modelVersion\":\"v3\""), json);
    assertEquals(true, json.contains("\"originalValue\":\"AQID\""), json);
    String p = RecordJson.toJson(ContractSamples.prediction("p"));
    assertEquals(true, p.contains("\"labels\":[{\"label\":\"cat\",\"probability\":0.91}"), p);
    assertEquals(true, p.contains("\"embedding\":null"), p);
  }
}
