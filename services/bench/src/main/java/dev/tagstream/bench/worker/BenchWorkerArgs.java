package dev.tagstream.bench.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags every bench gives the worker it measures, in its own JVM or another: the model, the
 * images' root, batch size and wait, a free loopback HTTP port and an id.
 */
public final class BenchWorkerArgs {
  private BenchWorkerArgs() {}

  /** {@code fetchThreads} null leaves the worker's default (one per core). A mutable list. */
  public static List<String> of(
      Path model, Path root, int batch, Duration maxWait, Integer fetchThreads, String id) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--worker.model",
                model.toString(),
                "--worker.file-roots",
                root.toString(),
                "--worker.batch-size",
                Integer.toString(batch),
                "--worker.max-wait",
                maxWait.toMillis() + "ms",
                "--worker.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--worker.id",
                id));
    if (fetchThreads != null) {
      args.addAll(List.of("--worker.fetch-threads", Integer.toString(fetchThreads)));
    }
    return args;
  }
}
