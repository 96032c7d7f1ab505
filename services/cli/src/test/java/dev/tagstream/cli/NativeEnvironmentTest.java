package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tagstream.core.config.ChildJvmEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The glibc malloc settings are one rule in four places that glibc reads before the JVM starts: the
 * launcher, both Dockerfiles and the JVMs tagstream starts itself. They must say the same.
 */
class NativeEnvironmentTest {
  private static final Path ROOT = DeploymentManifestsTest.ROOT;

  @Test
  void theLauncherExportsEveryMallocSettingWithTheSameDefault() throws IOException {
    Map<String, String> exported =
        assignments(
            Files.readString(ROOT.resolve("tagstream")),
            Pattern.compile("export (MALLOC_\\w+)=\"\\$\\{\\1:-([^}]*)}\""));
    assertEquals(ChildJvmEnvironment.MALLOC, exported);
  }

  @Test
  void bothImagesSetEveryMallocSettingToTheSameValue() throws IOException {
    for (String image : new String[] {"Dockerfile", "Dockerfile.gpu"}) {
      Map<String, String> set =
          assignments(
              Files.readString(ROOT.resolve("deploy/docker").resolve(image)),
              Pattern.compile("^\\s*(?:ENV\\s+)?(MALLOC_\\w+)=(\\S+)", Pattern.MULTILINE));
      assertEquals(ChildJvmEnvironment.MALLOC, set, image);
    }
  }

  @Test
  void aChildJvmGetsTheMallocSettingsAndPassiveOpenMpThreads() {
    Map<String, String> env = new HashMap<>(Map.of("MALLOC_TOP_PAD_", "1", "PATH", "/bin"));
    ChildJvmEnvironment.applyTo(env);
    assertEquals("67108864", env.get("MALLOC_TOP_PAD_"));
    assertEquals("33554432", env.get("MALLOC_MMAP_THRESHOLD_"));
    assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"));
    assertEquals("/bin", env.get("PATH"));
  }

  private static Map<String, String> assignments(String text, Pattern p) {
    Map<String, String> found = new HashMap<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.put(m.group(1), m.group(2));
    }
    assertFalse(found.isEmpty(), "no MALLOC_ settings found by " + p);
    return found;
  }
}
