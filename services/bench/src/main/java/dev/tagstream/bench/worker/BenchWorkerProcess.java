package dev.tagstream.bench.worker;

import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.worker.WorkerConfig;
import dev.tagstream.worker.WorkerService;
import dev.tagstream.worker.WorkerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One worker of {@code bench worker --processes}, in its own JVM: the worker's and Kafka's flags as
 * {@code tagstream worker} takes them. It runs until its standard input ends, then drains and
 * exits; the bench holds that pipe, so a worker never outlives the bench however the bench ends.
 */
public final class BenchWorkerProcess {
  private BenchWorkerProcess() {}

  public static void main(String[] args) throws IOException {
    List<Setting> known = new ArrayList<>(WorkerSettings.all());
    known.addAll(KafkaSettings.all());
    Settings s = Settings.parse(known, List.of(args), Map.of());
    try (WorkerService worker =
        new WorkerService(KafkaSettings.read(s), WorkerConfig.from(s), Clock.systemUTC())) {
      worker.start();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // nothing is sent: the pipe only says the bench is alive
      }
    }
  }
}
