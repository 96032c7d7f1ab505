package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
  private static KafkaConfig kafka(String... args) {
    return KafkaSettings.read(Settings.parse(KafkaSettings.all(), List.of(args), Map.of()))
        .withBootstrap("k:9092")
        .forRole("feedback");
  }

  private static Properties of(KafkaConfig kafka) {
    FeedbackConfig config =
        FeedbackSettings.read(kafka, Settings.parse(FeedbackSettings.all(), List.of(), Map.of()));
    return StreamsProperties.of(kafka, config, new FeedbackMetrics(new SimpleMeterRegistry()));
  }

  @Test
  void theFeedbackRolesPropertiesReachStreamsAndItsOwnSettingsStay() {
    Properties p =
        of(
            kafka(
                "--kafka.security.protocol",
                "SASL_SSL",
                "--feedback.kafka.client.id",
                "fb",
                "--worker.kafka.security.protocol",
                "PLAINTEXT"));
    assertEquals("SASL_SSL", p.get("security.protocol"));
    assertEquals("fb", p.get("client.id"));
    assertEquals("tagstream-feedback", p.get("application.id"));
    assertEquals("exactly_once_v2", p.get("processing.guarantee"));
    assertEquals("k:9092", p.get("bootstrap.servers"));
  }

  @Test
  void everyStreamsKeyTheAppSetsIsRefusedAsPassThrough() {
    for (Object key : of(kafka()).keySet()) {
      String k = (String) key;
      if (k.equals("client.id") || k.startsWith("tagstream.")) {
        continue; // client.id is a default a user may change; tagstream.* are the handler's own
        // keys
      }
      assertThrows(ConfigException.class, () -> kafka("--feedback.kafka." + k, "x"), k);
    }
  }
}
