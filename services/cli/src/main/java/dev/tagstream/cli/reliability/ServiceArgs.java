package dev.tagstream.cli.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the services a run starts against its broker ({@code bootstrap}, topics
 * replicated {@code replication} times, state under {@code dir}) and its {@code fixture}: the same
 * flags whether a service runs in the run's JVM or as a child process, for the reliability run and
 * the soak alike.
 */
record ServiceArgs(String bootstrap, int replication, Path dir, Fixture fixture) {

  /** {@code tagstream <service>} with the broker, the topics, its HTTP port and the data folder. */
  List<String> common(int httpPort, String service) {
    return new ArrayList<>(
        List.of(
            service,
            "--bootstrap",
            bootstrap,
            "--partitions",
            "4",
            "--replication",
            Integer.toString(replication),
            "--" + service + ".http-port",
            Integer.toString(httpPort),
            "--http-bind",
            "127.0.0.1",
            "--data-dir",
            dir.toString()));
  }

  /** Ingest's own flags: the token, the vocabulary, body and batch limits, the file roots. */
  List<String> ingestFlags(String token, int maxBody, int batch) {
    return new ArrayList<>(
        List.of(
            "--ingest.token",
            token,
            "--ingest.vocabulary",
            fixture.labels().toString(),
            "--ingest.max-body-bytes",
            Integer.toString(maxBody),
            "--ingest.max-batch",
            Integer.toString(batch),
            "--ingest.file-roots",
            fixture.root().toString(),
            "--ingest.view-state-dir",
            dir.resolve("ingest-view").toString()));
  }

  List<String> feedbackFlags() {
    return new ArrayList<>(List.of("--feedback.vocabulary", fixture.labels().toString()));
  }

  /** Worker {@code index}, serving the fixture's first model with {@code delivery}. */
  List<String> worker(int port, int index, String delivery) {
    List<String> a = common(port, "worker");
    a.addAll(
        List.of(
            // each its own transactional id: a shared one (the host name) lets one worker's restart
            // fence the other
            "--worker.id",
            "worker-" + index,
            "--worker.model",
            fixture.firstModel().dir().toString(),
            "--worker.delivery",
            delivery,
            "--worker.file-roots",
            fixture.root().toString(),
            "--worker.fetch.allow-addresses",
            LocalHosts.ALLOWED_HOST + "/32",
            "--worker.fetch.timeout",
            "1s",
            "--worker.fetch.retries",
            "1",
            "--worker.fetch.backoff",
            "50ms",
            "--worker.session-timeout",
            "6s",
            "--worker.decode.max-pixels",
            "10000000"));
    return a;
  }
}
