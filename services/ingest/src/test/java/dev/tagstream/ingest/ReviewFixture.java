package dev.tagstream.ingest;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Timings;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The review pages' test world: a vocabulary, a registry with three announced versions (v0002
 * current, its thresholds with a shared fallback of 0.4), PNG images under a file root, four
 * predictions and one earlier decision. Review values (see ReviewValue): img-cat 1.325 (near miss
 * 'dog' 0.33 on a fallback threshold), img-tree 0.9577, img-car 0.075, img-done none (its only
 * label is decided).
 */
final class ReviewFixture {
  static final List<String> LABELS =
      List.of("animal", "cat", "dog", "bird", "car", "tree", "flower", "house");
  static final float[] THRESHOLDS = {0.62f, 0.55f, 0.4f, 0.4f, 0.4f, 0.71f, 0.4f, 0.33f};
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  final Path vocabulary;
  final Path root;
  final Path registry;

  ReviewFixture(Path dir) throws IOException {
    this.vocabulary = dir.resolve("labels.json");
    this.root = Files.createDirectories(dir.resolve("images"));
    this.registry = Files.createDirectories(dir.resolve("registry"));
    vocabulary().write(vocabulary);
    for (String v : List.of("v0001", "v0002", "v0003")) {
      artifact(registry.resolve(v), v);
    }
    png(root.resolve("cat.png"), this::drawCat);
    png(root.resolve("tree.png"), this::drawTree);
    png(root.resolve("car.png"), this::drawCar);
    png(
        root.resolve("house.png"),
        g -> {
          g.setColor(new Color(0xC8553D));
          g.fillRect(70, 110, 116, 100);
        });
    Files.writeString(root.resolve("notes.txt"), "not an image");
    Files.writeString(dir.resolve("secret.png"), "outside the root");
  }

  static Vocabulary vocabulary() {
    return Vocabulary.of(
        LABELS.stream()
            .map(
                n ->
                    new LabelDef(
                        n,
                        List.of("cat", "dog", "bird").contains(n) ? List.of("animal") : List.of()))
            .toList());
  }

  /** Releases, predictions and one earlier decision, through the real broker. */
  void publish(KafkaConfig kafka) {
    Records.send(
        kafka,
        Topics.MODELS,
        "default",
        release("v0001", null, ReleaseStatus.PROMOTED, 0.41, "first model", 0));
    Records.send(
        kafka,
        Topics.MODELS,
        "default",
        release("v0002", "v0001", ReleaseStatus.PROMOTED, 0.47, "better by 0.06 mAP", 60));
    Records.send(
        kafka,
        Topics.MODELS,
        "default",
        release("v0003", "v0002", ReleaseStatus.REJECTED, 0.45, "worse by 0.02 mAP", 120));
    send(
        kafka,
        prediction(
            "img-cat",
            "cat.png",
            List.of(new LabelScore("animal", 0.91f), new LabelScore("cat", 0.58f)),
            List.of(0.91f, 0.58f, 0.33f, 0.02f, 0.01f, 0.05f, 0.12f, 0.03f)));
    send(kafka, prediction("img-tree", "tree.png", List.of(new LabelScore("tree", 0.74f)), null));
    send(kafka, prediction("img-car", "car.png", List.of(new LabelScore("car", 0.97f)), null));
    send(kafka, prediction("img-done", "house.png", List.of(new LabelScore("house", 0.5f)), null));
    Records.send(
        kafka,
        Topics.LABELS,
        "img-done",
        LabelConfirmation.newBuilder()
            .setId("img-done")
            .setLabel("house")
            .setState(LabelDecision.POSITIVE)
            .setSource("earlier")
            .setConfirmedAt(T)
            .build());
  }

  /**
   * Ingest on this world: its vocabulary, its image root, the token, view state under {@code dir};
   * started and ready.
   */
  Service startIngest(KafkaConfig kafka, Path dir, String token) throws Exception {
    return IngestHarness.start(
        kafka,
        dir,
        "--ingest.token",
        token,
        "--ingest.vocabulary",
        vocabulary.toString(),
        "--ingest.file-roots",
        root.toString());
  }

  void send(KafkaConfig kafka, Prediction p) {
    Records.send(kafka, Topics.PREDICTIONS, p.getId(), p);
  }

  Prediction prediction(
      String id, String file, List<LabelScore> labels, List<Float> probabilities) {
    return Prediction.newBuilder()
        .setId(id)
        .setUri(root.resolve(file).toUri().toString())
        .setModelVersion("v0002")
        .setLabels(labels)
        .setProbabilities(probabilities)
        .setEmbedding(null)
        .setTimings(new Timings(1.0, 1.0, 1.0, 5.0, 8.0))
        .setSubmittedAt(T)
        .setScoredAt(T.plusMillis(8))
        .build();
  }

  ModelRelease release(
      String version, String parent, ReleaseStatus status, double map, String reason, int minutes) {
    return ModelRelease.newBuilder()
        .setName("default")
        .setVersion(version)
        .setParent(parent)
        .setArtifactUri(registry.resolve(version).toUri().toString())
        .setLabelSetHash(vocabulary().hash())
        .setMetrics(Map.of("mAP", map, "f1", 0.5))
        .setStatus(status)
        .setReason(reason)
        .setAnnouncedAt(T.plusSeconds(60L * minutes))
        .build();
  }

  static void artifact(Path dir, String version) throws IOException {
    Files.createDirectories(dir);
    vocabulary().write(dir.resolve("labels.json"));
    StringBuilder t = new StringBuilder("[");
    for (int i = 0; i < THRESHOLDS.length; i++) {
      t.append(i == 0 ? "" : ",").append(THRESHOLDS[i]);
    }
    Files.writeString(dir.resolve("thresholds.json"), t.append("]").toString());
    Files.writeString(
        dir.resolve("model.json"),
        Http.q(
            "{'formatVersion':1,'version':'"
                + version
                + "',"
                + "'created':'2026-03-01T09:00:00Z','backbone':{'type':'resnet','id':'resnet18'},'numLabels':8,"
                + "'loss':{'name':'weighted-bce','positiveWeight':1.0,'negativeWeight':0.5},"
                + "'training':{'trainImages':640,'valImages':160,'epochs':3,'bestEpoch':2,'headOnly':true,"
                + "'history':[{'epoch':0,'trainLoss':0.61,'valLoss':0.58,'valMap':0.31},"
                + "{'epoch':1,'trainLoss':0.44,'valLoss':0.47,'valMap':0.42},{'epoch':2,'trainLoss':0.39,'valLoss':0.45,'valMap':0.47}]},"
                + "'metrics':{'mAP':0.47,'microF1':0.52},'files':{}}"));
  }

  interface Drawing {
    void draw(Graphics2D g);
  }

  static void png(Path file, Drawing d) throws IOException {
    BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xF3F7FF));
    g.fillRect(0, 0, 256, 256);
    d.draw(g);
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private void drawCat(Graphics2D g) {
    g.setColor(new Color(0x8FD18F)); // grass
    g.fillRect(0, 200, 256, 56);
    g.setColor(new Color(0xF29B38));
    Path2D ears = new Path2D.Double();
    ears.moveTo(62, 92);
    ears.lineTo(78, 30);
    ears.lineTo(112, 74);
    ears.closePath();
    ears.moveTo(194, 92);
    ears.lineTo(178, 30);
    ears.lineTo(144, 74);
    ears.closePath();
    g.fill(ears);
    g.fillOval(56, 56, 144, 132);
    g.setColor(new Color(0x2B2B2B));
    g.fillOval(94, 106, 16, 22);
    g.fillOval(146, 106, 16, 22);
    g.setColor(new Color(0xE75A7C));
    g.fillOval(121, 138, 14, 10);
    g.setColor(new Color(0x2B2B2B));
    g.setStroke(new BasicStroke(2.5f));
    g.drawLine(60, 140, 108, 146);
    g.drawLine(60, 156, 108, 152);
    g.drawLine(196, 140, 148, 146);
    g.drawLine(196, 156, 148, 152);
    g.setColor(new Color(0xF5D547)); // a small flower in the grass
    for (int i = 0; i < 5; i++) {
      double a = 2 * Math.PI * i / 5;
      g.fillOval((int) (212 + 12 * Math.cos(a)) - 7, (int) (222 + 12 * Math.sin(a)) - 7, 14, 14);
    }
    g.setColor(new Color(0xD9572B));
    g.fillOval(205, 215, 14, 14);
  }

  private void drawTree(Graphics2D g) {
    g.setColor(new Color(0x7A4E2D));
    g.fillRect(114, 150, 28, 80);
    g.setColor(new Color(0x3E9B4F));
    g.fillOval(58, 40, 140, 130);
  }

  private void drawCar(Graphics2D g) {
    g.setColor(new Color(0x2F6FDB));
    g.fillRoundRect(40, 120, 176, 60, 20, 20);
    g.fillRoundRect(80, 84, 100, 50, 20, 20);
    g.setColor(new Color(0x222222));
    g.fillOval(62, 164, 40, 40);
    g.fillOval(154, 164, 40, 40);
  }
}
