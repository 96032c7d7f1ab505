package dev.tagstream.core.schemaregistry;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Apicurio Registry 3.0.9 as Maven Central ships it: the {@code -all} tarball in the local Maven
 * repository, unpacked once per machine into the temp directory. Runs on Java 17. Only {@code mvn
 * dependency:get -Dtransitive=false} fetches it (its parent POM is not published), so it cannot be
 * a declared dependency.
 */
final class ApicurioDistribution {
  static final String VERSION = "3.0.9";
  static final String ARTIFACT = "io.apicurio:apicurio-registry-app:" + VERSION + ":tar.gz:all";

  /** The one command that fetches it (what {@code .ci/run} runs). */
  static final String FETCH =
      "mvn -B dependency:get -Dartifact=" + ARTIFACT + " -Dtransitive=false";

  private ApicurioDistribution() {}

  /**
   * The runnable jar, unpacked from the local Maven repository; with {@code fetch}, a missing
   * tarball is first fetched with {@link #FETCH} (its output goes to {@code progress}).
   */
  static Path runnerJar(boolean fetch, PrintStream progress) {
    Path tarball = tarball();
    if (!Files.isRegularFile(tarball)) {
      if (!fetch) {
        throw new LocalRegistryException(missing());
      }
      fetch(progress, System.getenv("PATH"));
    }
    return unpacked(tarball).resolve("apicurio-registry-app-" + VERSION + "-runner.jar");
  }

  static Path repository() {
    return Path.of(
        System.getProperty(
            "maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
  }

  static Path tarball() {
    return repository()
        .resolve(
            Path.of(
                "io",
                "apicurio",
                "apicurio-registry-app",
                VERSION,
                "apicurio-registry-app-" + VERSION + "-all.tar.gz"));
  }

  /**
   * The command to run by hand: {@link #FETCH}, into this JVM's {@code maven.repo.local} when one
   * is set (else mvn's default would fill another repository than the one looked in).
   */
  static List<String> fetchCommand() {
    List<String> cmd = new ArrayList<>(List.of(FETCH.split(" ")));
    if (System.getProperty("maven.repo.local") != null) {
      cmd.add("-Dmaven.repo.local=" + repository());
    }
    return cmd;
  }

  static String missing() {
    return "Apicurio Registry "
        + VERSION
        + " is not in "
        + repository()
        + "; run: "
        + String.join(" ", fetchCommand());
  }

  /** Fetches the tarball with the {@code mvn} found on {@code path} (a PATH value). */
  static void fetch(PrintStream progress, String path) {
    String byHand = String.join(" ", fetchCommand());
    Path mvn = onPath("mvn", path);
    if (mvn == null) {
      throw new LocalRegistryException(
          "Apicurio Registry "
              + VERSION
              + " is not in "
              + repository()
              + " and Maven (mvn) is not on PATH to fetch it; install Maven (apt-get install maven)"
              + " and run: "
              + byHand);
    }
    progress.println(
        "      fetching Apicurio Registry " + VERSION + " (109 MB) from Maven Central: " + byHand);
    List<String> cmd = fetchCommand();
    cmd.set(0, mvn.toString());
    cmd.add(1, "-q");
    int rc;
    String last = "";
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          progress.println(line);
          if (!line.isBlank()) {
            last = line.strip();
          }
        }
      }
      rc = p.waitFor();
    } catch (IOException e) {
      throw new LocalRegistryException(
          "cannot run "
              + mvn
              + " ("
              + e.getMessage()
              + "); fetch Apicurio Registry by hand: "
              + byHand);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalRegistryException("interrupted while fetching Apicurio Registry");
    }
    if (rc != 0 || !Files.isRegularFile(tarball())) {
      throw new LocalRegistryException(
          "fetching Apicurio Registry "
              + VERSION
              + " failed (mvn exit "
              + rc
              + (last.isEmpty() ? "" : ": " + last)
              + "); run it by hand to see why: "
              + byHand);
    }
  }

  /** The executable {@code name} in the first directory of {@code path} holding one; null: none. */
  private static Path onPath(String name, String path) {
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    return null;
  }

  /**
   * Unpacked once per machine into the temp directory (115 MB, so not once per module or run),
   * atomically by rename: concurrent JVMs either win the rename or use the winner's copy.
   */
  private static Path unpacked(Path tarball) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tagstream-apicurio-" + VERSION);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    try {
      Path tmp = Files.createTempDirectory(dir.getParent(), "tagstream-apicurio-unpack");
      Process tar =
          new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", tmp.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(tar.getInputStream().readAllBytes());
      if (tar.waitFor() != 0) {
        throw new LocalRegistryException("cannot unpack " + tarball + ": " + out.strip());
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        deleteTree(tmp); // another JVM unpacked it first
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + tarball, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalRegistryException("interrupted while unpacking " + tarball);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
