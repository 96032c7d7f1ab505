package dev.tagstream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.cli.IngestCalls;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.ValueEncoding.Format;
import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.SerdeConfig;
import dev.tagstream.core.config.SerdeSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.schemaregistry.LocalRegistry;
import dev.tagstream.core.schemaregistry.LocalRegistryConfig;
import dev.tagstream.datasets.EmojiAssets;
import dev.tagstream.datasets.EmojiScenesBuilder;
import dev.tagstream.datasets.EmojiScenesConfig;
import dev.tagstream.datasets.ObservedLabels;
import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.metrics.ObservedCounts;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.TrainingData;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code tagstream demo}: the whole loop on one machine. Builds a small EmojiScenes set, starts an
 * embedded broker and every service, bootstraps a model from partially labelled images, streams new
 * images through the worker, has a simulated reviewer confirm labels through the ingest API, lets
 * that feedback trigger a retrain, and shows the new model being promoted and hot-swapped. Ends
 * with a summary table and a report.
 */
public final class DemoCommand implements Command {
  static final Setting DIR =
      Setting.of(
          "dir", "tagstream-data/demo", "Working folder (dataset, broker, registry, reports).");
  static final Setting TRAIN =
      Setting.of(
          "train",
          "8000",
          "Partially labelled images the first model is trained on"
              + " (enough that most labels have observed positives).");
  static final Setting STREAM =
      Setting.of(
          "stream",
          "800",
          "New images streamed for scoring (half before, half after the retrain).");
  static final Setting REVIEWS =
      Setting.of(
          "reviews",
          "2000",
          "Reviewer decisions on the first streamed half: the new"
              + " evidence that triggers the retrain (the trainer's min-new-confirmations).");
  static final Setting TEST =
      Setting.of("test", "400", "Fully labelled test images every model version is evaluated on.");
  static final Setting OBSERVED =
      Setting.of(
          "observed",
          "partial:0.3",
          "Labels the bootstrap images come with (full, single, partial:P).");
  static final Setting SEED = Setting.of("seed", "7", "Seed of the dataset.");
  static final Setting EPOCHS = Setting.of("epochs", "8", "Epochs per training.");
  static final Setting LOSS =
      Setting.of(
          "loss",
          dev.tagstream.model.loss.LossNames.RETRAIN_DEFAULT,
          "Training loss (see tagstream train --help).");
  static final Setting SIZE = Setting.of("size", "96", "Scene size in pixels.");
  static final Setting VENDORS =
      Setting.of("vendors", "google,twitter", "Emoji artwork vendors (see dataset emoji-scenes).");
  static final Setting ASSETS = EmojiAssets.ASSETS;
  static final Setting CACHE = EmojiAssets.CACHE;
  static final Setting TIMEOUT = Setting.of("timeout", "30m", "Longest wait for any one phase.");
  static final Setting REGISTRY_URL =
      Setting.of(
          SerdeSettings.URL.key(),
          null,
          "Root of a schema registry's Confluent REST API for --serde registry. Unset: the demo"
              + " starts a local Apicurio Registry (in memory, Java 17; fetched into ~/.m2 with mvn"
              + " if missing), prints its URL and stops it at the end.");
  static final List<Setting> SETTINGS =
      java.util.stream.Stream.concat(
              List.of(
                  DIR, TRAIN, STREAM, REVIEWS, TEST, OBSERVED, SEED, EPOCHS, LOSS, SIZE, VENDORS,
                  ASSETS, CACHE, TIMEOUT)
                  .stream(),
              SerdeSettings.all().stream().map(x -> x.equals(SerdeSettings.URL) ? REGISTRY_URL : x))
          .toList();

  private final List<ServiceFactory> factories;

  public DemoCommand(List<ServiceFactory> factories) {
    this.factories = factories;
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "The whole loop on an embedded broker: bootstrap a model, stream, review, retrain, hot-swap (~10 min).";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream demo [options]", summary(), SETTINGS));
      return 0;
    }
    Settings s = Settings.parse(SETTINGS, args);
    DemoPlan plan =
        new DemoPlan(
            s.path(DIR).toAbsolutePath(),
            s.integer(TRAIN, 50, 1_000_000),
            s.integer(STREAM, 20, 1_000_000),
            s.integer(REVIEWS, 1, 10_000_000),
            s.integer(TEST, 20, 1_000_000),
            s.parsed(OBSERVED, ObservedLabels::parse),
            s.longValue(SEED, Long.MIN_VALUE, Long.MAX_VALUE),
            s.integer(EPOCHS, 1, 1000),
            s.string(LOSS),
            s.integer(SIZE, 32, 512),
            s.list(VENDORS),
            s.isSet(ASSETS) ? s.path(ASSETS) : null,
            s.path(CACHE),
            s.duration(TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(1)),
            SerdeSettings.readUnlessLocal(s).orElse(null));
    return new Run(plan, out, err).execute();
  }

  /** What one demo run does; {@code serde} null: registry mode on a local registry. */
  record DemoPlan(
      Path dir,
      int train,
      int stream,
      int reviews,
      int test,
      ObservedLabels observed,
      long seed,
      int epochs,
      String loss,
      int size,
      List<String> vendors,
      Path assets,
      Path cache,
      Duration timeout,
      SerdeConfig serde) {}

  /** One execution: phases in order, each announced and timed. */
  private final class Run {
    private final DemoPlan plan;
    private final PrintStream out;
    private final PrintStream err;
    private final long t0 = System.nanoTime();
    private final DemoSummary summary = new DemoSummary();

    Run(DemoPlan plan, PrintStream out, PrintStream err) {
      this.plan = plan;
      this.out = out;
      this.err = err;
    }

    int execute() throws Exception {
      Path data = plan.dir().resolve("data");
      Path streamData = plan.dir().resolve("stream");
      phase(
          "1/7",
          "building EmojiScenes ("
              + plan.train()
              + " bootstrap images with "
              + plan.observed()
              + " labels, "
              + plan.stream()
              + " to stream, "
              + plan.test()
              + " test)");
      dataset(data, "es", plan.train(), plan.test(), plan.observed(), plan.seed());
      dataset(
          streamData, "stream", 0, plan.stream(), ObservedLabels.parse("full"), plan.seed() + 1);
      Path labels = data.resolve("labels.json");
      Vocabulary vocab = Vocabulary.load(labels);
      List<ManifestEntry> bootstrap = Manifest.read(data.resolve("train.jsonl"));
      List<ManifestEntry> test = Manifest.read(data.resolve("test.jsonl"));
      List<ManifestEntry> stream = Manifest.read(streamData.resolve("test.jsonl"));

      ObservedCounts counts =
          ObservedCounts.of(
              TrainingData.of(bootstrap, new LabelTargets(vocab, true)).targets(),
              TrainingData.of(test, new LabelTargets(vocab, true)).truth());
      summary.bootstrap(counts, Losses.describe(LossSpec.parse(plan.loss(), List.of())));
      out.printf(
          "      observed positives per label in the bootstrap, over the %d labels in the test set: %s%n",
          counts.labelsInTest(), counts.describe());
      phase(
          "2/7",
          "starting "
              + (plan.serde() == null ? "a local schema registry, " : "")
              + "an embedded Kafka broker and the ingest, worker and feedback services");
      Path runDir = plan.dir().resolve("run-" + System.currentTimeMillis());
      // serde=registry: the services register their subjects when the broker is up, as in a
      // deployment.
      KafkaConfig kc = new KafkaConfig(null, "", 4, (short) 1, runDir, 0);
      List<Service> services = new ArrayList<>();
      try (LocalRegistry registry = plan.serde() == null ? startRegistry(runDir) : null;
          KafkaRuntime kafka =
              KafkaRuntime.open(
                  kc.withSerde(
                      registry == null
                          ? plan.serde()
                          : new SerdeConfig(Format.REGISTRY, registry.url(), null)));
          TopicWatcher watch = new TopicWatcher(kafka.config());
          // Declared last, so closed first: services still need the broker (and registry) to close
          // cleanly.
          AutoCloseable stopServices = () -> closeLastFirst(services)) {
        Settings settings = serviceSettings(runDir, labels);
        Map<String, Service> byName = new HashMap<>();
        for (ServiceFactory f : factories) {
          if (!f.name().equals("trainer")) {
            byName.put(f.name(), start(f, kafka.config(), settings, services));
          }
        }
        IngestCalls ingest = new IngestCalls(byName.get("ingest").httpPort(), null);
        out.printf(
            "      review UI: http://127.0.0.1:%d/review/ (open it while the demo runs)%n",
            byName.get("ingest").httpPort());

        phase(
            "3/7",
            "bootstrap: submitting "
                + bootstrap.size()
                + " images with their known labels; once feedback"
                + " has folded them into label-state, the trainer starts and trains the first model ("
                + summary.loss()
                + ", a head on the shipped backbone)");
        ingest.acceptAll("/v1/images", bootstrap.stream().map(e -> image(e, true)).toList());
        // The trainer joins only now, so its first trigger sees the whole bootstrap, not the part
        // folded so far.
        boolean folded =
            TopicWatcher.await(
                () -> bootstrap.stream().allMatch(watch::hasLabels),
                plan.timeout(),
                () ->
                    err.printf(
                        "\r      label-state holds %d/%d bootstrap images ... %s",
                        bootstrap.stream().filter(watch::hasLabels).count(),
                        bootstrap.size(),
                        clock()));
        err.println();
        if (!folded) {
          throw new IllegalStateException(
              "feedback did not fold the bootstrap within " + plan.timeout());
        }
        for (ServiceFactory f : factories) {
          if (f.name().equals("trainer")) {
            byName.put(f.name(), start(f, kafka.config(), settings, services));
          }
        }
        ModelRelease v1 = awaitRelease(watch, 1, "first model");

        int half = stream.size() / 2;
        List<ManifestEntry> before = stream.subList(0, half);
        List<ManifestEntry> after = stream.subList(half, stream.size());
        phase("4/7", "streaming " + before.size() + " new images (no labels) to the worker");
        double rate1 = streamAndAwait(ingest, watch, before);
        summary.throughput(v1.getVersion(), rate1);

        Map<String, ManifestEntry> truthById = new HashMap<>();
        stream.forEach(e -> truthById.put(e.id(), e));
        // The trainer retrains after a bootstrap's worth of new confirmations (images that were
        // only scored are
        // no evidence), so the reviewer makes exactly that many decisions.
        long budget = plan.reviews();
        phase(
            "5/7",
            "a simulated reviewer confirms and rejects labels of the scored images through the API ("
                + budget
                + " decisions, enough new evidence to trigger a retrain)");
        int posted = review(ingest, watch, before, truthById, vocab, budget);
        summary.reviewed(v1.getVersion(), posted);
        ModelRelease v2 = awaitRelease(watch, 2, "retrained candidate");

        String current = currentVersion(watch);
        MetricsScrape worker = new MetricsScrape(byName.get("worker").httpPort());
        TopicWatcher.await(
            () -> current.equals(loaded(worker)),
            plan.timeout(),
            () -> err.printf("\r      waiting for the worker to load %s ... %s", current, clock()));
        err.println();
        phase(
            "6/7",
            "streaming "
                + after.size()
                + " more images: the worker has loaded "
                + loaded(worker)
                + " and switches to it between batches, without a restart");
        double rate2 = streamAndAwait(ingest, watch, after);
        String served = currentVersion(watch);
        summary.throughput(served, rate2);
        long servedByNew =
            after.stream()
                .map(e -> watch.predictions.get(e.id()))
                .filter(p -> p != null && p.getModelVersion().equals(v2.getVersion()))
                .count();
        int posted2 =
            review(
                ingest,
                watch,
                after.subList(0, Math.min(after.size(), 150)),
                truthById,
                vocab,
                Math.max(1, plan.reviews() / 4));
        summary.reviewed(served, posted2);
        Thread.sleep(
            3000); // let the feedback app fold the last confirmations into its quality meters

        phase(
            "7/7",
            "evaluating every version on the "
                + test.size()
                + "-image test set and writing the report");
        summary.onlineQuality(new MetricsScrape(byName.get("feedback").httpPort()).fetch());
        for (ModelRelease r : watch.releases) {
          summary.release(
              r,
              DemoEvaluation.evaluate(
                  r, data.resolve("test.jsonl"), plan.dir().resolve("reports"), err));
        }
        summary.failures(watch.failures.size());
        summary.note(
            v2.getStatus() == ReleaseStatus.PROMOTED
                ? servedByNew
                    + " of "
                    + after.size()
                    + " images after the retrain were scored by "
                    + v2.getVersion()
                    + " (hot swap, no restart)"
                : v2.getVersion()
                    + " was rejected by the promotion gate ("
                    + v2.getReason()
                    + "); "
                    + v1.getVersion()
                    + " kept serving");
        Path report = summary.writeHtml(plan.dir().resolve("demo-report.html"));
        out.print(summary.table());
        out.printf("%nreport: %s%ntotal time: %s%n", report, clock());
      }
      return 0;
    }

    private static void closeLastFirst(List<Service> services) throws Exception {
      for (int i = services.size() - 1; i >= 0; i--) {
        services.get(i).close();
      }
    }

    /** Stopped by the try that opens it, or by its shutdown hook on Ctrl-C. */
    private LocalRegistry startRegistry(Path runDir) {
      Path log = runDir.resolve("schema-registry.log");
      LocalRegistry registry = LocalRegistry.start(new LocalRegistryConfig(log, null, true, err));
      out.printf(
          "      schema registry: %s (Apicurio Registry, in memory, stopped at the end; log %s)%n",
          registry.url(), log);
      return registry;
    }

    private void dataset(
        Path dir, String prefix, int train, int test, ObservedLabels observed, long seed) {
      if (Files.exists(dir.resolve("dataset.json")) && Files.exists(dir.resolve("test.jsonl"))) {
        out.println("      reusing " + dir);
        return;
      }
      new EmojiScenesBuilder(
              new EmojiScenesConfig(
                      plan.vendors(),
                      dir,
                      train,
                      0,
                      test,
                      seed,
                      observed,
                      plan.size(),
                      plan.assets(),
                      plan.cache())
                  .withIdPrefix(prefix),
              new ProgressBar(err, System.console() != null))
          .build();
    }

    private Settings serviceSettings(Path runDir, Path labels) {
      List<String> flags =
          new ArrayList<>(
              List.of(
                  "--data-dir",
                  runDir.toString(),
                  "--ingest.vocabulary",
                  labels.toString(),
                  "--feedback.vocabulary",
                  labels.toString(),
                  "--trainer.vocabulary",
                  labels.toString(),
                  "--trainer.registry",
                  runDir.resolve("registry").toString(),
                  // The first training starts with the trainer (after the bootstrap); the retrain
                  // once the reviewer's
                  // decisions are in, and never on a timer during the demo.
                  "--trainer.min-new-confirmations",
                  Integer.toString(plan.reviews()),
                  "--trainer.min-interval",
                  "0s",
                  "--trainer.max-interval",
                  "24h",
                  "--trainer.epochs",
                  Integer.toString(plan.epochs()),
                  "--trainer.loss",
                  plan.loss(),
                  "--worker.file-roots",
                  plan.dir().toString(),
                  "--trainer.file-roots",
                  plan.dir().toString(),
                  "--ingest.file-roots",
                  plan.dir().toString()));
      List<Setting> all = new ArrayList<>();
      for (ServiceFactory f : factories) {
        flags.add("--" + f.name() + ".http-port");
        flags.add("0");
        all.addAll(f.settings());
      }
      all.addAll(dev.tagstream.core.config.KafkaSettings.all());
      return Settings.parse(all.stream().distinct().toList(), flags, Map.of());
    }

    private Service start(ServiceFactory f, KafkaConfig kc, Settings s, List<Service> started) {
      Service svc = f.create(kc, s);
      started.add(svc);
      svc.start();
      out.printf("      %-9s http://127.0.0.1:%d/metrics%n", f.name(), svc.httpPort());
      return svc;
    }

    private ModelRelease awaitRelease(TopicWatcher watch, int n, String what)
        throws InterruptedException {
      boolean ok =
          TopicWatcher.await(
              () -> watch.releases.size() >= n,
              plan.timeout(),
              () -> err.printf("\r      waiting for the %s ... %s", what, clock()));
      err.println();
      if (!ok) {
        throw new IllegalStateException(
            "no " + what + " within " + plan.timeout() + " (see the trainer's log lines)");
      }
      ModelRelease r = watch.releases.get(n - 1);
      out.printf("      %s %s: %s%n", r.getVersion(), r.getStatus(), r.getReason());
      return r;
    }

    private double streamAndAwait(
        IngestCalls ingest, TopicWatcher watch, List<ManifestEntry> images)
        throws InterruptedException {
      long start = System.nanoTime();
      ingest.acceptAll("/v1/images", images.stream().map(e -> image(e, false)).toList());
      Function<Void, Long> done =
          v ->
              images.stream()
                  .filter(
                      e ->
                          watch.predictions.containsKey(e.id())
                              || watch.failures.containsKey(e.id()))
                  .count();
      boolean ok =
          TopicWatcher.await(
              () -> done.apply(null) == images.size(),
              plan.timeout(),
              () ->
                  err.printf(
                      "\r      scored %d/%d ... %s", done.apply(null), images.size(), clock()));
      double seconds = (System.nanoTime() - start) / 1e9;
      err.println();
      if (!ok) {
        throw new IllegalStateException(
            "only " + done.apply(null) + " of " + images.size() + " images were scored in time");
      }
      double rate = images.size() / seconds;
      out.printf(
          "      %d images scored end to end in %.1f s (%.1f images/s)%n",
          images.size(), seconds, rate);
      return rate;
    }

    private int review(
        IngestCalls ingest,
        TopicWatcher watch,
        List<ManifestEntry> images,
        Map<String, ManifestEntry> truthById,
        Vocabulary vocab,
        long budget) {
      List<JsonNode> decisions = new ArrayList<>();
      SimulatedReviewer quick = new SimulatedReviewer(5, 2);
      SimulatedReviewer thorough = new SimulatedReviewer(5, Integer.MAX_VALUE);
      for (SimulatedReviewer reviewer : List.of(quick, thorough)) {
        Set<String> done = new HashSet<>();
        decisions.forEach(d -> done.add(d.get("id").asText() + "\u0000" + d.get("label").asText()));
        for (ManifestEntry e : images) {
          Prediction p = watch.predictions.get(e.id());
          if (p == null || decisions.size() >= budget) {
            continue;
          }
          ManifestEntry truth = truthById.get(e.id());
          List<String> leaves =
              truth.positives().stream()
                  .filter(
                      l -> "emoji".equals(vocab.defs().get(vocab.indexOf(l)).extra().get("level")))
                  .toList();
          List<String> order = new ArrayList<>(leaves);
          truth.positives().stream().filter(l -> !leaves.contains(l)).forEach(order::add);
          for (SimulatedReviewer.Decision d :
              reviewer.review(p, new HashSet<>(truth.positives()), order)) {
            if (decisions.size() < budget && done.add(d.imageId() + "\u0000" + d.label())) {
              ObjectNode o = new ObjectMapper().createObjectNode();
              o.put("id", d.imageId())
                  .put("label", d.label())
                  .put("state", d.state())
                  .put("source", "demo-reviewer");
              decisions.add(o);
            }
          }
        }
      }
      ingest.acceptAll("/v1/labels", decisions);
      out.printf("      %d decisions posted%n", decisions.size());
      return decisions.size();
    }

    private String loaded(MetricsScrape worker) {
      try {
        return worker.loadedVersion();
      } catch (java.io.IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    private String currentVersion(TopicWatcher watch) {
      String v = "(none)";
      for (ModelRelease r : watch.releases) {
        if (r.getStatus() == ReleaseStatus.PROMOTED) {
          v = r.getVersion();
        }
      }
      return v;
    }

    private ObjectNode image(ManifestEntry e, boolean withLabels) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("id", e.id()).put("uri", e.uri()).put("source", "demo");
      if (withLabels) {
        e.positives().forEach(o.putArray("labels")::add);
      }
      return o;
    }

    private void phase(String step, String text) {
      out.printf("[%s %s] %s%n", clock(), step, text);
      out.flush();
    }

    private String clock() {
      long s = (System.nanoTime() - t0) / 1_000_000_000L;
      return String.format("%d:%02d", s / 60, s % 60);
    }
  }
}
