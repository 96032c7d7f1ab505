package dev.tagstream.model.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.tagstream.model.artifact.ArtifactJson;
import dev.tagstream.model.artifact.ArtifactWriter;
import dev.tagstream.model.artifact.LabelReport;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ModelInfo;
import dev.tagstream.model.artifact.TrainingSummary;
import dev.tagstream.model.data.ImageSource;
import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.infer.HierarchySmoothing;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.loss.PartialLabelLoss;
import dev.tagstream.model.metrics.MacroMap;
import dev.tagstream.model.metrics.MetricSet;
import dev.tagstream.model.metrics.ThresholdCalibrator;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.Backbones;
import dev.tagstream.model.nn.HeadExpansion;
import dev.tagstream.model.nn.TaggerNetwork;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a tagger from manifests (end to end, or head-only on cached backbone embeddings),
 * calibrates per-label thresholds on validation, and writes a versioned artifact. A warm-start
 * artifact supplies the backbone and the head (expanded when the label set grew or shrank: the rows
 * of the labels it had are kept). Images come from an {@link ImageSource}; one it cannot read is
 * left out and counted in the training summary, and a training fails for that only when no training
 * or no validation image is left.
 */
public final class ModelTrainer {
  private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);

  private final TrainingConfig cfg;
  private final ProgressBar progress;
  private final Path backboneFile;
  private final ImageSource images;

  /** Reads local files (see {@link ImageSource#localFiles()}). */
  public ModelTrainer(TrainingConfig cfg, ProgressBar progress) {
    this(cfg, progress, null);
  }

  /**
   * @param backboneFile the TorchScript module a torchscript cfg.backbone() starts from when there
   *     is no warm-start artifact (frozen with head-only, fine-tuned otherwise); null for the
   *     built-in backbone
   */
  public ModelTrainer(TrainingConfig cfg, ProgressBar progress, Path backboneFile) {
    this(cfg, progress, backboneFile, ImageSource.localFiles());
  }

  public ModelTrainer(
      TrainingConfig cfg, ProgressBar progress, Path backboneFile, ImageSource images) {
    this.cfg = cfg;
    this.progress = progress;
    this.backboneFile = backboneFile;
    this.images = images;
  }

  /**
   * @param warmStart artifact to start from, or null; @param out the version directory to create
   */
  public ModelArtifact train(
      List<ManifestEntry> trainSet,
      List<ManifestEntry> valSet,
      Vocabulary vocab,
      ModelArtifact warmStart,
      Path out,
      String version) {
    if (trainSet.isEmpty() || valSet.isEmpty()) {
      throw new IllegalArgumentException("training and validation sets must not be empty");
    }
    long t0 = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) cfg.seed());
    Device device = Devices.parse(cfg.device());
    BackboneSpec spec = warmStart != null ? warmStart.info().backbone() : cfg.backbone();
    if (!cfg.headOnly()) {
      spec.requireTrainable();
    }
    boolean sameLabels = warmStart != null && warmStart.vocabulary().hash().equals(vocab.hash());
    PartialLabelLoss loss = Losses.create(cfg.loss(), vocab.size());
    LabelTargets targets = new LabelTargets(vocab, true);
    ImagePreprocessor pre = new ImagePreprocessor(spec.inputSize());
    String weightsFile = Backbones.fileName(spec);
    Path torchScript = torchScriptSource(spec, warmStart);
    try (Model model = Model.newInstance("tagger", device);
        ManifestImages reader = new ManifestImages(images)) {
      TaggerNetwork net =
          torchScript != null
              ? new TaggerNetwork(
                  spec, loadTorchScript(spec, torchScript, model.getNDManager()), vocab.size())
              : new TaggerNetwork(spec, vocab.size());
      FitLoop.Result r;
      TrainingData train;
      TrainingData val;
      int unreadable;
      if (cfg.headOnly()) {
        NDManager m = model.getNDManager();
        String backboneVersion =
            torchScript == null
                ? initBackbone(net.backbone(), m, warmStart, spec)
                : warmStart != null
                    ? warmStart.info().files().get(weightsFile) // verified when the artifact loaded
                    : ArtifactJson.sha256(torchScript);
        EmbeddingCache cache =
            EmbeddingCache.load(cfg.embeddingCache(), backboneVersion, spec.embeddingDim());
        ManifestImages.Read<float[]> trainEmb =
            EmbeddingExtractor.embed(
                net.backbone(), m, pre, trainSet, cache, cfg.embeddingCache(), progress, reader);
        ManifestImages.Read<float[]> valEmb =
            EmbeddingExtractor.embed(
                net.backbone(), m, pre, valSet, cache, cfg.embeddingCache(), progress, reader);
        requireUsable(trainEmb, valEmb);
        train = TrainingData.of(trainEmb.entries(), targets);
        val = TrainingData.of(valEmb.entries(), targets);
        unreadable = trainEmb.unreadable() + valEmb.unreadable();
        model.setBlock(net.head());
        r =
            new FitLoop(cfg, loss, progress, device)
                .run(
                    model,
                    embeddings(trainEmb),
                    train,
                    embeddings(valEmb),
                    val,
                    () -> loadHead(net.head(), m, warmStart, vocab, spec, sameLabels));
      } else {
        model.setBlock(net.full());
        ManifestImages.Read<BufferedImage> trainImages = reader.read(trainSet, Function.identity());
        ManifestImages.Read<BufferedImage> valImages = reader.read(valSet, Function.identity());
        requireUsable(trainImages, valImages);
        train = TrainingData.of(trainImages.entries(), targets);
        val = TrainingData.of(valImages.entries(), targets);
        unreadable = trainImages.unreadable() + valImages.unreadable();
        NDManager m = model.getNDManager();
        r =
            new FitLoop(cfg, loss, progress, device)
                .run(
                    model,
                    ImageInputs.of(trainImages.values(), pre, cfg.augment()),
                    train,
                    ImageInputs.of(valImages.values(), pre, false),
                    val,
                    () -> {
                      if (warmStart != null && BackboneSpec.RESNET.equals(spec.type())) {
                        load(net.backbone(), m, warmStart.file(weightsFile));
                      }
                      loadHead(net.head(), m, warmStart, vocab, spec, sameLabels);
                    });
      }
      Checkpoint.restore(model.getBlock(), model.getNDManager(), r.bestParams());
      boolean[][] truth = val.truth();
      int[][] ancestors = vocab.ancestors();
      double gamma = HierarchySmoothing.select(r.bestValProbs(), truth, ancestors);
      float[][] valScores = HierarchySmoothing.apply(r.bestValProbs(), ancestors, gamma);
      float[] thresholds =
          new ThresholdCalibrator(cfg.minThresholdPositives()).calibrate(valScores, truth);
      Map<String, Double> metrics = MetricSet.compute(valScores, truth, thresholds);
      LabelReport labelReport =
          LabelReport.of(
              vocab.names(),
              train.size(),
              LabelReport.observe(train.targets(), train.known()),
              val.size(),
              EvaluationReport.positives(truth, vocab.size()),
              MacroMap.perLabel(valScores, truth),
              thresholds);
      TrainingSummary summary =
          new TrainingSummary(
              train.size(),
              val.size(),
              unreadable,
              train.labelStates(),
              r.history().size(),
              r.bestEpoch(),
              cfg.batchSize(),
              cfg.learningRate(),
              cfg.seed(),
              cfg.headOnly(),
              (System.nanoTime() - t0) / 1e9,
              r.history());
      ModelInfo info =
          new ModelInfo(
              ModelInfo.FORMAT,
              version,
              warmStart == null ? null : warmStart.info().version(),
              Instant.now().toString(),
              spec,
              spec.inputSize(),
              vocab.size(),
              vocab.hash(),
              cfg.loss(),
              summary,
              metrics,
              Map.of(),
              gamma);
      return ArtifactWriter.write(
          out,
          info,
          vocab,
          thresholds,
          List.of(weightsFile, TaggerNetwork.HEAD_PARAMS),
          dir -> {
            if (torchScript != null && cfg.headOnly()) {
              // frozen: the module file as given, byte for byte (its hash keys the embedding
              // caches)
              Files.copy(torchScript, dir.resolve(weightsFile));
            } else {
              Backbones.save(net.backbone(), dir.resolve(weightsFile));
            }
            TaggerNetwork.save(net.head(), dir.resolve(TaggerNetwork.HEAD_PARAMS));
            labelReport.write(dir);
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails the training when unreadable images left no training or no validation image: nothing to
   * learn from.
   */
  private static void requireUsable(ManifestImages.Read<?> train, ManifestImages.Read<?> val) {
    if (train.entries().isEmpty() || val.entries().isEmpty()) {
      throw new NoUsableImagesException(
          "no usable images left: "
              + train.entries().size()
              + " training and "
              + val.entries().size()
              + " validation images readable, "
              + (train.unreadable() + val.unreadable())
              + " unreadable");
    }
  }

  private static EmbeddingInputs embeddings(ManifestImages.Read<float[]> read) {
    return new EmbeddingInputs(read.values().toArray(new float[0][]));
  }

  /**
   * The TorchScript module a torchscript backbone starts from: the warm-start artifact's, else the
   * given file.
   */
  private Path torchScriptSource(BackboneSpec spec, ModelArtifact warmStart) {
    if (!BackboneSpec.TORCHSCRIPT.equals(spec.type())) {
      return null;
    }
    Path file = warmStart != null ? warmStart.file(spec.file()) : backboneFile;
    if (file == null) {
      throw new IllegalArgumentException(
          "a torchscript backbone needs its module file (--backbone-file)");
    }
    return file;
  }

  private Block loadTorchScript(BackboneSpec spec, Path file, NDManager m) throws IOException {
    try {
      return Backbones.load(spec, file, m, !cfg.headOnly());
    } catch (ai.djl.MalformedModelException e) {
      throw new IllegalStateException(
          "cannot load TorchScript backbone " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Warm-start backbone, or a fresh seeded one; returns the version key for the embedding cache.
   */
  private String initBackbone(
      Block backbone, NDManager m, ModelArtifact warmStart, BackboneSpec spec) {
    if (warmStart != null) {
      load(backbone, m, warmStart.file(TaggerNetwork.BACKBONE_PARAMS));
      return warmStart.info().files().get(TaggerNetwork.BACKBONE_PARAMS);
    }
    backbone.initialize(m, DataType.FLOAT32, new Shape(1, 3, spec.inputSize(), spec.inputSize()));
    return "random-seed" + cfg.seed() + "-" + spec.id();
  }

  /**
   * The previous head as it is for the same label set; for a changed one, expanded: the rows of the
   * labels it had are kept, new labels' rows start fresh (see {@link HeadExpansion}).
   */
  private static void loadHead(
      Block head,
      NDManager m,
      ModelArtifact warmStart,
      Vocabulary vocab,
      BackboneSpec spec,
      boolean sameLabels) {
    if (warmStart == null) {
      return;
    }
    Path previous = warmStart.file(TaggerNetwork.HEAD_PARAMS);
    if (sameLabels) {
      load(head, m, previous);
      return;
    }
    try {
      int kept =
          HeadExpansion.expand(
              head, m, spec.embeddingDim(), previous, warmStart.vocabulary(), vocab);
      log.info(
          "head expanded from {} ({} labels) to {} labels: {} rows kept, {} new",
          warmStart.info().version(),
          warmStart.vocabulary().size(),
          vocab.size(),
          kept,
          vocab.size() - kept);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException(
          "cannot load warm-start head " + previous + ": " + e.getMessage(), e);
    }
  }

  private static void load(Block block, NDManager m, Path file) {
    try {
      TaggerNetwork.load(block, m, file);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException(
          "cannot load warm-start weights " + file + ": " + e.getMessage(), e);
    }
  }
}
