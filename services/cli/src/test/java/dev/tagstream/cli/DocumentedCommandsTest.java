package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./tagstream ...} command line in the README and docs/operations.md names a command
 * that exists, and every flag it shows is one that command takes (its --help lists it); each
 * command's --help runs. The commands that start services or train are run end to end by their own
 * tests (UpCommandIT, BrokerCommandIT, TailCommandIT, DemoIT, ToolsTest, SubmitCommandIT,
 * RollbackCommandIT, PretrainCommandIT).
 */
class DocumentedCommandsTest {
  private static final Pattern COMMAND = Pattern.compile("\\./tagstream ([^`\\n]*)");
  private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9.-]*");
  private static final List<String> DOCS = List.of("README.md", "docs/operations.md");

  record Documented(String where, List<String> words) {}

  static Path repo() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("README.md")) || !Files.isDirectory(p.resolve("services"))) {
      p = p.getParent();
    }
    return p;
  }

  static List<Documented> documented() throws IOException {
    List<Documented> out = new ArrayList<>();
    for (String doc : DOCS) {
      List<String> lines = Files.readAllLines(repo().resolve(doc));
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = COMMAND.matcher(lines.get(i));
        while (m.find()) {
          out.add(
              new Documented(doc + ":" + (i + 1), Arrays.asList(m.group(1).trim().split("\\s+"))));
        }
      }
    }
    return out;
  }

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {
      Integer.toString(rc),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void everyDocumentedCommandExistsAndTakesEveryFlagItShows() throws IOException {
    List<Documented> docs = documented();
    assertTrue(docs.size() >= 25, "found only " + docs.size() + " documented command lines");
    CommandCatalog catalog = CommandCatalog.load();
    Set<String> problems = new LinkedHashSet<>();
    for (Documented d : docs) {
      List<String> words = d.words();
      if (words.isEmpty() || words.get(0).startsWith("-") || words.get(0).equals("COMMAND")) {
        continue; // "./tagstream --help", "./tagstream COMMAND --help": checked by
        // helpOfEveryCommandRuns
      }
      CommandCatalog.Match match = catalog.find(words);
      if (match == null) {
        problems.add(d.where() + ": no command '" + String.join(" ", words) + "'");
        continue;
      }
      String name = match.command().name();
      String[] help = run((name + " --help").split(" "));
      if (!help[0].equals("0")) {
        problems.add(d.where() + ": '" + name + " --help' exits " + help[0]);
        continue;
      }
      for (String w : words) {
        Matcher f = FLAG.matcher(w);
        if (w.replaceAll("[\\[\\]]", "").startsWith("--")
            && f.find()
            && !f.group().equals("--help")
            && !Pattern.compile(Pattern.quote(f.group()) + "(?![a-z0-9.-])")
                .matcher(help[1])
                .find()) {
          problems.add(
              d.where() + ": '" + name + "' has no flag " + f.group() + " (not in its --help)");
        }
      }
    }
    assertTrue(
        problems.isEmpty(),
        "documented command lines that do not work as written:\n" + String.join("\n", problems));
  }

  @Test
  void helpOfEveryCommandRunsAndTheTopLevelHelpListsThemAll() throws IOException {
    String[] top = run("--help");
    assertEquals("0", top[0], top[2]);
    Set<String> names = new TreeSet<>();
    for (Documented d : documented()) {
      CommandCatalog.Match m = d.words().isEmpty() ? null : CommandCatalog.load().find(d.words());
      if (m != null) {
        names.add(m.command().name());
      }
    }
    for (String name : names) {
      String[] help = run((name + " --help").split(" "));
      assertEquals("0", help[0], name + " --help: " + help[2]);
      assertTrue(
          help[1].toLowerCase().contains("usage"),
          name + " --help printed no usage line:\n" + help[1]);
      assertTrue(top[1].contains("\n  " + name + " "), "tagstream --help does not list " + name);
    }
  }

  @Test
  void configRunsAsWrittenAndPrintsTheReference() {
    String[] r = run("config");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].startsWith("### Shared (Kafka and files)"), r[1]);
  }

  /**
   * Says (without failing) which flags of each documented command no document mentions; --help
   * documents them.
   */
  @Test
  void reportsFlagsThatNoDocumentMentions() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String doc : DOCS) {
      all.append(Files.readString(repo().resolve(doc)));
    }
    Set<String> names = new TreeSet<>();
    for (Documented d : documented()) {
      CommandCatalog.Match m = d.words().isEmpty() ? null : CommandCatalog.load().find(d.words());
      if (m != null) {
        names.add(m.command().name());
      }
    }
    List<String> undocumented = new ArrayList<>();
    for (String name : names) {
      Matcher f = FLAG.matcher(run((name + " --help").split(" "))[1]);
      Set<String> flags = new TreeSet<>();
      while (f.find()) {
        flags.add(f.group());
      }
      flags.stream()
          .filter(x -> !all.toString().contains(x))
          .forEach(x -> undocumented.add(name + " " + x));
    }
    System.out.println("flags shown only by --help (" + undocumented.size() + "): " + undocumented);
    assertTrue(names.size() >= 10, names.toString());
  }
}
