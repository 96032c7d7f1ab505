package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is the one the code prints (`tagstream config`), so it
 * cannot drift.
 */
class ReadmeConfigReferenceTest {
  @Test
  void readmeConfigurationReferenceMatchesTheCode() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    String start = "<!-- config-reference:start -->\n";
    int a = readme.indexOf(start) + start.length();
    int b = readme.indexOf("<!-- config-reference:end -->");
    assertEquals(
        ConfigCommand.reference(CommandCatalog.services()),
        readme.substring(a, b),
        "README's reference is stale: paste the output of './tagstream config' between the markers");
  }
}
