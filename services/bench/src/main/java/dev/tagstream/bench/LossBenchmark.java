package dev.tagstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.datasets.DatasetException;
import dev.tagstream.datasets.ObservedLabels;
import dev.tagstream.datasets.ObservedManifests;
import dev.tagstream.datasets.SceneLayouts;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.infer.HierarchySmoothing;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.metrics.F1;
import dev.tagstream.model.metrics.MacroMap;
import dev.tagstream.model.metrics.MetricSet;
import dev.tagstream.model.metrics.ObservedCounts;
import dev.tagstream.model.metrics.PrecisionAtK;
import dev.tagstream.model.metrics.ThresholdCalibrator;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loss benchmark: pretrain (or reuse) the frozen backbone, embed every scene once, then for
 * each seed, regime and method train linear heads over the method's grid, select on validation, and
 * measure the selection on test.
 */
final class LossBenchmark {
  private final BenchConfig cfg;
  private final ProgressBar progress;
  private final PrintStream log;
  private final List<CellResult> outcomes = new ArrayList<>();
  private final List<BenchReport.TrialLog> trials = new ArrayList<>();
  private final Map<String, ObservedCounts> observedCounts = new LinkedHashMap<>();
  private HeadTrainer heads;
  private Vocabulary vocab;
  private Map<String, boolean[]> levelMasks;
  private Map<String, boolean[]> pretextMasks;
  private long trialsDone;
  private int[][] neighbours;

  private int[] trainObjects; // per training row, its scene's object count; null without layouts
  private float[][][] trainObjectCrops; // per training row, its objects' unit embeddings; or null
  private Labels picksFor; // the regime and seed the object picks below were made for (one each)
  private List<ObjectLabels.Pick> objectPicks;
  private float[][][] blendScores; // {val, test} prototype scores of the same regime and seed

  LossBenchmark(BenchConfig cfg, ProgressBar progress, PrintStream log) {
    this.cfg = cfg;
    this.progress = progress;
    this.log = log;
  }

  /** A selected cell and the train-set probabilities of its selection (for self-training). */
  private record Cell(
      CellResult outcome, float[][] trainProbs, float[][] valProbs, float[][] testProbs) {}

  /**
   * Labels of one regime and seed: train targets/known and validation truth, all after hierarchy
   * completion, and how many observed positives each label has (its seen mask scores mAP over
   * labels a loss could learn).
   */
  private record Labels(
      String regime,
      TrainingData train,
      boolean[][] valTruth,
      ObservedCounts counts,
      boolean[][] fullTrainTruth) {}

  BenchReport run(String command) {
    long t0 = System.nanoTime();
    vocab = Vocabulary.load(cfg.data().resolve("labels.json"));
    levelMasks = MetricSet.levelMasks(vocab.levels());
    List<ManifestEntry> train = Manifest.read(cfg.data().resolve("train.jsonl"));
    List<ManifestEntry> val = Manifest.read(cfg.data().resolve("val.jsonl"));
    List<ManifestEntry> test = Manifest.read(cfg.data().resolve("test.jsonl"));
    Map<String, Object> dataset = datasetInfo(vocab, train, val, test);
    List<String> vendors = vendors(dataset);
    pretextMasks = pretextSplit(vendors);
    if (!pretextMasks.isEmpty()) {
      log.printf(
          Locale.ROOT,
          "emoji labels the backbone's pretext had as classes: %d; not: %d (test mAP is also split so)%n",
          PretextSplit.size(pretextMasks.get(PretextSplit.SEEN)),
          PretextSplit.size(pretextMasks.get(PretextSplit.UNSEEN)));
    }

    try {
      Files.createDirectories(cfg.work());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path backboneFile;
    PretextBackbone.Report pretext;
    String embeddingsKey;
    if (cfg.pretrained() != null) {
      ModelArtifact a = ModelArtifact.load(cfg.pretrained());
      backboneFile = a.file(TaggerNetwork.BACKBONE_PARAMS);
      pretext = PretextBackbone.Report.fromMetrics(a.info().backbone(), a.info().metrics());
      embeddingsKey =
          "pretrained-" + a.info().files().get(TaggerNetwork.BACKBONE_PARAMS).substring(0, 16);
      log.println("backbone from " + a.dir() + " (" + a.info().backbone().id() + ")");
    } else {
      backboneFile =
          cfg.work()
              .resolve(
                  "backbone-"
                      + cfg.backbone().id()
                      + "-e"
                      + cfg.pretextEpochs()
                      + "-v"
                      + cfg.pretextViews()
                      + ".params");
      pretext = pretrained(backboneFile, vendors);
      embeddingsKey = backboneFile.getFileName().toString().replace(".params", "");
    }
    SceneEmbedder embedder =
        new SceneEmbedder(
            pretext.backbone(),
            backboneFile,
            cfg.work().resolve("embeddings-" + embeddingsKey + ".bin"));
    float[][] xTrain = embedder.embed(train, progress);
    float[][] xVal = embedder.embed(val, progress);
    float[][] xTest = embedder.embed(test, progress);

    LabelTargets targets = new LabelTargets(vocab, true);
    Map<String, SceneLayouts.Layout> layouts = SceneLayouts.read(cfg.data());
    Map<String, String> salient = SceneLayouts.salient(layouts);
    trainObjects = objectCounts(train, layouts);
    trainObjectCrops = objectCrops(embedder, train, layouts);
    boolean[][] testTruth = TrainingData.of(test, targets).truth();
    List<Method> methods = Methods.select(cfg.methods(), vocab.size());
    heads = new HeadTrainer(cfg.headEpochs(), cfg.batchSize(), cfg.weightDecay());
    progress.start("loss matrix", totalTrials(methods));
    for (long seed : cfg.seeds()) {
      FullTruth full =
          fullLabelRun(methods, seed, train, val, targets, xTrain, xVal, xTest, testTruth);
      for (String regime : cfg.regimes()) {
        ObservedLabels observed = ObservedLabels.parse(regime);
        TrainingData observedTrain =
            TrainingData.of(ObservedManifests.derive(train, observed, seed, salient), targets);
        Labels labels =
            new Labels(
                regime,
                observedTrain,
                cfg.fullValidation()
                    ? full.val()
                    : TrainingData.of(
                            ObservedManifests.derive(val, observed, seed, salient), targets)
                        .truth(),
                counts(regime, observedTrain, testTruth),
                full.train());
        List<Cell> cells = new ArrayList<>();
        for (Method m : methods) {
          if (!m.name().equals(Method.FULL) && !m.derived()) {
            cells.add(runGrid(m, labels, seed, grid(m), xTrain, xVal, xTest, testTruth, true));
          }
        }
        if (methods.stream().anyMatch(m -> m.name().equals(Method.SELF_TRAINING))
            && !cells.isEmpty()) {
          selfTraining(labels, seed, cells, vocab, xTrain, xVal, xTest, testTruth);
        }
        if (methods.stream().anyMatch(m -> m.name().equals(Method.NEIGHBOURS))
            && !cells.isEmpty()) {
          neighbourLabels(labels, seed, cells, vocab, xTrain, xVal, xTest, testTruth);
        }
        if (methods.stream().anyMatch(m -> m.name().equals(Method.HIERARCHY_SMOOTHING))
            && !cells.isEmpty()) {
          hierarchySmoothing(labels, seed, cells, vocab.ancestors(), testTruth);
        }
      }
    }
    progress.finish(
        String.format(
            Locale.ROOT,
            "%d heads trained; head training %.0f images/s (%d labels)",
            trialsDone,
            heads.imagesPerSecond(),
            vocab.size()));
    return new BenchReport(
        command,
        cfg,
        dataset,
        pretext,
        methods,
        outcomes,
        trials,
        observedCounts,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The regime's observed-positive counts; the first seed's are the ones reported (every seed's are
   * printed).
   */
  private ObservedCounts counts(String regime, TrainingData train, boolean[][] testTruth) {
    ObservedCounts c = ObservedCounts.of(train.targets(), testTruth);
    if (!observedCounts.containsKey(regime)) {
      observedCounts.put(regime, c);
      log.printf(
          Locale.ROOT,
          "%s: %d of %d labels in test seen positive in training; observed positives per label "
              + "(%s)%n",
          regime,
          c.seenInTest(),
          c.labelsInTest(),
          c.describe());
    }
    return c;
  }

  private List<Candidate> grid(Method m) {
    List<Candidate> g = new ArrayList<>();
    for (var loss : m.losses()) {
      for (double lr : cfg.learningRates()) {
        g.add(new Candidate(m.name(), loss, lr));
      }
    }
    return g;
  }

  private long totalTrials(List<Method> methods) {
    long perRegime = 0;
    long full = 0;
    for (Method m : methods) {
      long n =
          m.name().equals(Method.SELF_TRAINING)
              ? (long) selfTrainingGrid().size() * cfg.learningRates().size() + OUT_OF_FOLD_HEADS
              : m.name().equals(Method.NEIGHBOURS)
                  ? Methods.neighbourGrid().size() * (long) cfg.learningRates().size()
                  : (long) m.losses().size() * cfg.learningRates().size();
      if (m.name().equals(Method.FULL)) {
        full += n;
      } else {
        perRegime += n;
      }
    }
    return cfg.seeds().size() * (full + perRegime * cfg.regimes().size());
  }

  /**
   * The best other method's (on validation) probabilities rescored through the hierarchy; gamma
   * chosen on validation.
   */
  private void hierarchySmoothing(
      Labels labels, long seed, List<Cell> cells, int[][] ancestors, boolean[][] testTruth) {
    Cell base = best(cells);
    Candidate from = base.outcome().selected();
    List<Trial> tried = new ArrayList<>();
    float[][][] best = null;
    double bestScore = Double.NaN;
    long t0 = System.nanoTime();
    for (double gamma : Methods.HIERARCHY_GAMMAS) {
      float[][] val = HierarchySmoothing.apply(base.valProbs(), ancestors, gamma);
      Map<String, Double> extra = new LinkedHashMap<>(from.extra());
      extra.put("gamma", gamma);
      Trial t =
          new Trial(
              new Candidate(Method.HIERARCHY_SMOOTHING, from.loss(), from.learningRate(), extra),
              MacroMap.of(val, labels.valTruth()));
      if (Double.isNaN(bestScore) || t.valScore() > bestScore) {
        bestScore = t.valScore();
        best = new float[][][] {val, HierarchySmoothing.apply(base.testProbs(), ancestors, gamma)};
      }
      tried.add(t);
      log(labels.regime(), seed, t, 0);
    }
    record(labels, seed, tried, best, testTruth, t0);
  }

  private static Cell best(List<Cell> cells) {
    Cell base = cells.get(0);
    for (Cell c : cells) {
      if (c.outcome().valScore() > base.outcome().valScore()) {
        base = c;
      }
    }
    return base;
  }

  /** The full labels' validation and training truths: all of them the regimes need. */
  private record FullTruth(boolean[][] val, boolean[][] train) {}

  /**
   * The full-label run of one seed (when selected); returns only the truths, so that its targets
   * and known masks (650 MB at 40,000 scenes) are free for self-training's own copies.
   */
  private FullTruth fullLabelRun(
      List<Method> methods,
      long seed,
      List<ManifestEntry> train,
      List<ManifestEntry> val,
      LabelTargets targets,
      float[][] xTrain,
      float[][] xVal,
      float[][] xTest,
      boolean[][] testTruth) {
    TrainingData fullTrain = TrainingData.of(train, targets);
    Labels full =
        new Labels(
            Method.FULL,
            fullTrain,
            TrainingData.of(val, targets).truth(),
            counts(Method.FULL, fullTrain, testTruth),
            fullTrain.truth());
    for (Method m : methods) {
      if (m.name().equals(Method.FULL)) {
        runGrid(m, full, seed, grid(m), xTrain, xVal, xTest, testTruth, false);
      }
    }
    return new FullTruth(full.valTruth(), full.fullTrainTruth());
  }

  /**
   * Each training row's object count from the scene layouts, or null when a row has none (a dataset
   * built before scenes.jsonl): self-training then leaves out its "count" points.
   */
  private static int[] objectCounts(
      List<ManifestEntry> train, Map<String, SceneLayouts.Layout> layouts) {
    int[] counts = new int[train.size()];
    for (int i = 0; i < counts.length; i++) {
      SceneLayouts.Layout l = layouts.get(train.get(i).id());
      if (l == null) {
        return null;
      }
      counts[i] = l.labels().size();
    }
    return counts;
  }

  /**
   * Each training row's objects' crop embeddings at unit length, or null when a row's layout has no
   * positions (a dataset built before they were recorded): self-training then leaves out its
   * "objects" points.
   */
  private float[][][] objectCrops(
      SceneEmbedder embedder, List<ManifestEntry> train, Map<String, SceneLayouts.Layout> layouts) {
    if (train.stream()
        .anyMatch(e -> layouts.get(e.id()) == null || !layouts.get(e.id()).placed())) {
      return null;
    }
    float[][][] crops = embedder.embedObjects(train, layouts, progress);
    for (float[][] scene : crops) {
      for (int o = 0; o < scene.length; o++) {
        scene[o] = ObjectLabels.unit(scene[o]);
      }
    }
    return crops;
  }

  /** Self-training's grid points this dataset can run ("count" and "objects" need the layouts). */
  private List<Map<String, Double>> selfTrainingGrid() {
    return Methods.selfTrainingGrid().stream()
        .filter(p -> trainObjects != null || !p.containsKey("count"))
        .filter(p -> trainObjectCrops != null || !p.containsKey("objects"))
        .toList();
  }

  /**
   * The per-object picks and prototype scores of a regime and seed, made once from its observed
   * labels. The objects are centred and the observed leaves placed on them (ObjectLabels.assign);
   * every free object is scored by the votes of its nearest placed objects in the within-leaf
   * whitened space (Whitening); the placed objects' prototypes score the validation and test scenes
   * for the blend (PrototypeBlend). Diagnostics at 40,000 scenes, seed 1, against the training
   * scenes' full labels (which the method never sees): free objects whose best leaf is right,
   * cosine to prototypes 32 %, votes 37 %, votes after whitening 46 %
   * (bench/results/losses-40k-whitened.md).
   */
  private void prepareObjects(
      Labels labels, Vocabulary tree, float[][] xTrain, float[][] xVal, float[][] xTest) {
    if (picksFor == labels) {
      return;
    }
    float[][] targets = labels.train().targets();
    boolean[] leaf = tree.leaves();
    float[][][] centred = Whitening.centred(trainObjectCrops);
    int[][] assigned = ObjectLabels.assign(centred, targets, leaf, ObjectLabels.ASSIGN_ROUNDS);
    // placed in the centred space (placing in the whitened one put 2 points fewer right)
    ObjectLabels.Ranked[][] ranked =
        ObjectLabels.byNeighbours(
            Whitening.fit(centred, assigned, Whitening.SHRINKAGE).apply(centred),
            assigned,
            leaf.length,
            ObjectLabels.NEIGHBOURS,
            ObjectLabels.TEMPERATURE,
            ObjectLabels.KEEP);
    objectPicks =
        ObjectLabels.picks(ranked, targets, labels.train().known(), tree.ancestors(), leaf);
    PrototypeBlend blend =
        PrototypeBlend.fit(trainObjectCrops, assigned, tree.ancestors(), leaf.length, xTrain);
    blendScores = new float[][][] {blend.scores(xVal), blend.scores(xTest)};
    picksFor = labels;
  }

  /** The per-object picks prepareObjects made for these labels. */
  private List<ObjectLabels.Pick> objectPicks(Labels labels) {
    if (picksFor != labels) {
      throw new IllegalStateException("object picks were made for other labels");
    }
    return objectPicks;
  }

  /**
   * Best other method (on validation) as round one; its train probabilities make the
   * pseudo-positives of round two.
   */
  private void selfTraining(
      Labels labels,
      long seed,
      List<Cell> cells,
      Vocabulary tree,
      float[][] xTrain,
      float[][] xVal,
      float[][] xTest,
      boolean[][] testTruth) {
    Cell base = best(cells);
    Candidate round1 = base.outcome().selected();
    if (trainObjectCrops != null) {
      prepareObjects(labels, tree, xTrain, xVal, xTest);
    }
    float[][][] outOfFold = new float[1][][]; // trained on first use, once per regime and seed
    retrainWithPseudoLabels(
        Method.SELF_TRAINING,
        selfTrainingGrid(),
        point -> {
          float[][] probs = base.trainProbs();
          if (point.getOrDefault("oof", 0.0) > 0) {
            if (outOfFold[0] == null) {
              outOfFold[0] = outOfFold(labels, seed, round1, xTrain);
            }
            probs = outOfFold[0];
          }
          PseudoLabels.Result r = pseudoLabels(point, probs, tree, labels);
          return r;
        },
        tree,
        labels,
        seed,
        base.outcome().selected(),
        xTrain,
        xVal,
        xTest,
        testTruth);
  }

  /** A self-training point's pseudo-labels from the given train-set probabilities. */
  private PseudoLabels.Result pseudoLabels(
      Map<String, Double> point, float[][] probs, Vocabulary tree, Labels labels) {
    float[][] targets = labels.train().targets();
    float[][] known = labels.train().known();
    PseudoLabels upward = new PseudoLabels(tree, PseudoLabels.Descent.OFF, Double.NaN);
    PseudoLabels.Result r =
        point.containsKey("quota")
            ? PriorQuota.apply(upward, targets, known, probs, point.get("quota"))
            : new PseudoLabels(tree, Methods.descent(point), point.getOrDefault("tau", Double.NaN))
                .apply(targets, known, probs);
    if (point.containsKey("objects")) {
      r = ObjectLabels.fillInPlace(upward, r, objectPicks(labels), point.get("objects"));
    }
    return point.containsKey("count")
        ? ObjectCountFill.fillInPlace(upward, r, probs, trainObjects, tree.leaves())
        : r; // r is this call's own copy
  }

  /**
   * The labels a point trains on: with "once", each pseudo-positive scaled to count as one positive
   * under round one's loss (Losses.pseudoPositiveScale).
   */
  private static PseudoLabels.Result counted(
      Map<String, Double> point,
      PseudoLabels.Result r,
      Candidate round1,
      Labels labels,
      Vocabulary tree) {
    if (point.getOrDefault("once", 0.0) <= 0) {
      return r;
    }
    float[] scale =
        PseudoLabels.weighted(
            Losses.pseudoPositiveScale(round1.loss(), labels.train().known()[0].length, tree),
            point.getOrDefault("weight", 1.0));
    return PseudoLabels.countOnce(r, labels.train().known(), scale);
  }

  /**
   * Round one's loss again, on labels enlarged by the k nearest training scenes' observed labels.
   */
  private void neighbourLabels(
      Labels labels,
      long seed,
      List<Cell> cells,
      Vocabulary tree,
      float[][] xTrain,
      float[][] xVal,
      float[][] xTest,
      boolean[][] testTruth) {
    if (neighbours == null) {
      int kMax =
          Methods.neighbourGrid().stream().mapToInt(p -> p.get("k").intValue()).max().orElseThrow();
      neighbours = Neighbours.of(xTrain, kMax); // embeddings are fixed: once per run
    }
    PseudoLabels hierarchy = new PseudoLabels(tree, PseudoLabels.Descent.OFF, Double.NaN);
    retrainWithPseudoLabels(
        Method.NEIGHBOURS,
        Methods.neighbourGrid(),
        point ->
            NeighbourVotes.apply(
                hierarchy,
                labels.train().targets(),
                labels.train().known(),
                neighbours,
                point.get("k").intValue(),
                point.get("tau")),
        tree,
        labels,
        seed,
        best(cells).outcome().selected(),
        xTrain,
        xVal,
        xTest,
        testTruth);
  }

  /** Heads outOfFold trains per regime and seed: one per half. */
  private static final int OUT_OF_FOLD_HEADS = 2;

  /**
   * Train-set probabilities out of fold: each image scored by round one's candidate trained on the
   * other half (even and odd rows), so that its pseudo-labels come from a model that did not fit
   * its observed labels. Throws when a head diverges twice (no silent in-sample fallback).
   */
  private float[][] outOfFold(Labels labels, long seed, Candidate c, float[][] xTrain) {
    int n = xTrain.length;
    float[][] probs = new float[n][];
    for (int fold = 0; fold < OUT_OF_FOLD_HEADS; fold++) {
      List<Integer> fit = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        (i % OUT_OF_FOLD_HEADS == fold ? held : fit).add(i);
      }
      float[][][] p =
          trainWithRetry(
              labels,
              seed,
              c,
              rows(xTrain, fit),
              rows(labels.train().targets(), fit),
              rows(labels.train().known(), fit),
              List.<float[][]>of(rows(xTrain, held)));
      if (p == null) {
        // no silent fallback to in-sample probabilities: the grid point would not be what it says
        throw new IllegalStateException(
            "self-training: the out-of-fold head (" + c.describe() + ") diverged twice");
      }
      for (int j = 0; j < held.size(); j++) {
        probs[held.get(j)] = p[0][j];
      }
    }
    return probs;
  }

  private static float[][] rows(float[][] m, List<Integer> idx) {
    float[][] r = new float[idx.size()][];
    for (int j = 0; j < r.length; j++) {
      r[j] = m[idx.get(j)];
    }
    return r;
  }

  private void retrainWithPseudoLabels(
      String method,
      List<Map<String, Double>> grid,
      java.util.function.Function<Map<String, Double>, PseudoLabels.Result> pseudo,
      Vocabulary tree,
      Labels labels,
      long seed,
      Candidate round1,
      float[][] xTrain,
      float[][] xVal,
      float[][] xTest,
      boolean[][] testTruth) {
    List<Trial> tried = new ArrayList<>();
    float[][][] best = null;
    double bestScore = Double.NaN;
    long t0 = System.nanoTime();
    boolean[] every = new boolean[tree.size()];
    java.util.Arrays.fill(every, true);
    for (Map<String, Double> point : grid) {
      PseudoLabels.Result r = pseudo.apply(point);
      Map<String, Double> diagnostics = new LinkedHashMap<>();
      diagnostics.put("pseudo-per-image", (double) r.added() / r.targets().length);
      // against the training manifests' own labels (full in EmojiScenes): what limits the method
      diagnostics.put(
          "pseudo-precision",
          PseudoLabels.precision(r, labels.train().known(), labels.fullTrainTruth(), every));
      diagnostics.put(
          "pseudo-leaf-precision",
          PseudoLabels.precision(
              r, labels.train().known(), labels.fullTrainTruth(), tree.leaves()));
      r = counted(point, r, round1, labels, tree);
      for (double lr : cfg.learningRates()) {
        Map<String, Double> extra = new LinkedHashMap<>(point);
        extra.putAll(diagnostics);
        float[][][] trained =
            trainWithRetry(
                labels,
                seed,
                new Candidate(method, round1.loss(), lr, extra),
                xTrain,
                r.targets(),
                r.known(),
                List.of(xVal, xTest));
        // a per-object point is also tried with the objects' prototype scores blended in
        List<Double> blends = point.containsKey("objects") ? Methods.BLEND_WEIGHTS : List.of(0.0);
        for (double alpha : blends) {
          Map<String, Double> blended = new LinkedHashMap<>(extra);
          float[][][] probs = trained;
          if (alpha > 0) {
            blended.put("blend", alpha);
            probs =
                trained == null
                    ? null
                    : new float[][][] {
                      PrototypeBlend.blend(trained[0], blendScores[0], alpha),
                      PrototypeBlend.blend(trained[1], blendScores[1], alpha)
                    };
          }
          Trial t =
              new Trial(
                  new Candidate(method, round1.loss(), lr, blended),
                  probs == null ? Double.NaN : MacroMap.of(probs[0], labels.valTruth()));
          if (!Double.isNaN(t.valScore())
              && (Double.isNaN(bestScore) || t.valScore() > bestScore)) {
            bestScore = t.valScore();
            best = probs;
          }
          tried.add(t);
          log(labels.regime(), seed, t, 0);
        }
      }
    }
    record(labels, seed, tried, best, testTruth, t0);
  }

  private Cell runGrid(
      Method m,
      Labels labels,
      long seed,
      List<Candidate> grid,
      float[][] xTrain,
      float[][] xVal,
      float[][] xTest,
      boolean[][] testTruth,
      boolean keepTrain) {
    long t0 = System.nanoTime();
    List<Trial> tried = new ArrayList<>();
    float[][][] best = null;
    double bestScore = Double.NaN;
    for (Candidate c : grid) {
      List<float[][]> sets = keepTrain ? List.of(xVal, xTest, xTrain) : List.of(xVal, xTest);
      float[][][] probs =
          trainWithRetry(
              labels, seed, c, xTrain, labels.train().targets(), labels.train().known(), sets);
      Trial t = new Trial(c, probs == null ? Double.NaN : MacroMap.of(probs[0], labels.valTruth()));
      if (!Double.isNaN(t.valScore()) && (Double.isNaN(bestScore) || t.valScore() > bestScore)) {
        bestScore = t.valScore();
        best = probs;
      }
      tried.add(t);
      log(labels.regime(), seed, t, 0);
    }
    CellResult o = record(labels, seed, tried, best, testTruth, t0);
    return new Cell(
        o,
        keepTrain && best != null ? best[2] : null,
        best == null ? null : best[0],
        best == null ? null : best[1]);
  }

  private CellResult record(
      Labels labels,
      long seed,
      List<Trial> tried,
      float[][][] best,
      boolean[][] testTruth,
      long t0) {
    Trial selected = GridSelection.best(tried);
    float[] thresholds = new ThresholdCalibrator(3).calibrate(best[0], labels.valTruth());
    Map<String, Double> test = new LinkedHashMap<>();
    test.put(CellResult.MAP, MacroMap.of(best[1], testTruth));
    test.put(CellResult.MAP_SEEN, MacroMap.of(best[1], testTruth, labels.counts().seen()));
    for (Map<String, boolean[]> masks : List.of(levelMasks, pretextMasks)) {
      for (Map.Entry<String, boolean[]> part : masks.entrySet()) {
        test.put(
            CellResult.MAP + " " + part.getKey(), MacroMap.of(best[1], testTruth, part.getValue()));
      }
    }
    test.put(CellResult.MICRO_F1, F1.micro(best[1], testTruth, thresholds));
    test.put(CellResult.P1, PrecisionAtK.of(best[1], testTruth, 1));
    CellResult o =
        new CellResult(
            labels.regime(),
            selected.candidate().method(),
            seed,
            selected.candidate(),
            selected.valScore(),
            test,
            tried.size(),
            (System.nanoTime() - t0) / 1e9);
    outcomes.add(o);
    progress.finish(
        String.format(
            Locale.ROOT,
            "%s %s seed %d: selected %s (val mAP %.4f) -> test mAP %.4f",
            o.regime(),
            o.method(),
            seed,
            selected.candidate().describe(),
            o.valScore(),
            test.get(CellResult.MAP)));
    return o;
  }

  /**
   * {val, test[, train]} probabilities, or null when the loss stayed non-finite after one retry.
   */
  private float[][][] trainWithRetry(
      Labels labels,
      long seed,
      Candidate c,
      float[][] x,
      float[][] t,
      float[][] k,
      List<float[][]> sets) {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        List<float[][]> p =
            heads.train(x, t, k, Losses.create(c.loss(), vocab), c.learningRate(), seed, sets);
        trialsDone++;
        progress.update(trialsDone, Double.NaN);
        if (attempt > 0) {
          trials.add(
              new BenchReport.TrialLog(
                  labels.regime(),
                  c.method(),
                  seed,
                  c.describe() + " (retry)",
                  Double.NaN,
                  attempt));
        }
        return p.toArray(new float[0][][]);
      } catch (HeadTrainer.NonFiniteException e) {
        log.println(
            "non-finite: "
                + e.getMessage()
                + (attempt == 0 ? "; retrying once" : "; counted as NaN"));
      }
    }
    trialsDone++;
    return null;
  }

  private void log(String regime, long seed, Trial t, int retries) {
    trials.add(
        new BenchReport.TrialLog(
            regime, t.candidate().method(), seed, t.candidate().describe(), t.valScore(), retries));
  }

  private PretextBackbone.Report pretrained(Path backboneFile, List<String> vendors) {
    Path reportFile = Path.of(backboneFile + ".json");
    ObjectMapper json = new ObjectMapper();
    try {
      if (Files.exists(backboneFile) && Files.exists(reportFile)) {
        log.println("reusing pretrained backbone " + backboneFile);
        return json.readValue(reportFile.toFile(), PretextBackbone.Report.class);
      }
      PretextSet set = PretextSet.load(vendors, cfg.assets(), cfg.cache());
      PretextBackbone.Report r =
          new PretextBackbone(
                  cfg.backbone(),
                  PretextTask.VIEWS,
                  cfg.pretextEpochs(),
                  cfg.pretextViews(),
                  cfg.pretextLr(),
                  7)
              .train(set, backboneFile, null, progress);
      json.writeValue(reportFile.toFile(), r);
      log.printf(
          Locale.ROOT,
          "pretext: %d classes, %d images, top-1 on fresh views %.3f, %.0f s%n",
          r.classes(),
          r.images(),
          r.top1(),
          r.seconds());
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Object> datasetInfo(
      Vocabulary vocab,
      List<ManifestEntry> train,
      List<ManifestEntry> val,
      List<ManifestEntry> test) {
    Map<String, Object> m = new LinkedHashMap<>();
    Path info = cfg.data().resolve("dataset.json");
    if (Files.exists(info)) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> built = new ObjectMapper().readValue(info.toFile(), Map.class);
        if (!"full".equals(built.get("observed"))) {
          throw new IllegalArgumentException(
              "--data "
                  + cfg.data()
                  + " was built with --observed "
                  + built.get("observed")
                  + "; build it with --observed full (the regimes are derived from the full labels)");
        }
        m.putAll(built);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    m.put("labels", vocab.size());
    m.put("images", Map.of("train", train.size(), "val", val.size(), "test", test.size()));
    return m;
  }

  /**
   * The emoji labels by whether the pretext had them (empty, said once, when the vocabulary has no
   * emoji or the emoji list cannot be read: the split is a diagnosis, not worth stopping a run
   * for).
   */
  private Map<String, boolean[]> pretextSplit(List<String> vendors) {
    if (!List.of(vocab.levels()).contains(PretextSplit.LEAF_LEVEL)) {
      return Map.of();
    }
    try {
      return PretextSplit.masks(
          vocab.names(), vocab.levels(), PretextSet.emojiNames(vendors, cfg.assets(), cfg.cache()));
    } catch (DatasetException | UncheckedIOException e) {
      log.println("test mAP not split by the pretext's emoji: " + e.getMessage());
      return Map.of();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> vendors(Map<String, Object> dataset) {
    Object v = dataset.get("vendors");
    return v instanceof List<?> l && !l.isEmpty() ? (List<String>) l : List.of("google", "twitter");
  }
}
