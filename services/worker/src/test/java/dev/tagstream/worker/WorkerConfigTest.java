package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timeouts are range-checked at start, naming the key and where the value came from. */
class WorkerConfigTest {
  @Test
  void anUnknownDeviceIsRefusedAtStart() {
    Settings s = Settings.parse(WorkerSettings.all(), List.of("--worker.device", "tpu"), Map.of());
    assertEquals(
        "worker.device=tpu (from flag --worker.device) must be auto, cpu, gpu or gpu:N",
        assertThrows(ConfigException.class, () -> WorkerConfig.from(s)).getMessage());
  }

  @Test
  void aSessionTimeoutTheBrokerWouldRefuseIsRefusedAtStart() {
    Settings s =
        Settings.parse(WorkerSettings.all(), List.of("--worker.session-timeout", "1s"), Map.of());
    assertEquals(
        "worker.session-timeout=1s (from flag --worker.session-timeout) must be between 6000 ms and 1800000 ms",
        assertThrows(ConfigException.class, () -> WorkerConfig.from(s)).getMessage());
    Settings zero =
        Settings.parse(WorkerSettings.all(), List.of("--worker.commit-interval", "0s"), Map.of());
    assertThrows(ConfigException.class, () -> WorkerConfig.from(zero));
  }

  @Test
  void aZeroFetchTimeoutIsRefusedAtStartNamingTheKeyAndItsSource() {
    Settings fromEnv =
        Settings.parse(
            WorkerSettings.all(), List.of(), Map.of("TAGSTREAM_WORKER_FETCH_TIMEOUT", "0s"));
    assertEquals(
        "worker.fetch.timeout=0s (from environment variable TAGSTREAM_WORKER_FETCH_TIMEOUT) must be between "
            + "100 ms and 600000 ms",
        assertThrows(ConfigException.class, () -> WorkerConfig.from(fromEnv)).getMessage());
    Settings flag =
        Settings.parse(
            WorkerSettings.all(), List.of("--worker.fetch.connect-timeout", "0ms"), Map.of());
    assertEquals(
        "worker.fetch.connect-timeout=0ms (from flag --worker.fetch.connect-timeout) must be between 100 ms "
            + "and 600000 ms",
        assertThrows(ConfigException.class, () -> WorkerConfig.from(flag)).getMessage());
    Settings fine =
        Settings.parse(WorkerSettings.all(), List.of("--worker.fetch.timeout", "3s"), Map.of());
    assertEquals(Duration.ofSeconds(3), WorkerConfig.from(fine).fetch().timeout());
  }

  @Test
  void shadowingIsOffByDefaultAndAPercentOutside0To100IsRefused() {
    assertEquals(
        0,
        WorkerConfig.from(Settings.parse(WorkerSettings.all(), List.of(), Map.of()))
            .pipeline()
            .shadowPercent());
    Settings ten =
        Settings.parse(WorkerSettings.all(), List.of("--worker.shadow-percent", "10"), Map.of());
    assertEquals(10, WorkerConfig.from(ten).pipeline().shadowPercent());
    Settings tooMany =
        Settings.parse(
            WorkerSettings.all(), List.of(), Map.of("TAGSTREAM_WORKER_SHADOW_PERCENT", "101"));
    assertEquals(
        "worker.shadow-percent=101 (from environment variable TAGSTREAM_WORKER_SHADOW_PERCENT) must be"
            + " between 0 and 100",
        assertThrows(ConfigException.class, () -> WorkerConfig.from(tooMany)).getMessage());
  }
}
