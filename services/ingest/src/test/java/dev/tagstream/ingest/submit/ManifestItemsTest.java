package dev.tagstream.ingest.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestItemsTest {
  @TempDir Path dir;

  @Test
  void sendsEachLineAsWrittenAddingTheSourceAndRefusesLinesThatAreNotObjects() throws Exception {
    Path m = dir.resolve("m.jsonl");
    Files.writeString(
        m,
        "{\"id\":\"a\",\"uri\":\"file:///a.png\",\"labels\":[\"cat\"]}\n\n"
            + "{\"id\":\"b\",\"uri\":\"file:///b.png\",\"source\":\"camera\"}\n"
            + "{\"id\":\"c\",\n"
            + "[1,2]\n");
    List<SubmitItem> items = ManifestItems.read(m, "submit");
    assertEquals(4, items.size());
    assertEquals(
        "{\"id\":\"a\",\"uri\":\"file:///a.png\",\"labels\":[\"cat\"],\"source\":\"submit\"}",
        items.get(0).json().toString());
    assertEquals("line 1", items.get(0).origin());
    assertEquals("camera", items.get(1).json().get("source").asText());
    assertEquals("line 3", items.get(1).origin());
    assertEquals("line 4", items.get(2).origin());
    assertNull(items.get(2).json());
    assertEquals(
        "not valid JSON: Unexpected end-of-input within/between Object entries",
        items.get(2).problem());
    assertEquals("expected a JSON object", items.get(3).problem());
  }
}
