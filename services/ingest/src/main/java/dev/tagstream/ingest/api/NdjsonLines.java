package dev.tagstream.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a streamed body into lines without holding more than one line at a time. A line longer
 * than the limit is skipped up to its newline and reported as too long, so one bad line costs the
 * server no more memory than a good one.
 */
final class NdjsonLines {
  private static final int READ = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private byte[] buf;
  private int start;
  private int end;
  private int scanned; // bytes after start already known to hold no newline
  private boolean eof;
  private long number;

  NdjsonLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.buf = new byte[Math.min(READ, maxLineBytes + 2)];
  }

  /**
   * One line: its number (from 1), and its bytes without the newline or a trailing carriage return
   * in {@code bytes[offset, offset + length)}, valid until the next call; or a line too long to
   * keep ({@code tooLong}, no bytes).
   */
  record Line(long number, byte[] bytes, int offset, int length, boolean tooLong) {
    boolean isBlank() {
      if (tooLong) {
        return false;
      }
      for (int i = offset; i < offset + length; i++) {
        byte b = bytes[i];
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }
  }

  /** The number of the last line returned (0 before the first). */
  long lastNumber() {
    return number;
  }

  /** The next line, or null after the last one (a final line needs no newline). */
  Line next() throws IOException {
    while (true) {
      for (int i = start + scanned; i < end; i++) {
        if (buf[i] == '\n') {
          int from = start;
          start = i + 1;
          scanned = 0;
          return line(from, i);
        }
      }
      scanned = end - start;
      if (scanned > maxLineBytes + 1) { // room for a carriage return
        return skipTooLong();
      }
      if (eof) {
        if (start == end) {
          return null;
        }
        int from = start;
        start = end;
        scanned = 0;
        return line(from, end);
      }
      fill();
    }
  }

  private Line line(int from, int to) {
    int length = to - from;
    if (length > 0 && buf[to - 1] == '\r') {
      length--;
    }
    if (length > maxLineBytes) {
      return new Line(++number, buf, from, 0, true);
    }
    return new Line(++number, buf, from, length, false);
  }

  /** Discards the rest of an overlong line, up to and including its newline. */
  private Line skipTooLong() throws IOException {
    start = end = scanned = 0;
    while (true) {
      if (eof) {
        return new Line(++number, buf, 0, 0, true);
      }
      fill();
      for (int i = 0; i < end; i++) {
        if (buf[i] == '\n') {
          start = i + 1;
          return new Line(++number, buf, 0, 0, true);
        }
      }
      start = end = 0;
    }
  }

  /** Reads more bytes after {@code end}, first moving the unfinished line to the front. */
  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 2));
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
    } else {
      end += n;
    }
  }
}
