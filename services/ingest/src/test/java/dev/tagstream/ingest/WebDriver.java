package dev.tagstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A minimal W3C WebDriver client over the JDK's HttpClient (no Selenium): starts chromedriver,
 * opens one headless Chromium session, and offers what the page tests need. Closing ends the
 * session and the driver process.
 */
final class WebDriver implements AutoCloseable {
  static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  static final String ENTER = "\uE007";
  static final String ARROW_DOWN = "\uE015";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String session;

  private WebDriver(Process driver, int port) {
    this.driver = driver;
    this.base = "http://127.0.0.1:" + port;
  }

  static WebDriver start(Path chromedriver, Path chromium, Path log, int width, int height)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(chromedriver.toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    WebDriver d = new WebDriver(p, port);
    try {
      Awaits.until(
          Duration.ofSeconds(20),
          () -> {
            try {
              return d.call("GET", "/status", null).path("ready").asBoolean();
            } catch (IOException notYet) {
              return false;
            }
          },
          "chromedriver to listen on port " + port);
      ObjectNode options = JSON.createObjectNode().put("binary", chromium.toString());
      options
          .putArray("args")
          .add("--headless")
          .add("--no-sandbox")
          .add("--disable-gpu")
          .add("--disable-background-networking")
          .add("--disable-dev-shm-usage")
          .add("--window-size=" + width + "," + height)
          .add("--hide-scrollbars");
      ObjectNode caps = JSON.createObjectNode();
      caps.putObject("capabilities")
          .putObject("alwaysMatch")
          .put("browserName", "chrome")
          .set("goog:chromeOptions", options);
      d.session = d.call("POST", "/session", caps).path("sessionId").asText();
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  void open(String url) throws IOException {
    session("POST", "/url", JSON.createObjectNode().put("url", url));
  }

  /** The element id of the first match; throws when nothing matches. */
  String find(String css) throws IOException {
    return session(
            "POST",
            "/element",
            JSON.createObjectNode().put("using", "css selector").put("value", css))
        .path(ELEMENT)
        .asText();
  }

  int count(String css) throws IOException {
    return session(
            "POST",
            "/elements",
            JSON.createObjectNode().put("using", "css selector").put("value", css))
        .size();
  }

  void click(String css) throws IOException {
    session("POST", "/element/" + find(css) + "/click", JSON.createObjectNode());
  }

  /** Types into an element (focusing it first). */
  void type(String css, String text) throws IOException {
    session("POST", "/element/" + find(css) + "/value", JSON.createObjectNode().put("text", text));
  }

  String text(String css) throws IOException {
    return session("GET", "/element/" + find(css) + "/text", null).asText();
  }

  /**
   * Presses and releases each key in turn, sent to whatever has the focus (the page's key
   * handlers).
   */
  void keys(String keys) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode source =
        body.putArray("actions").addObject().put("type", "key").put("id", "keyboard");
    ArrayNode steps = source.putArray("actions");
    keys.codePoints()
        .forEach(
            c -> {
              String k = new String(Character.toChars(c));
              steps.addObject().put("type", "keyDown").put("value", k);
              steps.addObject().put("type", "keyUp").put("value", k);
            });
    session("POST", "/actions", body);
  }

  JsonNode script(String js, Object... args) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("script", js);
    ArrayNode a = body.putArray("args");
    for (Object o : args) {
      a.add(JSON.valueToTree(o));
    }
    return session("POST", "/execute/sync", body);
  }

  void windowSize(int width, int height) throws IOException {
    session(
        "POST", "/window/rect", JSON.createObjectNode().put("width", width).put("height", height));
  }

  byte[] screenshot() throws IOException {
    return Base64.getDecoder().decode(session("GET", "/screenshot", null).asText());
  }

  private JsonNode session(String method, String path, JsonNode body) throws IOException {
    return call(method, "/session/" + session + path, body);
  }

  private JsonNode call(String method, String path, JsonNode body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode value = JSON.readTree(r.body()).path("value");
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "WebDriver "
              + method
              + " "
              + path
              + " answered "
              + r.statusCode()
              + ": "
              + value.path("error").asText()
              + ": "
              + value.path("message").asText());
    }
    return value;
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        call("DELETE", "/session/" + session, null);
      }
    } catch (Exception e) {
      // the driver is going away anyway
    } finally {
      driver.destroy();
      try {
        if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          driver.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
