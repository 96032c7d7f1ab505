package dev.tagstream.model.data;

/** A manifest cannot be read or has a bad line; carries the file and 1-based line number. */
public class ManifestException extends RuntimeException {
  private final String file;
  private final int line;

  public ManifestException(String file, int line, String message, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  /** 1-based line number, or 0 when the whole file is the problem. */
  public int line() {
    return line;
  }
}
