package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.ingest.api.ItemParser.Parsed;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageItemsTest {
  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static final Vocabulary VOCAB =
      Vocabulary.of(
          List.of(
              new LabelDef("animal", List.of()),
              new LabelDef("cat", List.of("animal")),
              new LabelDef("dog", List.of("animal"))));

  final ImageItems syntaxOnly =
      new ImageItems(
          new UriRule(Set.of("file", "http", "https")),
          new LabelRule(null),
          Clock.fixed(NOW, ZoneOffset.UTC),
          "api");
  final ImageItems withVocabulary =
      new ImageItems(
          new UriRule(Set.of("file", "http", "https")),
          new LabelRule(VOCAB),
          Clock.fixed(NOW, ZoneOffset.UTC),
          "api");

  static JsonNode json(String s) throws Exception {
    return JsonBody.JSON.readTree(s.replace('\'', '"'));
  }

  static List<FieldError> errors(ImageItems p, String item) throws Exception {
    return p.parse(json(item)).errors();
  }

  @Test
  void buildsTheReferenceWithSubmissionTimeAndDefaultSource() throws Exception {
    Parsed<ImageReference> p =
        withVocabulary.parse(
            json(
                "{'id':'img-1','uri':'https://example.org/a.png','attributes':{'camera':'x'},'labels':['cat','cat'],'negatives':['dog']}"));
    assertEquals(List.of(), p.errors());
    assertEquals("img-1", p.key());
    assertEquals(
        ImageReference.newBuilder()
            .setId("img-1")
            .setUri("https://example.org/a.png")
            .setSubmittedAt(NOW)
            .setSource("api")
            .setAttributes(Map.of("camera", "x"))
            .setPositives(List.of("cat"))
            .setNegatives(List.of("dog"))
            .build(),
        p.value());
  }

  @Test
  void requiresIdAndUri() throws Exception {
    assertEquals(
        List.of(new FieldError("id", "is required"), new FieldError("uri", "is required")),
        errors(syntaxOnly, "{}"));
  }

  @Test
  void reportsEveryProblemOfAnItemAtOnce() throws Exception {
    assertEquals(
        List.of(
            new FieldError("id", "must not contain '..'"),
            new FieldError("uri", "scheme 'ftp' is not allowed; use one of [file, http, https]"),
            new FieldError("labels[1]", "label name must not be empty")),
        errors(syntaxOnly, "{'id':'a..b','uri':'ftp://h/x.png','labels':['ok','']}"));
  }

  @Test
  void refusesUnknownFieldsSoTyposAreNotSilentlyDropped() throws Exception {
    assertEquals(
        List.of(
            new FieldError(
                "label",
                "unknown field; allowed fields are id, uri, source, attributes, labels, negatives")),
        errors(syntaxOnly, "{'id':'a','uri':'file:///x.png','label':['cat']}"));
  }

  @Test
  void refusesWrongTypes() throws Exception {
    assertEquals(
        List.of(
            new FieldError("id", "must be a string, not a number"),
            new FieldError("attributes.n", "must be a string, not a number"),
            new FieldError("labels", "must be an array of strings, not a string"),
            new FieldError("negatives[0]", "must be a string, not a boolean")),
        errors(
            syntaxOnly,
            "{'id':7,'uri':'file:///x.png','attributes':{'n':1},'labels':'cat','negatives':[true]}"));
    assertEquals(
        List.of(new FieldError("", "must be a JSON object, not an array")),
        syntaxOnly.parse(json("[]")).errors());
  }

  @Test
  void refusesUrisWithoutSchemeHostOrPath() throws Exception {
    assertEquals(
        List.of(
            new FieldError("uri", "'images/a.png' has no scheme; use one of [file, http, https]")),
        errors(syntaxOnly, "{'id':'a','uri':'images/a.png'}"));
    assertEquals(
        List.of(new FieldError("uri", "'http:///a.png' has no host")),
        errors(syntaxOnly, "{'id':'a','uri':'http:///a.png'}"));
    assertEquals(
        List.of(
            new FieldError("uri", "'file:///' has no file path (expected file:///absolute/path)")),
        errors(syntaxOnly, "{'id':'a','uri':'file:///'}"));
    assertEquals(
        List.of(new FieldError("uri", "is not a valid URI: Illegal character in path at index 10")),
        errors(syntaxOnly, "{'id':'a','uri':'http://h/a b.png'}"));
  }

  @Test
  void checksLabelNamesAgainstTheVocabularyWhenOneIsConfigured() throws Exception {
    assertEquals(
        List.of(
            new FieldError(
                "labels[1]",
                "unknown label 'kitten' (not among the 3 labels of the configured vocabulary,"
                    + " nor added by POST /v1/vocabulary)")),
        errors(withVocabulary, "{'id':'a','uri':'file:///a.png','labels':['cat','kitten']}"));
    assertEquals(
        List.of(),
        errors(syntaxOnly, "{'id':'a','uri':'file:///a.png','labels':['cat','kitten']}"));
  }

  @Test
  void refusesALabelThatIsBothPositiveAndNegative() throws Exception {
    assertEquals(
        List.of(new FieldError("negatives", "labels both positive and negative: [cat]")),
        errors(
            withVocabulary,
            "{'id':'a','uri':'file:///a.png','labels':['cat'],'negatives':['cat','dog']}"));
  }

  @Test
  void refusesLabelNamesWithSurroundingSpaceOrControlCharacters() throws Exception {
    List<FieldError> e =
        errors(syntaxOnly, "{'id':'a','uri':'file:///a.png','labels':[' cat','c\\u0007t']}");
    assertEquals(2, e.size());
    assertEquals(
        new FieldError("labels[0]", "label name ' cat' has leading or trailing whitespace"),
        e.get(0));
    assertTrue(
        e.get(1).message().startsWith("label name contains U+0007 at position 1"),
        e.get(1).message());
  }
}
