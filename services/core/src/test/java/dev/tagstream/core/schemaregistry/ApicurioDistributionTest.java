package dev.tagstream.core.schemaregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a missing Apicurio tarball costs when it cannot be fetched: one line naming the command to
 * run by hand, with the local repository it was looked for in. Real processes: a PATH without
 * {@code mvn}, and an {@code mvn} on PATH that fails as Maven does.
 */
class ApicurioDistributionTest {
  private static final String BY_HAND =
      "mvn -B dependency:get -Dartifact=io.apicurio:apicurio-registry-app:3.0.9:tar.gz:all"
          + " -Dtransitive=false -Dmaven.repo.local=";

  @TempDir Path repo;
  @TempDir Path bin;
  private String before;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeEach
  void emptyRepository() {
    before = System.getProperty("maven.repo.local");
    System.setProperty("maven.repo.local", repo.toString());
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty("maven.repo.local");
    } else {
      System.setProperty("maven.repo.local", before);
    }
  }

  @Test
  void withoutMvnOnThePathItSaysToInstallMavenAndNamesTheCommand() {
    LocalRegistryException e =
        assertThrows(
            LocalRegistryException.class,
            () -> ApicurioDistribution.fetch(out(), bin + ":" + repo));
    assertEquals(
        "Apicurio Registry 3.0.9 is not in "
            + repo
            + " and Maven (mvn) is not on PATH to fetch it; install Maven (apt-get install maven)"
            + " and run: "
            + BY_HAND
            + repo,
        e.getMessage());
    assertEquals("", progress.toString(StandardCharsets.UTF_8), "nothing was started");
  }

  @Test
  void aFailedFetchNamesMavensLastLineAndTheCommandToRunByHand() throws Exception {
    Path args = bin.resolve("args");
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        "#!/bin/sh\n"
            + "echo \"$@\" > '"
            + args
            + "'\n"
            + "echo '[ERROR] Failed to execute goal dependency:get: Could not resolve artifact'\n"
            + "echo\n"
            + "exit 1\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));

    LocalRegistryException e =
        assertThrows(
            LocalRegistryException.class,
            () -> ApicurioDistribution.fetch(out(), repo + ":" + bin));
    assertEquals(
        "fetching Apicurio Registry 3.0.9 failed (mvn exit 1: [ERROR] Failed to execute goal"
            + " dependency:get: Could not resolve artifact); run it by hand to see why: "
            + BY_HAND
            + repo,
        e.getMessage());
    assertEquals(
        List.of(
            "-q -B dependency:get -Dartifact=io.apicurio:apicurio-registry-app:3.0.9:tar.gz:all"
                + " -Dtransitive=false -Dmaven.repo.local="
                + repo),
        Files.readAllLines(args),
        "the command run is the one named, quiet");
    String shown = progress.toString(StandardCharsets.UTF_8);
    assertEquals(
        "      fetching Apicurio Registry 3.0.9 (109 MB) from Maven Central: "
            + BY_HAND
            + repo
            + "\n[ERROR] Failed to execute goal dependency:get: Could not resolve artifact\n\n",
        shown);
  }

  @Test
  void anMvnThatSucceedsWithoutTheTarballIsAFailureToo() throws Exception {
    Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
    LocalRegistryException e =
        assertThrows(
            LocalRegistryException.class, () -> ApicurioDistribution.fetch(out(), bin.toString()));
    assertEquals(
        "fetching Apicurio Registry 3.0.9 failed (mvn exit 0); run it by hand to see why: "
            + BY_HAND
            + repo,
        e.getMessage());
  }

  private PrintStream out() {
    return new PrintStream(progress, true, StandardCharsets.UTF_8);
  }
}
