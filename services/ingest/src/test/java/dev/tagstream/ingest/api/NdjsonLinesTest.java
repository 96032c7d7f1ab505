package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {
  /** Every line as text, "!" for one too long, with its number before a colon. */
  private static List<String> lines(InputStream in, int maxLineBytes) throws IOException {
    NdjsonLines lines = new NdjsonLines(in, maxLineBytes);
    List<String> out = new ArrayList<>();
    for (NdjsonLines.Line l = lines.next(); l != null; l = lines.next()) {
      out.add(
          l.number()
              + ":"
              + (l.tooLong()
                  ? "!"
                  : new String(l.bytes(), l.offset(), l.length(), StandardCharsets.UTF_8)));
      assertEquals(l.number(), lines.lastNumber());
    }
    return out;
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Hands out at most {@code n} bytes per read, as a socket may. */
  private static InputStream trickle(String s, int n) {
    return new FilterInputStream(bytes(s)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(n, len));
      }
    };
  }

  @Test
  void splitsOnNewlinesDropsCarriageReturnsAndKeepsAFinalLineWithoutNewline() throws Exception {
    assertEquals(
        List.of("1:{\"a\":1}", "2:", "3:x y", "4:last"),
        lines(bytes("{\"a\":1}\r\n\nx y\nlast"), 100));
    assertEquals(List.of("1:a"), lines(bytes("a\n"), 100));
    assertEquals(List.of(), lines(bytes(""), 100));
  }

  @Test
  void linesThatArriveInPiecesAreWholeAndAreNumberedInOrder() throws Exception {
    String body = "first line\nsecond, a little longer\n\nfourth\n";
    for (int n : new int[] {1, 2, 3, 7, 64}) {
      assertEquals(
          List.of("1:first line", "2:second, a little longer", "3:", "4:fourth"),
          lines(trickle(body, n), 30),
          "reads of " + n + " bytes");
    }
  }

  @Test
  void aLineOverTheLimitIsSkippedToItsNewlineAndTheNextLineIsIntact() throws Exception {
    // limit 5: "12345" fits, "123456" does not, with or without a carriage return after it
    String body = "12345\n123456\r\nok\n" + "x".repeat(10_000) + "\nafter\n123456";
    for (int n : new int[] {1, 4, 100, 1 << 20}) {
      assertEquals(
          List.of("1:12345", "2:!", "3:ok", "4:!", "5:after", "6:!"),
          lines(trickle(body, n), 5),
          "reads of " + n + " bytes");
    }
    assertEquals(List.of("1:12345"), lines(bytes("12345\r\n"), 5));
  }

  @Test
  void blankMeansOnlySpacesTabsOrACarriageReturnWithinTheLimit() throws Exception {
    NdjsonLines lines = new NdjsonLines(bytes(" \t \n {}\n" + " ".repeat(200) + "\n"), 100);
    assertTrue(lines.next().isBlank());
    assertFalse(lines.next().isBlank());
    NdjsonLines.Line tooLong = lines.next();
    assertTrue(tooLong.tooLong());
    assertFalse(tooLong.isBlank(), "a line too long to keep is refused, not skipped as blank");
    assertNull(lines.next());
  }
}
