package dev.tagstream.core.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The one writer of a terminal's stderr: log lines and progress bars both go through it, so a
 * progress line is always redrawn below the newest log line instead of being overwritten mid-way by
 * one.
 *
 * <p>It reads the convention every progress bar here follows, so none of them needs to know it
 * exists: text that starts with a carriage return and has no newline is the progress line (drawn in
 * place); a line that starts with a carriage return is a progress bar's final line; an empty line
 * right after a progress line ends it; any other line is a log line, printed above the progress
 * line, which is then drawn again. Installed only when stderr is a terminal; elsewhere the bars
 * print plain periodic lines and nothing is rewritten.
 */
public final class TerminalWriter extends OutputStream {
  private static final String CLEAR_LINE = "\r\033[K";

  private final OutputStream terminal;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private String progress;

  public TerminalWriter(OutputStream terminal) {
    this.terminal = terminal;
  }

  /**
   * Makes System.err a TerminalWriter over the real stderr when it is a terminal; returns the
   * stream in use.
   */
  public static PrintStream installOnStderr() {
    if (System.console() == null || System.err.getClass() != PrintStream.class) {
      return System.err;
    }
    PrintStream p =
        new PrintStream(
            new TerminalWriter(new java.io.FileOutputStream(java.io.FileDescriptor.err)),
            true,
            StandardCharsets.UTF_8);
    System.setErr(p); // log4j's console appender follows System.err (follow = true)
    return p;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
      } else {
        pending.write(b[i]);
      }
    }
    String rest = pending.toString(StandardCharsets.UTF_8);
    int cr = rest.lastIndexOf('\r');
    if (cr >= 0) { // a progress redraw: only its newest state matters
      progress = rest.substring(cr + 1);
      pending.reset();
      emit(CLEAR_LINE + progress);
    }
    terminal.flush();
  }

  private void line(String text) throws IOException {
    int cr = text.lastIndexOf('\r');
    if (cr >= 0) { // a progress bar's last word: it stays on screen as a line of its own
      progress = null;
      emit(CLEAR_LINE + text.substring(cr + 1) + "\n");
    } else if (progress != null && text.isEmpty()) {
      progress = null; // "println()" after a progress line: keep it as it is and move on
      emit("\n");
    } else if (progress != null) {
      emit(CLEAR_LINE + text + "\n" + progress);
    } else {
      emit(text + "\n");
    }
  }

  private void emit(String s) throws IOException {
    terminal.write(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void flush() throws IOException {
    terminal.flush();
  }
}
