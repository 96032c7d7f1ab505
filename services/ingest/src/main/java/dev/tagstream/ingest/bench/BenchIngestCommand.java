package dev.tagstream.ingest.bench;

import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.LocalBroker;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.ops.ThreadCpu;
import dev.tagstream.ingest.IngestServiceFactory;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code tagstream bench ingest}: accepted references/s through the HTTP API, as JSON batches and
 * as NDJSON streams, next to the raw producer rate for the same records, on the same broker in the
 * same run, alternating the three for several rounds.
 */
public final class BenchIngestCommand implements Command {
  static final double TARGET = 0.8;

  static final int MAX_WARM_ROUNDS = 30;

  /**
   * The API's produce timeout, given to the service and to the raw producer so their settings
   * match.
   */
  static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(30);

  static final Setting RECORDS =
      Setting.of(
          "records",
          "1000000",
          "References per measured run (the raw producer sends a million in about half a second here).");
  static final Setting BATCH =
      Setting.of("batch", "1000", "References per HTTP request (ingest.max-batch's default).");
  static final Setting CLIENTS =
      Setting.of("clients", "8", "Concurrent HTTP clients (the API serves 8 requests at once).");
  static final Setting STREAMS =
      Setting.of(
          "streams",
          "2",
          "Concurrent NDJSON streams for the streamed side (the records split evenly among them).");
  static final Setting URI_LENGTH =
      Setting.of("uri-length", "80", "Length of each reference's URI (sets the record size).");
  static final Setting WARM_UP =
      Setting.of(
          "warm-up",
          "100000",
          "References per untimed warm-up run. Warm-up rounds (each side once) repeat until the JIT compiler uses under "
              + ThreadCpu.SETTLED_JIT_CORES
              + " cores, at most "
              + MAX_WARM_ROUNDS
              + ": the HTTP paths run far more code for the JIT to compile than the raw producer, and a server that runs for hours compiles it once.");
  static final Setting ROUNDS =
      Setting.of(
          "rounds",
          "5",
          "Rounds of (raw run, HTTP run) back to back; the medians are compared, as shared machines make single runs noisy.");

  @Override
  public String name() {
    return "bench ingest";
  }

  @Override
  public String summary() {
    return "Accepted references/s through the ingest HTTP API (JSON batches and NDJSON streams) vs the raw Kafka producer rate, same broker, same run.";
  }

  @Override
  public List<Setting> settings() {
    return List.of(
        KafkaSettings.BOOTSTRAP,
        KafkaSettings.PARTITIONS,
        RECORDS,
        BATCH,
        CLIENTS,
        STREAMS,
        URI_LENGTH,
        ROUNDS,
        WARM_UP);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help(
              "tagstream bench ingest [options]",
              summary()
                  + "\nWithout --bootstrap an embedded broker is started in a temporary directory.",
              settings()));
      return 0;
    }
    Settings s = Settings.parse(settings(), args);
    int records = s.integer(RECORDS, 1, 10_000_000);
    int batch = s.integer(BATCH, 1, 10_000);
    int clients = s.integer(CLIENTS, 1, 64);
    int rounds = s.integer(ROUNDS, 1, 20);
    int streams = s.integer(STREAMS, 1, 64);
    Path tmp = Files.createTempDirectory("tagstream-bench-ingest");
    LocalBroker embedded = null;
    try {
      String bootstrap = s.stringOrNull(KafkaSettings.BOOTSTRAP);
      if (bootstrap == null) {
        embedded = LocalBroker.start(tmp.resolve("kafka"), 0);
        bootstrap = embedded.bootstrap();
      }
      String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
      KafkaConfig kafka =
          new KafkaConfig(
              bootstrap, prefix, s.integer(KafkaSettings.PARTITIONS, 1, 1000), (short) 1, tmp, 0);
      TopicAdmin.ensureTopics(kafka);
      String topic = Topics.IMAGES.name(prefix);
      BenchWorkload w =
          BenchWorkload.build(
              "bench", records, batch, s.integer(URI_LENGTH, 40, 2000), topic, streams);
      try (Service ingest = startIngest(kafka, batch, tmp)) {
        URI base = URI.create("http://127.0.0.1:" + ingest.httpPort());
        awaitReady(base);
        // Warm-up on every side, not measured, until the JIT compiler is done: after two fixed
        // warm-up runs its threads still took 1-2 µs per reference in the measured rounds, more
        // than the request threads.
        BenchWorkload warm =
            BenchWorkload.build(
                "warm",
                s.integer(WARM_UP, 1, 10_000_000),
                batch,
                s.integer(URI_LENGTH, 40, 2000),
                topic,
                streams);
        long warm0 = System.nanoTime();
        double jit = Double.NaN;
        int warmRounds = 0;
        while (warmRounds < MAX_WARM_ROUNDS && !(jit < ThreadCpu.SETTLED_JIT_CORES)) {
          long jit0 = ThreadCpu.jitNanos();
          long t0 = System.nanoTime();
          RawProducerRun.run(kafka, topic, warm, PRODUCE_TIMEOUT);
          HttpRun.run(base, null, warm, clients);
          HttpRun.stream(base, null, warm);
          jit = (ThreadCpu.jitNanos() - jit0) / (double) (System.nanoTime() - t0);
          warmRounds++;
        }
        err.printf(
            "warm-up: %d rounds in %.0f s, until the JIT compiler used %.2f cores (%s)%n",
            warmRounds,
            (System.nanoTime() - warm0) / 1e9,
            jit,
            jit < ThreadCpu.SETTLED_JIT_CORES
                ? "settled"
                : "not settled: the measured rounds include compiling");
        List<Double> raw = new ArrayList<>();
        List<Double> api = new ArrayList<>();
        List<Double> streamed = new ArrayList<>();
        CpuSplit rawCpu = new CpuSplit();
        CpuSplit apiCpu = new CpuSplit();
        CpuSplit streamCpu = new CpuSplit();
        for (int r = 1; r <= rounds; r++) {
          raw.add(
              rawCpu.measure(
                  w.records(), () -> RawProducerRun.run(kafka, topic, w, PRODUCE_TIMEOUT)));
          api.add(apiCpu.measure(w.records(), () -> HttpRun.run(base, null, w, clients)));
          streamed.add(streamCpu.measure(w.records(), () -> HttpRun.stream(base, null, w)));
          err.printf(
              "round %d: raw %.0f/s, http %.0f/s, ndjson %.0f/s%n",
              r, raw.get(r - 1), api.get(r - 1), streamed.get(r - 1));
        }
        err.println("cpu raw:    " + rawCpu.perRecord());
        err.println("cpu http:   " + apiCpu.perRecord());
        err.println("cpu ndjson: " + streamCpu.perRecord());
        print(out, w, clients, raw, api, streamed, embedded != null);
      }
      return 0;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
      dev.tagstream.model.artifact.Directories.deleteQuietly(tmp);
    }
  }

  static void print(
      PrintStream out,
      BenchWorkload w,
      int clients,
      List<Double> raw,
      List<Double> api,
      List<Double> streamed,
      boolean embedded) {
    double medianRaw = median(raw);
    double medianApi = median(api);
    double medianStreamed = median(streamed);
    double ratio = medianApi / medianRaw;
    double streamRatio = medianStreamed / medianRaw;
    out.printf(
        "record: %d bytes (key + Avro value), %d records per run, broker %s%n",
        w.recordBytes(), w.records(), embedded ? "embedded (same JVM)" : "external");
    out.printf(
        "raw producer (idempotent, acks=all):  %,10.0f records/s median, rounds %s%n",
        medianRaw, rounded(raw));
    out.printf(
        "HTTP API (%d clients x %d per POST):  %,10.0f references/s median, rounds %s%n",
        clients, w.batch(), medianApi, rounded(api));
    out.printf(
        "ratio HTTP/raw (medians): %.2f (target >= %.2f: %s)%n",
        ratio, TARGET, ratio >= TARGET ? "met" : "NOT met");
    out.printf(
        "NDJSON (%d streams at once):  %,10.0f references/s median, rounds %s%n",
        w.streams().size(), medianStreamed, rounded(streamed));
    out.printf(
        "ratio NDJSON/raw (medians): %.2f (target >= %.2f: %s)%n",
        streamRatio, TARGET, streamRatio >= TARGET ? "met" : "NOT met");
  }

  static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String rounded(List<Double> rates) {
    return rates.stream().map(d -> String.format("%.0f", d)).toList().toString();
  }

  private static Service startIngest(KafkaConfig kafka, int batch, Path tmp) {
    IngestServiceFactory f = new IngestServiceFactory();
    Service s =
        f.create(
            kafka,
            Settings.parse(
                f.settings(),
                List.of(
                    "--ingest.http-port",
                    "0",
                    "--http-bind",
                    "127.0.0.1",
                    "--ingest.max-batch",
                    Integer.toString(batch),
                    "--ingest.max-body-bytes",
                    Integer.toString(64 * 1024 * 1024),
                    "--ingest.view-state-dir",
                    tmp.resolve("view").toString(),
                    "--ingest.produce-timeout",
                    PRODUCE_TIMEOUT.toSeconds() + "s"),
                Map.of()));
    s.start();
    return s;
  }

  private static void awaitReady(URI base) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      var r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/readyz")).build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        return;
      }
      Thread.sleep(100); // polling interval
    }
    throw new IllegalStateException("the ingest service did not become ready within 60 s");
  }
}
