package dev.tagstream.core.schemaregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.SchemaRegistryClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  void aKilledOwnerTakesItsRegistryAlong(@TempDir Path dir) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    if (System.getProperty("maven.repo.local") != null) {
      cmd.add("-Dmaven.repo.local=" + System.getProperty("maven.repo.local"));
    }
    cmd.addAll(List.of(RegistryOwnerMain.class.getName(), dir.resolve("r.log").toString()));
    Process owner = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<ProcessHandle> registry;
    String url;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream()));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("serving "), "the owner said: " + line);
      url = line.substring("serving ".length());
      registry = owner.descendants().toList();
      assertTrue(
          registry.stream()
              .anyMatch(
                  p ->
                      p.info()
                          .arguments()
                          .map(a -> String.join(" ", a))
                          .orElse("")
                          .contains("apicurio-registry-app")),
          "a registry JVM among the owner's descendants: "
              + registry.stream().map(p -> p.info().commandLine().orElse("?")).toList());
    } finally {
      owner.destroyForcibly(); // SIGKILL: no shutdown hook runs
    }
    owner.waitFor(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    List<ProcessHandle> left = registry.stream().filter(ProcessHandle::isAlive).toList();
    left.forEach(
        ProcessHandle::destroyForcibly); // the old behaviour must not leak into the machine
    assertEquals(List.of(), left, "processes left 10 s after their owner's SIGKILL");
    RegistryException e =
        assertThrows(
            RegistryException.class,
            () -> new SchemaRegistryClient(URI.create(url), null).compatibility());
    assertEquals(0, e.status(), "nothing listens: " + e.getMessage());
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
              + " -Dartifact=io.apicurio:apicurio-registry-app:3.0.9:tar.gz:all -Dtransitive=false"
              + " -Dmaven.repo.local="
              + emptyRepo,
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
