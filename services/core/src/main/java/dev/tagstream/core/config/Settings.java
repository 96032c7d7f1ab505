package dev.tagstream.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolved configuration of one command: flags, then {@code TAGSTREAM_*} environment variables,
 * then a properties file ({@code --config FILE} or {@code TAGSTREAM_CONFIG}), then defaults.
 * Immutable; typed getters fail with a message naming the key and where its value came from. Domain
 * code receives config records built from this, never this class. Commands that list {@link
 * KafkaSettings#KAFKA_CONFIG} also take the open-ended Kafka client property keys ({@code kafka.*},
 * {@code <service>.kafka.*}; see PassThroughKeys).
 */
public final class Settings {
  public static final Setting CONFIG_FILE =
      Setting.of(
          "config", null, "Properties file with settings (key=value, keys as in this reference).");

  private final Map<String, String> values;
  private final Map<String, String> origins;
  private final List<String> positional;

  private Settings(
      Map<String, String> values, Map<String, String> origins, List<String> positional) {
    this.values = Map.copyOf(values);
    this.origins = Map.copyOf(origins);
    this.positional = List.copyOf(positional);
  }

  /** Parses {@code args} against the known settings, with the process environment. */
  public static Settings parse(Collection<Setting> known, List<String> args) {
    return parse(known, args, System.getenv());
  }

  public static Settings parse(
      Collection<Setting> known, List<String> args, Map<String, String> env) {
    Map<String, Setting> byKey = new LinkedHashMap<>();
    byKey.put(CONFIG_FILE.key(), CONFIG_FILE);
    known.forEach(s -> byKey.put(s.key(), s));

    // Commands that build Kafka clients also accept kafka.* and <role>.kafka.* keys (see
    // PassThroughKeys).
    boolean passThrough = byKey.containsKey(KafkaSettings.KAFKA_CONFIG.key());
    List<String> positional = new ArrayList<>();
    Map<String, String> flags = readFlags(byKey, passThrough, args, positional);
    Properties file = new Properties();
    String configPath = flags.getOrDefault(CONFIG_FILE.key(), env.get(CONFIG_FILE.env()));
    if (configPath != null) {
      Path p = Path.of(configPath);
      try (Reader r = Files.newBufferedReader(p)) {
        file.load(r);
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read the config file " + p.toAbsolutePath() + ": " + e.getMessage(), e);
      }
      for (String k : file.stringPropertyNames()) {
        if (!byKey.containsKey(k) && !(passThrough && PassThroughKeys.matches(k))) {
          throw new ConfigException(
              "unknown key '"
                  + k
                  + "' in config file "
                  + p
                  + NearestName.hint(k, byKey.keySet(), "")
                  + " (see --help)");
        }
      }
    }

    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (Setting s : byKey.values()) {
      if (flags.containsKey(s.key())) {
        values.put(s.key(), flags.get(s.key()));
        origins.put(s.key(), "flag " + s.flag());
      } else if (env.containsKey(s.env())) {
        values.put(s.key(), env.get(s.env()));
        origins.put(s.key(), "environment variable " + s.env());
      } else if (file.containsKey(s.key())) {
        values.put(s.key(), file.getProperty(s.key()));
        origins.put(s.key(), "config file key " + s.key());
      } else if (s.defaultValue() != null) {
        values.put(s.key(), s.defaultValue());
        origins.put(s.key(), "default of " + s.key());
      }
    }
    if (passThrough) {
      readPassThrough(byKey, flags, env, file, values, origins);
    }
    return new Settings(values, origins, positional);
  }

  /**
   * The options of a command line: {@code --key value}, {@code --key=value}, or a bare {@code
   * --key} for a switch (which takes a following true/false word as its value). A repeatable
   * option's values join with commas; any other option given twice keeps the last.
   */
  private static Map<String, String> readFlags(
      Map<String, Setting> byKey, boolean passThrough, List<String> args, List<String> positional) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Setting setting = byKey.get(name);
      if (setting == null && !(passThrough && PassThroughKeys.matches(name))) {
        throw new ConfigException(
            "unknown option --"
                + name
                + NearestName.hint(name, byKey.keySet(), "--")
                + " (see --help for the options of this command)");
      }
      boolean isSwitch = setting != null && setting.isSwitch();
      if (value == null) {
        String next = i + 1 < args.size() ? args.get(i + 1) : null;
        if (isSwitch) {
          boolean word =
              next != null && BOOLEAN_WORDS.contains(next.toLowerCase(java.util.Locale.ROOT));
          value = word ? args.get(++i) : "true";
        } else if (next == null || next.startsWith("--")) {
          throw new ConfigException(
              name
                  + " (from flag --"
                  + name
                  + ") has no value: give --"
                  + name
                  + " VALUE; only true/false switches may stand alone");
        } else {
          value = args.get(++i);
        }
      }
      String before = flags.get(name);
      flags.put(
          name,
          setting != null && setting.repeatable() && before != null ? before + "," + value : value);
    }
    return flags;
  }

  private static final String ENV_PREFIX = "TAGSTREAM_";
  private static final Set<String> BOOLEAN_WORDS =
      Set.of("true", "false", "yes", "no", "1", "0", "on", "off");

  /**
   * Refuses a {@code TAGSTREAM_*} variable that no command reads (a typo would otherwise be ignored
   * in silence), naming the nearest known one. {@code everyKnown} is every setting of every
   * command; {@code alsoRead} names variables read outside the settings (the launcher's
   * TAGSTREAM_JAVA_OPTS).
   */
  public static void checkEnvironment(
      Collection<Setting> everyKnown, Collection<String> alsoRead, Map<String, String> env) {
    Set<String> known = new java.util.TreeSet<>(alsoRead);
    known.add(CONFIG_FILE.env());
    ProcessSettings.all().forEach(s -> known.add(s.env()));
    everyKnown.forEach(s -> known.add(s.env()));
    for (var e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (name.startsWith(ENV_PREFIX)
          && !known.contains(name)
          && PassThroughKeys.fromEnv(name) == null) {
        Set<String> words = new java.util.TreeSet<>();
        known.forEach(k -> words.add(k.substring(ENV_PREFIX.length())));
        String wrong = name.substring(ENV_PREFIX.length());
        String nearest = NearestName.of(wrong, words);
        // a mistyped TAGSTREAM_INGEST_TOKN must not print its secret: masked when it or its nearest
        // name says secret
        boolean secret = isSecretWord(wrong) || (nearest != null && isSecretWord(nearest));
        throw new ConfigException(
            "unknown environment variable "
                + name
                + "="
                + (secret ? ClientProperties.MASK : e.getValue())
                + (nearest == null ? "" : "; did you mean " + ENV_PREFIX + nearest + "?")
                + " (no tagstream command reads it; see tagstream config)");
      }
    }
  }

  private static boolean isSecretWord(String envWord) {
    return ClientProperties.isSecret(envWord.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
  }

  /**
   * Pass-through keys with the same precedence as settings: flag, then environment, then config
   * file.
   */
  private static void readPassThrough(
      Map<String, Setting> byKey,
      Map<String, String> flags,
      Map<String, String> env,
      Properties file,
      Map<String, String> values,
      Map<String, String> origins) {
    for (String k : file.stringPropertyNames()) {
      if (PassThroughKeys.matches(k)) {
        values.put(k, file.getProperty(k));
        origins.put(k, "config file key " + k);
      }
    }
    Set<String> settingEnvs = new HashSet<>();
    byKey.values().forEach(s -> settingEnvs.add(s.env()));
    for (var e : env.entrySet()) {
      String k = settingEnvs.contains(e.getKey()) ? null : PassThroughKeys.fromEnv(e.getKey());
      if (k != null) {
        values.put(k, e.getValue());
        origins.put(k, "environment variable " + e.getKey());
      }
    }
    flags.forEach(
        (k, v) -> {
          if (!byKey.containsKey(k)) {
            values.put(k, v);
            origins.put(k, "flag --" + k);
          }
        });
  }

  /** Every pass-through key given ({@code kafka.*}, {@code <role>.kafka.*}) with its value. */
  Map<String, String> passThrough() {
    Map<String, String> m = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (PassThroughKeys.matches(k)) {
            m.put(k, v);
          }
        });
    return m;
  }

  /** Where a key's value came from (flag, environment variable, config file or default). */
  String origin(String key) {
    return origins.get(key);
  }

  public List<String> positional() {
    return positional;
  }

  public boolean isSet(Setting s) {
    return values.containsKey(s.key());
  }

  /**
   * Whether a flag, the environment or a config file gave this setting; a default does not count.
   */
  public boolean isGiven(Setting s) {
    String origin = origins.get(s.key());
    return origin != null && !origin.startsWith("default of ");
  }

  public String string(Setting s) {
    String v = values.get(s.key());
    if (v == null) {
      throw new ConfigException(s.flag() + " is required (or set " + s.env() + "): " + s.doc());
    }
    return v;
  }

  public String stringOrNull(Setting s) {
    return values.get(s.key());
  }

  /**
   * A secret setting's value (trimmed), with the rule of Kafka client secrets: {@code file:PATH} is
   * the content of that file (a mounted secret); null when unset.
   */
  public String secretOrNull(Setting s) {
    String v = values.get(s.key());
    return v == null ? null : ClientPropertySources.resolve(s.key(), v.trim(), origin(s.key()));
  }

  public int integer(Setting s, int min, int max) {
    long v = parseLong(s, min, max);
    if (v < min || v > max) {
      throw invalid(s, "must be between " + min + " and " + max);
    }
    return (int) v;
  }

  public long longValue(Setting s, long min, long max) {
    long v = parseLong(s, min, max);
    if (v < min || v > max) {
      throw invalid(s, "must be between " + min + " and " + max);
    }
    return v;
  }

  public double decimal(Setting s, double min, double max) {
    double v;
    try {
      v = Double.parseDouble(string(s).trim());
    } catch (NumberFormatException e) {
      throw invalid(s, "is not a number (must be between " + min + " and " + max + ")");
    }
    if (!(v >= min && v <= max)) {
      throw invalid(s, "must be between " + min + " and " + max);
    }
    return v;
  }

  public boolean bool(Setting s) {
    String v = string(s).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw invalid(s, "is not a boolean (true/false)");
    };
  }

  /**
   * A duration within [min, max]; timeouts use it, since a zero timeout fails every call it guards.
   */
  public Duration duration(Setting s, Duration min, Duration max) {
    String range = "must be between " + min.toMillis() + " ms and " + max.toMillis() + " ms";
    Duration d = parseDuration(s, "; " + range);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw invalid(s, range);
    }
    return d;
  }

  /** A duration such as 250ms, 30s, 5m, 2h or ISO-8601 (PT30S); never negative. */
  public Duration duration(Setting s) {
    Duration d = parseDuration(s, "");
    if (d.isNegative()) {
      throw invalid(s, "is negative");
    }
    return d;
  }

  private Duration parseDuration(Setting s, String range) {
    String v = string(s).trim();
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return Duration.parse(v);
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw invalid(s, "is not a duration (e.g. 250ms, 30s, 5m, 2h)" + range);
      };
    } catch (NumberFormatException
        | java.time.format.DateTimeParseException
        | StringIndexOutOfBoundsException e) {
      throw invalid(s, "is not a duration (e.g. 250ms, 30s, 5m, 2h)" + range);
    }
  }

  public List<String> list(Setting s) {
    String v = stringOrNull(s);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(v.split(","))
        .map(String::trim)
        .filter(x -> !x.isEmpty())
        .toList();
  }

  public Path path(Setting s) {
    return Path.of(string(s));
  }

  private long parseLong(Setting s, long min, long max) {
    try {
      return Long.parseLong(string(s).trim());
    } catch (NumberFormatException e) {
      throw invalid(s, "is not a whole number (must be between " + min + " and " + max + ")");
    }
  }

  /** A comma-separated list of whole numbers, each within [min, max]. */
  public List<Integer> integers(Setting s, int min, int max) {
    List<Integer> out = new ArrayList<>();
    for (String item : list(s)) {
      try {
        long v = Long.parseLong(item);
        if (v < min || v > max) {
          throw new NumberFormatException();
        }
        out.add((int) v);
      } catch (NumberFormatException e) {
        throw invalid(s, "has '" + item + "', not a whole number between " + min + " and " + max);
      }
    }
    if (out.isEmpty()) {
      throw invalid(
          s, "is empty (give whole numbers between " + min + " and " + max + ", comma-separated)");
    }
    return out;
  }

  /**
   * A value read by {@code parser} (a mode, an enum, a spec); its refusal becomes one error naming
   * the key, the value and where it came from, then the parser's reason (which should list what is
   * valid).
   */
  public <T> T parsed(Setting s, java.util.function.Function<String, T> parser) {
    String v = string(s);
    try {
      return parser.apply(v.trim());
    } catch (RuntimeException e) {
      throw invalid(s, "is refused: " + e.getMessage());
    }
  }

  /** A path that must exist (an input). */
  public Path existingPath(Setting s) {
    Path p = path(s);
    if (!Files.exists(p)) {
      throw invalid(s, "does not exist (give an existing file or directory)");
    }
    return p;
  }

  /** A path that must not exist yet (an output that is never overwritten). */
  public Path newPath(Setting s) {
    Path p = path(s);
    if (Files.exists(p)) {
      throw invalid(s, "already exists; it is never overwritten (give a path that does not exist)");
    }
    return p;
  }

  /** An error naming the setting, its value and where the value came from, then the problem. */
  public ConfigException invalid(Setting s, String problem) {
    return new ConfigException(
        s.key() + "=" + values.get(s.key()) + " (from " + origins.get(s.key()) + ") " + problem);
  }
}
