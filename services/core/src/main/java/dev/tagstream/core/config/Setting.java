package dev.tagstream.core.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key. It is read, highest precedence first, from the flag {@code --<key>}, the
 * environment variable {@code TAGSTREAM_<KEY>} (dots and dashes become underscores), a properties
 * file ({@code <key>=...}), then the default. A null default means "unset unless given". A setting
 * whose default is {@code true} or {@code false} is a switch: a bare {@code --key} means true.
 * Every other flag needs a value. A repeatable setting is a list that may also be given as the same
 * flag several times.
 */
public record Setting(String key, String defaultValue, String doc, boolean repeatable) {

  public Setting(String key, String defaultValue, String doc) {
    this(key, defaultValue, doc, false);
  }

  public Setting {
    Objects.requireNonNull(key, "key");
    if (!key.matches("[a-z][a-z0-9]*([.-][a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "bad setting key '" + key + "': lower-case words joined by . or -");
    }
    Objects.requireNonNull(doc, "doc");
  }

  public static Setting of(String key, String defaultValue, String doc) {
    return new Setting(key, defaultValue, doc);
  }

  /** A list option that may be given more than once ({@code --k a --k b} is {@code a,b}). */
  public static Setting repeatable(String key, String doc) {
    return new Setting(key, null, doc, true);
  }

  /** A true/false option: a bare {@code --key} means true. */
  public boolean isSwitch() {
    return "true".equals(defaultValue) || "false".equals(defaultValue);
  }

  public String env() {
    return "TAGSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String flag() {
    return "--" + key;
  }
}
