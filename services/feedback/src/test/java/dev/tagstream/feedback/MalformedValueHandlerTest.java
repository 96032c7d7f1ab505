package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class MalformedValueHandlerTest {
  private static final byte[] GARBAGE = "not avro".getBytes(StandardCharsets.UTF_8);

  private static MalformedValueHandler handler() {
    MalformedValueHandler h = new MalformedValueHandler();
    h.configure(
        Map.of(
            MalformedValueHandler.FAILURES_TOPIC_CONFIG,
            "p.failures",
            MalformedValueHandler.GLOBAL_TOPICS_CONFIG,
            List.of("p.vocabulary")));
    return h;
  }

  private static Response handle(String topic) {
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>(
            topic,
            2,
            17L,
            1_700_000_000_000L,
            TimestampType.CREATE_TIME,
            5,
            GARBAGE.length,
            "img-1".getBytes(StandardCharsets.UTF_8),
            GARBAGE,
            new RecordHeaders(),
            Optional.empty());
    return handler().handleError(null, r, new SerializationException("bad magic byte"));
  }

  @Test
  void aStreamTopicsMalformedValueIsSkippedWithADeadLetterCarryingItsBytes() {
    Response r = handle("p.labels");
    assertEquals(Result.RESUME, r.result());
    List<ProducerRecord<byte[], byte[]>> letters = r.deadLetterQueueRecords();
    assertEquals(1, letters.size());
    assertEquals("p.failures", letters.get(0).topic());
    assertEquals("img-1", new String(letters.get(0).key(), StandardCharsets.UTF_8));
    Failure f = Topics.FAILURES.valueSerde().decode("p.failures", letters.get(0).value());
    assertEquals(ConfirmationDeadLetters.MALFORMED_VALUE, f.getReason());
    assertEquals(1_700_000_000_000L, letters.get(0).timestamp());
  }

  @Test
  void aGlobalStoresMalformedValueIsSkippedWithoutADeadLetter() {
    // the global thread has no producer: a dead letter there kills it (Streams 4.4)
    Response r = handle("p.vocabulary");
    assertEquals(Result.RESUME, r.result());
    assertTrue(r.deadLetterQueueRecords().isEmpty());
  }
}
