package dev.tagstream.core.schemaregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.SchemaRegistryClient;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.UnknownSchemaIds;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.contracts.ValueEncoding.Format;
import dev.tagstream.core.testkit.TestRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An id the real registry answers 404 for costs one call per ttl, however many records name it;
 * counted by the registry's own request metrics. A registry that cannot answer is asked every time.
 */
class UnknownSchemaIdIT {
  private static final int UNKNOWN = 1_987_654_321;
  private final AtomicLong now = new AtomicLong();

  @AfterEach
  void backToTheDefault() {
    ValueEncoding.reset();
  }

  private SchemaRegistryClient client(String url) {
    return new SchemaRegistryClient(
        URI.create(url), null, new UnknownSchemaIds(100, Duration.ofSeconds(60), now::get));
  }

  @Test
  void recordsNamingAnUnknownIdAreUnreadableWithOneRegistryCallPerTtl() throws Exception {
    SchemaRegistryClient client = client(TestRegistry.url());
    ValueEncoding.use(new ValueEncoding.Choice(Format.REGISTRY, client));
    String topic = "unknown-id-images";
    byte[] value = Topics.IMAGES.valueSerde().encode(topic, ContractSamples.image("a"));
    ByteBuffer.wrap(value).putInt(1, UNKNOWN);
    long before = TestRegistry.idLookupsAnswered4xx();

    for (int i = 0; i < 5; i++) {
      ContractException e =
          assertThrows(
              ContractException.class, () -> Topics.IMAGES.valueSerde().decode(topic, value));
      assertEquals(ContractException.Kind.UNKNOWN_SCHEMA, e.kind());
      assertEquals(
          topic
              + ": ImageReference value names schema id "
              + UNKNOWN
              + ", which the registry at "
              + TestRegistry.url()
              + " does not know",
          e.getMessage());
    }
    assertEquals(1, TestRegistry.idLookupsAnswered4xx() - before, "registry calls for 5 records");

    now.addAndGet(Duration.ofSeconds(60).toNanos());
    assertThrows(ContractException.class, () -> Topics.IMAGES.valueSerde().decode(topic, value));
    assertEquals(2, TestRegistry.idLookupsAnswered4xx() - before, "asked again after the ttl");
  }

  @Test
  void aRegistryThatCannotAnswerIsAskedForEveryRecordAndNeverBlamesIt() {
    UnknownSchemaIds unknown = new UnknownSchemaIds(100, Duration.ofSeconds(60), now::get);
    SchemaRegistryClient down =
        new SchemaRegistryClient(URI.create("http://127.0.0.1:1/apis/ccompat/v7"), null, unknown);
    for (int i = 0; i < 2; i++) {
      RegistryException e = assertThrows(RegistryException.class, () -> down.schema(UNKNOWN));
      assertEquals(0, e.status());
      assertTrue(e.getMessage().contains(" unreachable "), e.getMessage());
    }
    assertEquals(0, unknown.size(), "only a 404 is remembered");
  }
}
