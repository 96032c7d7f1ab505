package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
  @Test
  void showsEachServicesClientPropertiesWithSecretsMasked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "security.protocol=SASL_SSL\nsasl.jaas.config=ScramLoginModule required password=\"s3cr3t\";\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of(
                "config",
                "--kafka-config",
                file.toString(),
                "--worker.kafka.ssl.key.password",
                "hunter2",
                "--worker.kafka.security.protocol",
                "SSL"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String shown = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, shown);
    assertFalse(shown.contains("s3cr3t") || shown.contains("hunter2"), shown);
    assertTrue(shown.contains("| every command | `security.protocol` | `SASL_SSL` |"), shown);
    assertTrue(shown.contains("| worker | `security.protocol` | `SSL` |"), shown);
    assertTrue(shown.contains("| worker | `ssl.key.password` | `******` |"), shown);
    assertTrue(shown.contains("| ingest | `sasl.jaas.config` | `******` |"), shown);
    assertFalse(shown.contains("| ingest | `ssl.key.password`"), shown);
  }

  @Test
  void showsTheSchemaRegistrySettingsWithThePasswordMasked(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("registry-password"), "s3cr3t\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of(
                "config",
                "--serde",
                "registry",
                "--schema-registry-url",
                "http://registry:8081",
                "--schema-registry-user",
                "svc",
                "--schema-registry-password",
                "file:" + secret),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String shown = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, shown);
    assertFalse(shown.contains("s3cr3t"), shown);
    assertTrue(
        shown.endsWith(
            "### Value encoding in effect (secrets masked)\n\n| key | value |\n|---|---|\n"
                + "| `serde` | `registry` |\n| `schema-registry-url` | `http://registry:8081` |\n"
                + "| `schema-registry-user` | `svc` |\n| `schema-registry-password` | `******` |\n"),
        shown);
  }

  @Test
  void withoutClientPropertiesItPrintsOnlyTheReference() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(
        0,
        Main.run(
            List.of("config"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
    assertEquals(
        ConfigCommand.reference(CommandCatalog.services()), out.toString(StandardCharsets.UTF_8));
  }
}
