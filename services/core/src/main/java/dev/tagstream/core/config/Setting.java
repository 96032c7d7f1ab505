package dev.tagstream.core.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key. It is read, highest precedence first, from the flag {@code --<key>}, the
 * environment variable {@code TAGSTREAM_<KEY>} (dots and dashes become underscores), a properties file
 * ({@code <key>=...}), then the default. A null default means "unset unless given".
 */
public record Setting(String key, String defaultValue, String doc) {

  public Setting {
    Objects.requireNonNull(key, "key");
    if (!key.matches("[a-z][a-z0-9]*([.-][a-z0-9]+)*")) {
      throw new IllegalArgumentException("bad setting key '" + key + "': lower-case words joined by . or -");
    }
    Objects.requireNonNull(doc, "doc");
  }

  public static Setting of(String key, String defaultValue, String doc) {
    return new Setting(key, defaultValue, doc);
  }

  public String env() {
    return "TAGSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String flag() {
    return "--" + key;
  }
}
