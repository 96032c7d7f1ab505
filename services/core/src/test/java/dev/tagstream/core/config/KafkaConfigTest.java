package dev.tagstream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.contracts.ValueEncoding.Format;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {
  static final KafkaConfig BASE =
      new KafkaConfig(
          "b:9092",
          "a.",
          6,
          (short) 3,
          Path.of("/data"),
          9093,
          new ClientProperties(Map.of("security.protocol", "SSL"), Map.of(), null),
          new SerdeConfig(Format.REGISTRY, URI.create("http://registry:8080"), null));

  @Test
  void aNewTopicPrefixOrPartitionCountKeepsEverythingElse() {
    KafkaConfig p = BASE.withTopicPrefix("a.b.");
    assertEquals(
        new KafkaConfig(
            "b:9092", "a.b.", 6, (short) 3, Path.of("/data"), 9093, BASE.client(), BASE.serde()),
        p);
    KafkaConfig n = BASE.withPartitions(2);
    assertEquals(2, n.partitions());
    assertEquals(BASE.withPartitions(6), BASE);
    assertEquals(BASE.serde(), n.serde());
    assertEquals(BASE.client(), n.client());
  }

  @Test
  void aTopicPrefixIsCheckedAsEverywhere() {
    ConfigException e = assertThrows(ConfigException.class, () -> BASE.withTopicPrefix("a/b"));
    assertEquals(
        "topic-prefix 'a/b' may only contain letters, digits, '.', '_' and '-'", e.getMessage());
  }
}
