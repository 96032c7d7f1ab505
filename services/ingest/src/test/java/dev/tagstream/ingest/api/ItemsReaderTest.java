package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemsReaderTest {
  static List<JsonItem> read(String body, int maxBatch) {
    return ItemsReader.read(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8), maxBatch);
  }

  static String message(String body) {
    return assertThrows(ApiException.class, () -> read(body, 10)).getMessage();
  }

  /** What the tree parse alone says about a body, for comparing refusals word for word. */
  static String treeMessage(String body) {
    return assertThrows(
            ApiException.class,
            () -> JsonBody.parse(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8)))
        .getMessage();
  }

  static JsonItem line(String padded, int offset, int length) {
    return ItemsReader.line(
        padded.replace('\'', '"').getBytes(StandardCharsets.UTF_8), offset, length);
  }

  @Test
  void aLineIsReadFromItsOwnBytesOnly() {
    // the line sits between other bytes of the buffer, as NdjsonLines hands it over
    String buf = "xx{'id':'a','n':2}yy";
    JsonItem item = line(buf, 2, buf.length() - 4);
    assertEquals(List.of("id", "n"), item.names());
    assertEquals("a", item.get("id"));
    assertEquals("2", item.get("n").toString());
    assertEquals(false, line("[{'id':'a'}]", 0, 12).isObject());
    assertEquals("[{\"id\":\"a\"}]", line("[{'id':'a'}]", 0, 12).node().toString());
  }

  @Test
  void aMalformedLineOrTwoValuesOnOneLineAreRefusedInTheTreeParsesWords() {
    for (String bad : new String[] {"{'id':", "{} {}", "{'id':'a','id':'b'}"}) {
      String message =
          assertThrows(ApiException.class, () -> line(bad, 0, bad.length())).getMessage();
      assertEquals(treeMessage(bad), message, bad);
    }
  }

  @Test
  void readsStringFieldsAsStringsAndEverythingElseAsTrees() {
    List<JsonItem> items = read("[{'id':'a','labels':['x'],'n':null},7,{}]", 10);
    assertEquals(3, items.size());
    assertEquals(List.of("id", "labels", "n"), items.get(0).names());
    assertEquals("a", items.get(0).get("id"));
    assertEquals("[\"x\"]", items.get(0).get("labels").toString());
    assertEquals("null", items.get(0).get("n").toString());
    assertEquals(null, items.get(0).get("uri"));
    assertEquals(false, items.get(1).isObject());
    assertEquals("7", items.get(1).node().toString());
    assertEquals(List.of(), items.get(2).names());
  }

  @Test
  void readsASingleObjectAsABatchOfOne() {
    assertEquals(List.of("id"), read("{'id':'a'}", 1).get(0).names());
  }

  @Test
  void refusesMalformedBodiesWithTheTreeParsesWords() {
    for (String body :
        List.of(
            "{'id':'a','id':'b'}",
            "[{'id':'a'}] {}",
            "[{'id':'a'},",
            "{'id': }",
            "[{'a':{'b':1,'b':2}}]")) {
      assertEquals(treeMessage(body), message(body), body);
    }
    assertEquals("expected a JSON object or an array of objects, not a number", message("42"));
  }

  @Test
  void refusesEmptyAndOversizeBatches() {
    assertEquals("the batch is empty", message("[]"));
    assertEquals(
        "the batch has 3 items; at most 2 are allowed per request (ingest.max-batch)",
        assertThrows(ApiException.class, () -> read("[{},{},{}]", 2)).getMessage());
  }
}
