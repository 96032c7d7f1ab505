package dev.tagstream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSettingsTest {
  static final Setting PORT = HttpSettings.port("t", 9999);

  static HttpConfig read(Map<String, String> env, String... args) {
    List<Setting> known = new ArrayList<>(HttpSettings.all());
    known.add(PORT);
    return HttpSettings.read(Settings.parse(known, List.of(args), env), PORT);
  }

  @Test
  void defaultsArePlainHttpWithEverythingOpen() {
    assertEquals(HttpConfig.plain("0.0.0.0", 9999), read(Map.of()));
  }

  @Test
  void readsTheKeystorePasswordAndTokenFromFilesAndNeverShowsThem(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("pw"), "s3cret-pw\n");
    Files.writeString(dir.resolve("tok"), "s3cret-token\n");
    HttpConfig c =
        read(
            Map.of(
                "TAGSTREAM_HTTP_TLS_KEYSTORE_PASSWORD",
                "file:" + dir.resolve("pw"),
                "TAGSTREAM_HTTP_TOKEN",
                "file:" + dir.resolve("tok")),
            "--http.tls-keystore",
            "/etc/tagstream/http.p12",
            "--http.metrics-require-token");
    assertEquals(Path.of("/etc/tagstream/http.p12"), c.keystore());
    assertEquals("s3cret-pw", c.keystorePassword());
    assertEquals("s3cret-token", c.token());
    assertTrue(c.metricsRequireToken());
    assertFalse(c.toString().contains("s3cret"), c.toString());
    assertTrue(ClientProperties.isSecret(HttpSettings.TLS_KEYSTORE_PASSWORD.key()));
    assertTrue(ClientProperties.isSecret(HttpSettings.TOKEN.key()));
  }

  @Test
  void aKeystoreWithoutItsPasswordFailsNamingTheMissingKey() {
    var e =
        assertThrows(ConfigException.class, () -> read(Map.of(), "--http.tls-keystore", "/k.p12"));
    assertEquals(
        "http.tls-keystore is set but http.tls-keystore-password is not: set it (or "
            + "TAGSTREAM_HTTP_TLS_KEYSTORE_PASSWORD)",
        e.getMessage());
  }

  @Test
  void requiringTheTokenWithoutOneFails() {
    var e =
        assertThrows(
            ConfigException.class, () -> read(Map.of(), "--http.metrics-require-token", "true"));
    assertEquals(
        "http.metrics-require-token=true needs http.token (or TAGSTREAM_HTTP_TOKEN)",
        e.getMessage());
    assertNull(read(Map.of(), "--http.token", "x").keystore());
  }
}
