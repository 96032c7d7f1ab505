package dev.tagstream.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's own classpath has no broker module: asking for a local broker says what to do instead. */
class LocalBrokerTest {

  @Test
  void withoutTheBrokerModuleStartingOneAsksForABootstrapAddress(@TempDir Path dir) {
    KafkaUnavailableException e =
        assertThrows(KafkaUnavailableException.class, () -> LocalBroker.start(dir, 0));
    assertEquals(
        "this build has no embedded broker (tagstream-broker is not on the classpath); pass --bootstrap"
            + " HOST:PORT",
        e.getMessage());
  }
}
