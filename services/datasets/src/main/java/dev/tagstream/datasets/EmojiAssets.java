package dev.tagstream.datasets;

import dev.tagstream.core.config.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the emoji artwork of one vendor lives: an unpacked {@code emoji-datasource-<vendor>} npm
 * package ({@code emoji.json} and {@code img/<vendor>/64/*.png}). Fetched once with {@code npm
 * pack} into a cache.
 */
public final class EmojiAssets {
  /** Where fetched artwork is kept: one setting for every command that draws emoji. */
  public static final Setting CACHE =
      Setting.of(
          "cache",
          System.getProperty("user.home") + "/.cache/tagstream",
          "Emoji artwork cache: the npm packages are fetched here once and reused by every command.");

  /**
   * Unpacked packages given instead of fetching: one setting for every command that draws emoji.
   */
  public static final Setting ASSETS =
      Setting.of(
          "assets",
          null,
          "Folder with unpacked emoji-datasource-<vendor> packages (instead of fetching them with npm).");

  public static final String VERSION = "16.0.0";

  private EmojiAssets() {}

  /**
   * The package directory for a vendor: under {@code assets} when given, else in the cache (fetched
   * if missing).
   */
  public static Path locate(String vendor, Path assets, Path cache) {
    if (!vendor.matches("google|twitter|apple|facebook")) {
      throw new DatasetException(
          "unknown vendor '" + vendor + "': one of google, twitter, apple, facebook");
    }
    if (assets != null) {
      for (Path candidate :
          List.of(
              assets.resolve("emoji-datasource-" + vendor).resolve("package"),
              assets.resolve("emoji-datasource-" + vendor),
              assets.resolve("package"),
              assets)) {
        if (Files.isDirectory(candidate.resolve("img").resolve(vendor).resolve("64"))) {
          return candidate;
        }
      }
      throw new DatasetException(
          "--assets "
              + assets
              + " has no img/"
              + vendor
              + "/64/ (expected an unpacked "
              + "emoji-datasource-"
              + vendor
              + "@"
              + VERSION
              + " package, or a folder holding emoji-datasource-"
              + vendor
              + "/package)");
    }
    Path dir = cache.resolve("emoji-datasource-" + vendor + "-" + VERSION).resolve("package");
    if (Files.isRegularFile(dir.resolve("emoji.json"))
        && Files.isDirectory(dir.resolve("img").resolve(vendor).resolve("64"))) {
      return dir;
    }
    fetch(vendor, dir.getParent(), "npm");
    return dir;
  }

  /**
   * {@code npm pack} the package into {@code into} and unpack it there; {@code npm} names the npm
   * executable.
   */
  static void fetch(String vendor, Path into, String npm) {
    String pkg = "emoji-datasource-" + vendor + "@" + VERSION;
    try {
      Files.createDirectories(into);
      run(
          List.of(npm, "pack", "--silent", pkg),
          into,
          "npm is needed to fetch the emoji artwork ("
              + pkg
              + "); install Node.js and npm, or pass --assets DIR with the unpacked package");
      Path tgz = into.resolve("emoji-datasource-" + vendor + "-" + VERSION + ".tgz");
      run(
          List.of("tar", "xzf", tgz.getFileName().toString()),
          into,
          "tar is needed to unpack " + tgz);
      Files.deleteIfExists(tgz);
    } catch (IOException e) {
      throw new DatasetException("cannot prepare " + into + ": " + e.getMessage(), e);
    }
  }

  private static void run(List<String> cmd, Path dir, String missingMessage) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new DatasetException(missingMessage + " (" + e.getMessage() + ")", e);
    }
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new DatasetException(
            "'"
                + String.join(" ", cmd)
                + "' failed in "
                + dir
                + ": "
                + new String(out, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new DatasetException("'" + String.join(" ", cmd) + "' failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while running " + cmd.get(0), e);
    }
  }
}
