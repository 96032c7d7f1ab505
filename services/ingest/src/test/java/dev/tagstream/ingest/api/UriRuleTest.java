package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UriRuleTest {
  final UriRule web = new UriRule(Set.of("file", "http", "https"));

  @Test
  void takesTheShortcutForPlainWebUris() {
    for (String u :
        List.of(
            "https://images.example.org/ppp/bench-000000001.png",
            "http://h",
            "http://h/",
            "https://a-b.c0.example/A_b~c/./../x.PNG",
            "https://1.2.3.4.com/x",
            "https://x1//y")) {
      assertTrue(web.plainWeb(u), u);
      assertEquals(Optional.empty(), web.parsedProblem(u), u);
      assertEquals(Optional.empty(), web.problem(u), u);
    }
  }

  @Test
  void leavesEverythingUnusualToTheFullParse() {
    for (String u :
        List.of(
            "https://-a.org/",
            "https://a-.org/x",
            "https://1.2.3.4/",
            "https://a..b/",
            "https://a.org./",
            "https://Example.org/",
            "https://a.org:80/",
            "https://a.org/x y",
            "https://a.org/x?q",
            "https://a.org/x#f",
            "https://u@a.org/",
            "https://a.1/",
            "https://",
            "https:///x",
            "https://a.org/%20",
            "HTTPS://a.org/",
            "file:///x.png",
            "ftp://a.org/x",
            "https://a.org/caf\u00e9",
            "https://a.org/\u0100",
            "https://\u0101.org/")) {
      assertFalse(web.plainWeb(u), u);
    }
    assertFalse(new UriRule(Set.of("http")).plainWeb("https://a.org/x"), "https not allowed there");
    assertEquals(
        Optional.of("scheme 'https' is not allowed; use one of [http]"),
        new UriRule(Set.of("http")).problem("https://a.org/x"));
  }

  @Test
  void theShortcutNeverAcceptsWhatTheFullParseRefuses() {
    // Random strings built from the characters that matter to the URI grammar around the common
    // shape.
    String alphabet = "ab-.z09Z/:@?#%_~[] ";
    Random r = new Random(7);
    int shortcuts = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder(r.nextBoolean() ? "https://" : "http://");
      int len = 1 + r.nextInt(14);
      for (int j = 0; j < len; j++) {
        b.append(alphabet.charAt(r.nextInt(r.nextInt(4) == 0 ? alphabet.length() : 9)));
      }
      String u = b.toString();
      if (web.plainWeb(u)) {
        shortcuts++;
        assertEquals(Optional.empty(), web.parsedProblem(u), u);
      }
    }
    assertTrue(shortcuts > 10_000, "the shortcut was taken " + shortcuts + " times");
  }
}
