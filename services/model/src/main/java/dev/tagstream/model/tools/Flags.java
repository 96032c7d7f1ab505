package dev.tagstream.model.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal --flag value parser shared by the tools: repeatable flags, boolean switches, errors naming the flag. */
final class Flags {
  /** Thrown for a bad command line; the tool prints the message and usage and exits 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, List<String>> values = new HashMap<>();
  private final Map<String, String> known;

  /** @param known flag name (without --) -> help text; a name ending in "!" is a boolean switch */
  Flags(Map<String, String> known, String[] args) {
    this.known = new LinkedHashMap<>(known);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (known.containsKey(name + "!")) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException("flag --" + name + " needs a value");
      }
      if (!known.containsKey(name) && !known.containsKey(name + "!")) {
        throw new UsageException("unknown flag --" + name);
      }
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String get(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  String required(String name) {
    String v = get(name, null);
    if (v == null) {
      throw new UsageException("missing required flag --" + name);
    }
    return v;
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  int integer(String name, int fallback) {
    String v = get(name, null);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  double number(String name, double fallback) {
    String v = get(name, null);
    try {
      return v == null ? fallback : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, got '" + v + "'");
    }
  }

  boolean bool(String name) {
    return Boolean.parseBoolean(get(name, "false"));
  }

  Path existingFile(String name) {
    Path p = Path.of(required(name));
    if (!Files.exists(p)) {
      throw new UsageException("--" + name + ": no such file or directory " + p);
    }
    return p;
  }

  String usage(String command) {
    StringBuilder sb = new StringBuilder("usage: tagstream " + command + " [flags]\n");
    known.forEach((k, v) -> sb.append(String.format("  --%-22s %s%n", k.replace("!", ""), v)));
    return sb.toString();
  }

  static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }
}
