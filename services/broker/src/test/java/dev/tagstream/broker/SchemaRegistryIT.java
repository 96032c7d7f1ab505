package dev.tagstream.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ConfluentWire;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.SerdeConfig;
import dev.tagstream.core.kafka.SchemaRegistration;
import dev.tagstream.core.kafka.SchemaRegistrationException;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.core.testkit.TestRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry wire format through the real broker and a real registry (Apicurio, Confluent API).
 */
class SchemaRegistryIT {

  @AfterEach
  void backToTheDefault() {
    ValueEncoding.reset();
  }

  @Test
  void registersEveryTopicAsItsValueSubjectWithBackwardCompatibility() {
    KafkaConfig c = TestBroker.freshConfig(1).withSerde(TestRegistry.registryMode());
    SchemaRegistration.apply(c);
    var client = TestRegistry.client();
    for (Topic<?> t : Topics.all()) {
      String subject = c.topicPrefix() + t.baseName() + "-value";
      assertEquals(List.of(1), client.versions(subject), subject);
      assertEquals(Optional.of("BACKWARD"), client.compatibility(subject), subject);
    }
    // Starting again (a restart, a second replica) registers nothing new.
    SchemaRegistration.apply(c);
    assertEquals(List.of(1), client.versions(c.topicPrefix() + "images-value"));
  }

  @Test
  void registryValuesAreMagicZeroTheSubjectsIdAndTheSameAvroBodyAndRoundTripThroughTheBroker() {
    KafkaConfig c = TestBroker.freshConfig(1).withSerde(TestRegistry.registryMode());
    SchemaRegistration.apply(c);
    String topic = Topics.IMAGES.name(c.topicPrefix());
    int id = TestRegistry.client().register(topic + "-value", ImageReference.getClassSchema());
    ImageReference value = ContractSamples.image("a");

    byte[] registry = Topics.IMAGES.valueSerde().encode(topic, value);
    ValueEncoding.Choice registryMode =
        ValueEncoding.use(
            new ValueEncoding.Choice(
                ValueEncoding.Format.SINGLE_OBJECT, ValueEncoding.current().registry()));
    byte[] single = Topics.IMAGES.valueSerde().encode(topic, value);
    ValueEncoding.use(registryMode);

    assertArrayEquals(ConfluentWire.header(id), Arrays.copyOf(registry, 5));
    assertArrayEquals(
        Arrays.copyOfRange(single, 10, single.length),
        Arrays.copyOfRange(registry, 5, registry.length),
        "the same Avro binary body after either header");
    Records.sendRaw(c, topic, "a", registry);
    var read = Records.readAtLeast(c, Topics.IMAGES, 1, Duration.ofSeconds(20));
    assertEquals(value, read.get(0).value());
  }

  @Test
  void aReaderInMigrationReadsBothEncodingsFromOneTopic() {
    KafkaConfig c = TestBroker.freshConfig(1);
    String topic = Topics.PREDICTIONS.name(c.topicPrefix());
    Records.send(c, Topics.PREDICTIONS, "old", ContractSamples.prediction("old"));
    SchemaRegistration.apply(c.withSerde(TestRegistry.registryMode()));
    Records.send(c, Topics.PREDICTIONS, "new", ContractSamples.prediction("new"));
    SchemaRegistration.apply(c.withSerde(TestRegistry.readerMode()));

    var read = Records.readAtLeast(c, Topics.PREDICTIONS, 2, Duration.ofSeconds(20));
    assertEquals(
        List.of(ContractSamples.prediction("old"), ContractSamples.prediction("new")),
        read.stream().map(r -> r.value()).toList());
    assertEquals(ValueEncoding.Format.SINGLE_OBJECT, ValueEncoding.current().writes());
    assertTrue(topic.endsWith("predictions"));
  }

  @Test
  void anIncompatibleChangeStopsTheStartNamingTheSubject() {
    KafkaConfig c = TestBroker.freshConfig(1).withSerde(TestRegistry.registryMode());
    String subject = c.topicPrefix() + "images-value";
    // An earlier ImageReference with a field this version dropped without a default: records it
    // wrote are fine,
    // but under FULL this version's records could not be read by its readers.
    Schema earlier =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"ImageReference\",\"namespace\":"
                    + "\"dev.tagstream.contracts\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                    + "{\"name\":\"checksum\",\"type\":\"string\"}]}");
    var client = TestRegistry.client();
    client.register(subject, earlier);
    client.setCompatibility(subject, "FULL");

    SchemaRegistrationException e =
        assertThrows(SchemaRegistrationException.class, () -> SchemaRegistration.apply(c));
    assertEquals(subject, e.subject());
    assertEquals(
        "schema registry subject "
            + subject
            + " refuses this version's schema: it is not compatible "
            + "(FULL) with the subject's latest version. Deploy a compatible schema, or use a new topic-prefix; the "
            + "registry at "
            + TestRegistry.url()
            + " is unchanged",
        e.getMessage());
    assertEquals(List.of(1), client.versions(subject), "nothing was registered");
    assertEquals(
        ValueEncoding.Format.SINGLE_OBJECT,
        ValueEncoding.current().writes(),
        "the encoding was not switched");
  }

  @Test
  void anUnreachableRegistryStopsTheStartNamingItsAddress() {
    KafkaConfig c =
        TestBroker.freshConfig(1)
            .withSerde(
                new SerdeConfig(
                    ValueEncoding.Format.REGISTRY,
                    URI.create("http://127.0.0.1:1/apis/ccompat/v7"),
                    null));
    SchemaRegistrationException e =
        assertThrows(SchemaRegistrationException.class, () -> SchemaRegistration.apply(c));
    assertEquals(null, e.subject());
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot use the schema registry: schema registry at "
                    + "http://127.0.0.1:1/apis/ccompat/v7 unreachable (GET /config): "),
        e.getMessage());
  }
}
