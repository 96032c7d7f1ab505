package dev.tagstream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.contracts.ValueEncoding.Format;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerdeSettingsTest {
  private static SerdeConfig read(Map<String, String> env, String... args) {
    return KafkaSettings.read(Settings.parse(KafkaSettings.all(), List.of(args), env)).serde();
  }

  @Test
  void singleObjectWithoutARegistryIsTheDefault() {
    SerdeConfig c = read(Map.of());
    assertEquals(Format.SINGLE_OBJECT, c.writes());
    assertNull(c.registryUrl());
    assertNull(c.credentials());
  }

  @Test
  void registryModeWithCredentialsFromAFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("pw"), "s3cr3t\n");
    SerdeConfig c =
        read(
            Map.of("TAGSTREAM_SCHEMA_REGISTRY_PASSWORD", "file:" + secret),
            "--serde",
            "registry",
            "--schema-registry-url",
            "http://registry:8081",
            "--schema-registry-user",
            "svc");
    assertEquals(Format.REGISTRY, c.writes());
    assertEquals(URI.create("http://registry:8081"), c.registryUrl());
    assertEquals("svc", c.credentials().user());
    assertEquals("s3cr3t", c.credentials().password());
    assertEquals(
        "SerdeConfig[writes=REGISTRY, registryUrl=http://registry:8081, "
            + "credentials=Credentials[user=svc, password=****]]",
        c.toString());
  }

  private static java.util.Optional<SerdeConfig> unlessLocal(String... args) {
    return SerdeSettings.readUnlessLocal(
        Settings.parse(SerdeSettings.all(), List.of(args), Map.of()));
  }

  @Test
  void registryModeWithoutAUrlAsksForALocalRegistryWhereOneCanBeStarted() {
    assertEquals(java.util.Optional.empty(), unlessLocal("--serde", "registry"));
    assertEquals(
        URI.create("http://r:8081"),
        unlessLocal("--serde", "registry", "--schema-registry-url", "http://r:8081")
            .orElseThrow()
            .registryUrl());
    assertEquals(Format.SINGLE_OBJECT, unlessLocal().orElseThrow().writes());
    assertEquals(
        "schema-registry-user and schema-registry-password are for the registry at"
            + " schema-registry-url; without it a local registry starts, which asks for no login",
        assertThrows(
                ConfigException.class,
                () -> unlessLocal("--serde", "registry", "--schema-registry-user", "u"))
            .getMessage());
  }

  @Test
  void mistakesFailNamingTheKey() {
    assertEquals(
        "serde=registry needs schema-registry-url (or TAGSTREAM_SCHEMA_REGISTRY_URL)",
        assertThrows(ConfigException.class, () -> read(Map.of(), "--serde", "registry"))
            .getMessage());
    assertEquals(
        "serde=avro (from flag --serde) must be single-object or registry",
        assertThrows(ConfigException.class, () -> read(Map.of(), "--serde", "avro")).getMessage());
    assertEquals(
        "schema-registry-url=registry:8081 (from flag --schema-registry-url) must be an http:// or "
            + "https:// URL",
        assertThrows(
                ConfigException.class,
                () -> read(Map.of(), "--schema-registry-url", "registry:8081"))
            .getMessage());
    assertEquals(
        "schema-registry-user is set but schema-registry-password is not: set it (or "
            + "TAGSTREAM_SCHEMA_REGISTRY_PASSWORD)",
        assertThrows(
                ConfigException.class,
                () ->
                    read(
                        Map.of(),
                        "--schema-registry-url",
                        "http://r:1",
                        "--schema-registry-user",
                        "svc"))
            .getMessage());
  }
}
