package dev.tagstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.RecordJson;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.SerdeSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.kafka.TopicAdmin;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** {@code tagstream tail TOPIC}: prints a topic's records, decoded, as JSON lines. */
final class TailCommand implements Command {
  static final Setting FOLLOW =
      Setting.of("follow", "false", "Keep waiting for new records instead of stopping at the end.");
  static final Setting MAX = Setting.of("max", "0", "Stop after this many records (0: no limit).");
  static final Setting FROM_END =
      Setting.of("from-end", "false", "Start at the end of the topic (with --follow).");
  static final Setting COMMITTED =
      Setting.of("read-committed", "true", "Show only records of committed transactions.");

  @Override
  public String name() {
    return "tail";
  }

  @Override
  public String summary() {
    return "Print a topic's records as JSON lines (tail images|predictions|failures|labels|label-state|models).";
  }

  @Override
  public List<Setting> settings() {
    return List.of(
        KafkaSettings.JOIN_BOOTSTRAP,
        KafkaSettings.TOPIC_PREFIX,
        KafkaSettings.BROKER_PORT,
        KafkaSettings.KAFKA_CONFIG,
        SerdeSettings.URL,
        SerdeSettings.USER,
        SerdeSettings.PASSWORD,
        FOLLOW,
        MAX,
        FROM_END,
        COMMITTED);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    List<Setting> settings = settings();
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream tail TOPIC [options]", summary(), settings));
      return 0;
    }
    Settings s = Settings.parse(settings, args);
    if (s.positional().size() != 1) {
      throw new IllegalArgumentException("name one topic, e.g. 'tagstream tail predictions'");
    }
    String prefix = s.string(KafkaSettings.TOPIC_PREFIX);
    Topic<?> topic =
        Topics.byName(s.positional().get(0), prefix)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown topic '"
                            + s.positional().get(0)
                            + "'; one of "
                            + Topics.all().stream().map(Topic::baseName).toList()));
    KafkaConfig base =
        new KafkaConfig(
            s.stringOrNull(KafkaSettings.JOIN_BOOTSTRAP),
            prefix,
            1,
            (short) 1,
            java.nio.file.Path.of("."),
            s.integer(KafkaSettings.BROKER_PORT, 0, 65535),
            KafkaSettings.clientProperties(s),
            SerdeSettings.read(s));
    try (KafkaRuntime kafka = KafkaRuntime.connect(base)) {
      TopicAdmin.requireTopics(kafka.config(), List.of(topic));
      return tail(
          kafka.config(),
          topic,
          s.bool(FOLLOW),
          s.longValue(MAX, 0, Long.MAX_VALUE),
          s.bool(FROM_END),
          s.bool(COMMITTED),
          out);
    }
  }

  static <V extends SpecificRecord> int tail(
      KafkaConfig c,
      Topic<V> topic,
      boolean follow,
      long max,
      boolean fromEnd,
      boolean readCommitted,
      PrintStream out) {
    String name = topic.name(c.topicPrefix());
    var serde = topic.valueSerde();
    long printed = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(c, "tagstream-tail", readCommitted))) {
      List<TopicPartition> parts =
          consumer.partitionsFor(name).stream()
              .map(p -> new TopicPartition(name, p.partition()))
              .toList();
      consumer.assign(parts);
      if (fromEnd) {
        consumer.seekToEnd(parts);
      } else {
        consumer.seekToBeginning(parts);
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (true) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.println(line(r, name, serde));
          if (max > 0 && ++printed >= max) {
            out.flush();
            return 0;
          }
        }
        out.flush();
        if (!follow && parts.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
          return 0;
        }
      }
    }
  }

  static <V extends SpecificRecord> String line(
      ConsumerRecord<String, byte[]> r, String topic, dev.tagstream.contracts.AvroSerde<V> serde) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("partition", r.partition());
    o.put("offset", r.offset());
    o.put("timestamp", r.timestamp());
    o.put("key", r.key());
    try {
      V v = serde.decode(topic, r.value());
      o.set("value", v == null ? Json.MAPPER.nullNode() : RecordJson.toNode(v));
    } catch (ContractException e) {
      // One bad record must not hide the rest of the topic.
      o.put("error", e.kind() + ": " + e.getMessage());
      o.put("raw", Base64.getEncoder().encodeToString(r.value()));
    }
    return o.toString();
  }

  /**
   * Built on first use: every command is listed on every run, and Jackson takes a moment to load.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
