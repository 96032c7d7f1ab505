package dev.tagstream.bench.peers;

import dev.tagstream.bench.worker.LoggedProcess;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * One Python consumer process (peer.py per-message or batched) on its own topics, stopped on close.
 */
final class PeerConsumer implements AutoCloseable {
  /** How the peer consumes: one record per forward pass and commit, or up to a batch per poll. */
  enum Mode {
    BATCHED("batched"),
    PER_MESSAGE("per-message");

    final String arg;

    Mode(String arg) {
      this.arg = arg;
    }
  }

  /**
   * What every peer shares: the exported model, its artifact folder, the file roots and the torch
   * threads.
   */
  record Setup(
      PythonPeers python,
      Path torchScript,
      Path artifact,
      Path fileRoot,
      int threads,
      int batch,
      long maxWaitMs,
      int topK,
      Path work) {}

  private final LoggedProcess child;

  private PeerConsumer(LoggedProcess child) {
    this.child = child;
  }

  static PeerConsumer start(Setup s, Mode mode, KafkaConfig kafka) throws IOException {
    Path refSchema = writeSchema(s.work(), ImageReference.getClassSchema());
    Path predSchema = writeSchema(s.work(), Prediction.getClassSchema());
    List<String> args =
        new ArrayList<>(
            List.of(
                mode.arg,
                "--model",
                s.torchScript().toString(),
                "--artifact",
                s.artifact().toString(),
                "--threads",
                Integer.toString(s.threads()),
                "--batch",
                Integer.toString(s.batch()),
                "--max-wait-ms",
                Long.toString(s.maxWaitMs()),
                "--top-k",
                Integer.toString(s.topK()),
                "--bootstrap",
                kafka.bootstrap(),
                "--group",
                kafka.topicPrefix() + "peer",
                "--images-topic",
                Topics.IMAGES.name(kafka.topicPrefix()),
                "--predictions-topic",
                Topics.PREDICTIONS.name(kafka.topicPrefix()),
                "--file-roots",
                s.fileRoot().toString(),
                "--reference-schema",
                refSchema.toString(),
                "--reference-header",
                header(ImageReference.getClassSchema()),
                "--prediction-schema",
                predSchema.toString(),
                "--prediction-header",
                header(Prediction.getClassSchema())));
    Path log = s.work().resolve("peer-" + mode.arg + ".log");
    return new PeerConsumer(
        new LoggedProcess("the Python peer", s.python().start("peer.py", args, log), log));
  }

  /**
   * The single-object header, C3 01 and the schema's CRC-64-AVRO fingerprint (little-endian), as
   * hex. Computed here because python3-avro 1.11's parsing canonical form keeps logical types and
   * so fingerprints differently.
   */
  static String header(Schema schema) {
    long fp = SchemaNormalization.parsingFingerprint64(schema);
    return "c301" + String.format("%016x", Long.reverseBytes(fp));
  }

  private static Path writeSchema(Path dir, Schema schema) throws IOException {
    Path p = dir.resolve(schema.getName() + ".avsc");
    Files.writeString(p, schema.toString(true), StandardCharsets.UTF_8);
    return p;
  }

  /** Fails with the process's own output if it has ended. */
  void requireAlive() {
    child.requireAlive();
  }

  /** CPU time the peer's process has used so far (all its threads). */
  long cpuNanos() {
    return child.cpuNanos();
  }

  String output() {
    return child.output();
  }

  @Override
  public void close() throws InterruptedException {
    child.process().destroy(); // SIGTERM: the peer leaves its group cleanly
    if (!child.process().waitFor(10, TimeUnit.SECONDS)) {
      child.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
