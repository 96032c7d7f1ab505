package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return Main.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsTheBuiltInCommands() {
    assertEquals(0, run("--help"));
    for (String c : List.of("up", "broker", "tail", "config", "train", "eval", "bench model")) {
      assertTrue(out().contains("\n  " + c + " "), c + " missing from:\n" + out());
    }
  }

  @Test
  void noArgumentsIsAUsageError() {
    assertEquals(2, run());
    assertTrue(out().startsWith("tagstream:"));
  }

  @Test
  void unknownCommandIsAUsageErrorThatSaysWhatToRun() {
    assertEquals(2, run("frobnicate", "--x"));
    assertEquals(
        "tagstream: unknown command 'frobnicate --x'. Run 'tagstream --help' for the list.\n",
        err());
  }

  @Test
  void everyCommandHasHelp() {
    for (var c : CommandCatalog.load().commands()) {
      out.reset();
      int rc = run((c.name() + " --help").split(" "));
      assertEquals(0, rc, c.name() + ": " + err());
      assertTrue(out().toLowerCase().contains("usage"), c.name() + " help: " + out());
    }
  }

  @Test
  void unknownOptionNamesTheOption() {
    assertEquals(2, run("tail", "images", "--folow"));
    assertEquals(
        "tagstream tail: unknown option --folow; did you mean --follow? (see --help for the options of this"
            + " command)\n",
        err());
  }

  @Test
  void tailRefusesAnUnknownTopicByName() {
    assertEquals(2, run("tail", "imagez", "--bootstrap", "127.0.0.1:1"));
    assertTrue(err().contains("unknown topic 'imagez'"), err());
  }

  @Test
  void configReferenceCoversSharedSettingsWithTheirEnvironmentNames() {
    assertEquals(0, run("config"));
    assertTrue(out().contains("| `--bootstrap` | `TAGSTREAM_BOOTSTRAP` |"), out());
    assertTrue(out().contains("| `--topic-prefix` | `TAGSTREAM_TOPIC_PREFIX` | `` |"), out());
    assertTrue(out().contains("| `TAGSTREAM_LOG_LEVEL` | `info` |"), out());
  }
}
