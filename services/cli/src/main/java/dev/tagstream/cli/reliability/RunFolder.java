package dev.tagstream.cli.reliability;

import dev.tagstream.model.artifact.Directories;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What {@code bench reliability} and {@code bench soak} do around a run: the working folder ({@code
 * --dir}, kept; else a temporary one, deleted afterwards unless {@code --keep}) and the {@code
 * --out} file, the table headed by the command that produced it.
 */
final class RunFolder {
  private RunFolder() {}

  /** {@code given}, created if missing; a new temporary folder when it is null. */
  static Path create(Path given, String prefix) throws Exception {
    return given == null ? Files.createTempDirectory(prefix) : Files.createDirectories(given);
  }

  /**
   * Runs {@code run}, then deletes {@code dir} when {@code delete}, else names it and what it holds
   * on {@code err}.
   */
  static <T> T around(Path dir, boolean delete, String holds, PrintStream err, Callable<T> run)
      throws Exception {
    try {
      return run.call();
    } finally {
      if (delete) {
        Directories.deleteQuietly(dir);
      } else {
        err.println("working folder (" + holds + "): " + dir);
      }
    }
  }

  /** Writes {@code table} to {@code file} under a title and the command line that produced it. */
  static void writeHeaded(Path file, String title, String command, List<String> args, String table)
      throws Exception {
    Files.writeString(
        file,
        "# "
            + title
            + "\n\nCommand:\n\n```\ntagstream "
            + command
            + " "
            + String.join(" ", args)
            + "\n```\n\n"
            + table);
  }
}
