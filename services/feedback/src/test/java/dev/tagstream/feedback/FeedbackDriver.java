package dev.tagstream.feedback;

import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.VocabularyEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The feedback topology under {@link TopologyTestDriver}, with typed input and output topics. */
final class FeedbackDriver implements AutoCloseable {
  static final String PREFIX = "test.";
  static final Duration GRACE = Duration.ofMinutes(10);

  final FeedbackMetrics metrics = new FeedbackMetrics(new SimpleMeterRegistry());
  final TopologyTestDriver driver;
  final TestInputTopic<String, ImageReference> images;
  final TestInputTopic<String, LabelConfirmation> labels;
  final TestInputTopic<String, Prediction> predictions;
  final TestInputTopic<String, Prediction> shadowPredictions;
  final TestInputTopic<String, byte[]> rawLabels;
  final TestInputTopic<String, VocabularyEntry> vocabulary;
  final TestOutputTopic<String, LabelState> states;
  final TestOutputTopic<String, Failure> failures;

  FeedbackDriver() throws Exception {
    this(StreamsConfig.EXACTLY_ONCE_V2);
  }

  FeedbackDriver(String processingGuarantee) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "feedback-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    p.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(Path.of("target"), "ttd").toString());
    StreamsProperties.putErrorHandling(p, PREFIX, metrics);
    driver =
        new TopologyTestDriver(
            FeedbackTopology.build(TopologyConfig.of(PREFIX, Fixture.VOCABULARY, GRACE), metrics),
            p);
    StringSerializer keys = new StringSerializer();
    images =
        driver.createInputTopic(
            Topics.IMAGES.name(PREFIX), keys, Topics.IMAGES.valueSerde().serializer());
    labels =
        driver.createInputTopic(
            Topics.LABELS.name(PREFIX), keys, Topics.LABELS.valueSerde().serializer());
    predictions =
        driver.createInputTopic(
            Topics.PREDICTIONS.name(PREFIX), keys, Topics.PREDICTIONS.valueSerde().serializer());
    shadowPredictions =
        driver.createInputTopic(
            Topics.SHADOW_PREDICTIONS.name(PREFIX),
            keys,
            Topics.SHADOW_PREDICTIONS.valueSerde().serializer());
    rawLabels =
        driver.createInputTopic(Topics.LABELS.name(PREFIX), keys, new ByteArraySerializer());
    vocabulary =
        driver.createInputTopic(
            Topics.VOCABULARY.name(PREFIX), keys, Topics.VOCABULARY.valueSerde().serializer());
    states =
        driver.createOutputTopic(
            Topics.LABEL_STATE.name(PREFIX),
            new StringDeserializer(),
            Topics.LABEL_STATE.valueSerde().deserializer());
    failures =
        driver.createOutputTopic(
            Topics.FAILURES.name(PREFIX),
            new StringDeserializer(),
            Topics.FAILURES.valueSerde().deserializer());
  }

  void image(ImageReference image, long recordTime) {
    images.pipeInput(image.getId(), image, recordTime);
  }

  void confirm(LabelConfirmation c, long recordTime) {
    labels.pipeInput(c.getId(), c, recordTime);
  }

  /** A label added on the vocabulary topic, then the wall-clock check that folds what waited. */
  void addLabel(String name, List<String> parents, long recordTime) {
    VocabularyEntry e =
        VocabularyEntry.newBuilder()
            .setName(name)
            .setParents(parents)
            .setAddedBy("reviewer")
            .setAddedAt(Instant.ofEpochMilli(recordTime))
            .build();
    vocabulary.pipeInput(name, e, recordTime);
    driver.advanceWallClockTime(LabelStateProcessor.LABEL_CHECK);
  }

  void shadow(Prediction p, long recordTime) {
    shadowPredictions.pipeInput(p.getId(), p, recordTime);
  }

  void predict(Prediction p, long recordTime) {
    predictions.pipeInput(p.getId(), p, recordTime);
  }

  List<KeyValue<String, LabelState>> readStates() {
    return states.readKeyValuesToList();
  }

  List<KeyValue<String, Failure>> readFailures() {
    return failures.readKeyValuesToList();
  }

  double count(String name, String tag, String value) {
    var c = metrics.registry().find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    driver.close();
  }
}
