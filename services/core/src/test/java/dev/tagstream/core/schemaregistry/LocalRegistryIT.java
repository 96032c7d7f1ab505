package dev.tagstream.core.schemaregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Apicurio Registry started, used and stopped as the demo and the tests do it. */
class LocalRegistryIT {

  @Test
  void servesTheConfluentApiOnLoopbackUntilClosed(@TempDir Path dir) {
    SchemaRegistryClient client;
    try (LocalRegistry registry =
        LocalRegistry.start(LocalRegistryConfig.open(dir.resolve("registry.log")))) {
      assertTrue(
          registry.url().toString().matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7"),
          registry.url().toString());
      client = new SchemaRegistryClient(registry.url(), null);
      assertEquals("NONE", client.compatibility(), "Apicurio's default level");
      int id = client.register("p-value", Prediction.getClassSchema());
      assertEquals(id, client.register("p-value", Prediction.getClassSchema()));
      assertEquals(List.of(1), client.versions("p-value"));
    }
    RegistryException e = assertThrows(RegistryException.class, () -> client.compatibility());
    assertEquals(0, e.status(), "nothing listens once it is closed: " + e.getMessage());
  }

  @Test
  void aMissingTarballFailsWithTheOneCommandThatFetchesIt(@TempDir Path emptyRepo) {
    String before = System.getProperty("maven.repo.local");
    System.setProperty("maven.repo.local", emptyRepo.toString());
    try {
      LocalRegistryException e =
          assertThrows(
              LocalRegistryException.class,
              () -> LocalRegistry.start(LocalRegistryConfig.open(emptyRepo.resolve("r.log"))));
      assertEquals(
          "Apicurio Registry 3.0.9 is not in "
              + emptyRepo
              + "; run: mvn -B dependency:get"
              + " -Dartifact=io.apicurio:apicurio-registry-app:3.0.9:tar.gz:all -Dtransitive=false",
          e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty("maven.repo.local");
      } else {
        System.setProperty("maven.repo.local", before);
      }
    }
  }
}
