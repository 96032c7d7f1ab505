package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TrainerServiceFactoryTest {
  @Test
  void isDiscoveredAsTheTrainerServiceOnPort8083AfterTheOtherServices() {
    ServiceFactory f =
        ServiceLoader.load(ServiceFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(x -> x.name().equals("trainer"))
            .findFirst()
            .orElseThrow();
    assertEquals(400, f.startOrder());
    Setting port =
        f.settings().stream()
            .filter(s -> s.key().equals("trainer.http-port"))
            .findFirst()
            .orElseThrow();
    assertEquals("8083", port.defaultValue());
    assertTrue(
        f.settings().stream()
            .allMatch(s -> s.key().startsWith("trainer.") || s.key().startsWith("http")));
  }

  @Test
  void rollbackIsDiscoveredAsACommand() {
    assertTrue(
        ServiceLoader.load(Command.class).stream()
            .map(ServiceLoader.Provider::get)
            .anyMatch(c -> c.name().equals("rollback") && c instanceof RollbackCommand));
  }
}
