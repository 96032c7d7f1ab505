package dev.tagstream.bench.retrain;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.releases.ReleaseFollower;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.trainer.TrainerServiceFactory;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code tagstream bench retrain}: two retrains of the same images through a real broker and
 * trainer, printing each release's metrics (training seconds included). The first head-only retrain
 * embeds every image; the second finds them all in the embedding cache, which the trainer's
 * cached-evaluation count shows. The current model it starts from has random weights
 * (SyntheticModel): what is measured is the cost of a retrain, not what it learns.
 */
public final class BenchRetrainCommand implements Command {
  static final Setting IMAGES =
      Setting.of("images", "1000", "Generated shape images to retrain on.");
  static final Setting EPOCHS = Setting.of("epochs", "10", "Epochs per retrain.");
  static final Setting FULL_EVERY =
      Setting.of("full-every", "0", "trainer.full-every: 1 makes every retrain a full fine-tune.");
  static final Setting DIR =
      Setting.of(
          "dir", null, "Working folder (images, broker, registry). Unset: a new temporary one.");
  static final List<Setting> SETTINGS = List.of(IMAGES, EPOCHS, FULL_EVERY, DIR);
  private static final Duration WAIT = Duration.ofMinutes(30);

  @Override
  public String name() {
    return "bench retrain";
  }

  @Override
  public String summary() {
    return "Time two retrains of the same images through a real broker and trainer (the second from cache)";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream bench retrain [options]", summary(), SETTINGS));
      return 0;
    }
    Settings s = Settings.parse(SETTINGS, args);
    int n = s.integer(IMAGES, 12, 1_000_000);
    int epochs = s.integer(EPOCHS, 1, 1000);
    int fullEvery = s.integer(FULL_EVERY, 0, 1000);
    Path work =
        s.isSet(DIR)
            ? Files.createDirectories(s.newPath(DIR))
            : Files.createTempDirectory("tagstream-bench-retrain-");
    KafkaConfig base = new KafkaConfig(null, "", 3, (short) 1, work, 0);
    try (KafkaRuntime kafka = KafkaRuntime.open(base)) {
      KafkaConfig k = kafka.config();
      ModelArtifact current =
          SyntheticModel.write(
              work.resolve("start").resolve("v0001"),
              "v0001",
              ShapeScenes.vocabulary(),
              BackboneSpec.defaults(),
              0.5f);
      List<ShapeScenes.Scene> scenes = ShapeScenes.generate(work.resolve("images"), n, 11);
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(KafkaClients.producerProps(k, "bench-retrain"))) {
        String models = Topics.MODELS.name(k.topicPrefix());
        ModelRelease start =
            ModelRelease.newBuilder()
                .setName("tagger")
                .setVersion("v0001")
                .setArtifactUri(current.dir().toUri().toString())
                .setLabelSetHash(current.vocabulary().hash())
                .setStatus(ReleaseStatus.PROMOTED)
                .setAnnouncedAt(Instant.now())
                .build();
        p.send(
                new ProducerRecord<>(
                    models, "tagger", Topics.MODELS.valueSerde().encode(models, start)))
            .get();
        send(p, k, scenes, 2);
        TrainerServiceFactory f = new TrainerServiceFactory();
        List<String> flags =
            List.of(
                "--trainer.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--trainer.file-roots",
                work.toString(),
                "--trainer.registry",
                work.resolve("registry").toString(),
                "--trainer.embedding-cache",
                work.resolve("embeddings.bin").toString(),
                "--trainer.vocabulary",
                ShapeScenes.writeVocabulary(work).toString(),
                "--trainer.min-new-confirmations",
                String.valueOf(2 * n),
                "--trainer.min-interval",
                "0s",
                "--trainer.full-every",
                String.valueOf(fullEvery),
                "--trainer.validation-percent",
                "10",
                "--trainer.batch-size",
                "64",
                "--trainer.epochs",
                String.valueOf(epochs),
                "--trainer.patience",
                "0");
        try (Service trainer = f.create(k, Settings.parse(f.settings(), flags, Map.of()))) {
          trainer.start();
          ModelRelease first = awaitRelease(k, 2);
          out.println("first retrain:  " + describe(first));
          send(p, k, scenes, 4);
          ModelRelease second = awaitRelease(k, 3);
          out.println("second retrain: " + describe(second));
          out.println("evaluations from cached embeddings: " + cachedEvaluations(trainer));
        }
      }
    }
    return 0;
  }

  /**
   * Every scene's label state, counting {@code confirmations}: new evidence each time the count
   * rises.
   */
  private static void send(
      KafkaProducer<String, byte[]> p,
      KafkaConfig k,
      List<ShapeScenes.Scene> scenes,
      long confirmations)
      throws Exception {
    String topic = Topics.LABEL_STATE.name(k.topicPrefix());
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
    for (int i = 0; i < scenes.size(); i++) {
      LabelState st = ShapeScenes.state(scenes.get(i), i, confirmations);
      acks.add(
          p.send(
              new ProducerRecord<>(
                  topic, st.getId(), Topics.LABEL_STATE.valueSerde().encode(topic, st))));
    }
    for (var a : acks) {
      a.get();
    }
  }

  private static ModelRelease awaitRelease(KafkaConfig k, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<ModelRelease> all =
          ReleaseFollower.readToEnd(k, "bench-retrain-reader", Duration.ofSeconds(30));
      if (all.size() >= count) {
        return all.get(count - 1);
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "no release number " + count + " within " + WAIT.toMinutes() + " min");
  }

  private static String describe(ModelRelease r) {
    return r.getVersion() + " " + r.getStatus() + " " + new java.util.TreeMap<>(r.getMetrics());
  }

  /** The trainer's counter of candidate and current evaluations that ran on cached embeddings. */
  private static String cachedEvaluations(Service trainer) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + trainer.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body()
        .lines()
        .filter(l -> l.startsWith("tagstream_trainer_evaluations_cached_total"))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElse("(not reported)");
  }
}
