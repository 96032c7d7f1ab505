package dev.tagstream.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalWriterTest {
  private static final String CLEAR = "\r\033[K";
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final PrintStream err =
      new PrintStream(new TerminalWriter(screen), true, StandardCharsets.UTF_8);

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aLogLineLandsAboveTheProgressLineWhichIsDrawnAgainBelowIt() {
    err.print("\rembed [==  ] 2/4");
    err.println("12:00:01 INFO  Trainer - training v0001");
    err.print("\rembed [====] 4/4");
    err.println("\rembed embedded 4 images");
    err.println("done");
    assertEquals(
        CLEAR
            + "embed [==  ] 2/4"
            + CLEAR
            + "12:00:01 INFO  Trainer - training v0001\n"
            + "embed [==  ] 2/4"
            + CLEAR
            + "embed [====] 4/4"
            + CLEAR
            + "embed embedded 4 images\n"
            + "done\n",
        screen());
  }

  @Test
  void anEmptyLineEndsAProgressLineWithoutRedrawingIt() {
    err.print("\r      waiting for the first model ... 0:34");
    err.println();
    err.println("      v0001 PROMOTED");
    assertEquals(
        CLEAR + "      waiting for the first model ... 0:34\n      v0001 PROMOTED\n", screen());
  }

  @Test
  void linesWrittenInPiecesAreOneLineAndPlainOutputPassesUnchanged() {
    err.print("half ");
    err.print("and half");
    err.println();
    err.println("second");
    assertEquals("half and half\nsecond\n", screen());
  }
}
