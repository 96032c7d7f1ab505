package dev.tagstream.bench.worker;

import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.worker.ThreadSplit;
import dev.tagstream.worker.WorkerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * Part (f) of {@code bench worker}: end-to-end throughput with the worker in 1, 2, ... separate
 * processes sharing this machine's cores, over topics of 1, 2, ... partitions. Every (partitions,
 * processes) setup gets its own topics and its own workers, all started before the first timed
 * burst; rounds then visit the setups in turn, so their ratios come from one run on one machine
 * state. A setup's processes split the cores: each gets a share of max(1, cores / processes) cores,
 * as many fetch threads, and the worker's own thread split for that many cores, as an operator
 * would set them (each worker defaults to every core).
 */
final class ProcessScaling {
  private final WorkerBench.Options o;
  private final PrintStream out;
  private final Path work;

  /** One (partitions, processes) setup: its topics, its worker processes, its traffic. */
  private record Setup(
      String group,
      int partitions,
      int processes,
      KafkaConfig kafka,
      List<WorkerProcess> workers,
      BenchTraffic.Submitter submit,
      BenchTraffic.Arrivals arrivals) {}

  ProcessScaling(WorkerBench.Options o, PrintStream out, Path work) {
    this.o = o;
    this.out = out;
    this.work = work;
  }

  void run(KafkaConfig base, Path modelDir, Path root, List<Path> files) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Setup> setups = new ArrayList<>();
    try (KafkaRuntime broker = KafkaRuntime.open(base)) {
      try {
        for (int p : o.topicPartitions()) {
          for (int w : o.processes()) {
            setups.add(start(broker.config(), p, w, cores, modelDir, root, files));
          }
        }
        int n = Math.max(o.images(), o.batch() * 16);
        for (Setup s : setups) {
          awaitGroup(s);
          // two round-sized bursts: a fresh worker JVM is still compiling its hot paths after one
          // (the first run of this part saw round 1 at half of round 3's rate)
          WorkerBench.through(s.submit(), s.arrivals(), "warm-", 2 * n);
        }
        measure(setups, n);
      } finally {
        for (Setup s : setups) {
          stop(s);
        }
      }
    }
  }

  private Setup start(
      KafkaConfig shared,
      int partitions,
      int processes,
      int cores,
      Path model,
      Path root,
      List<Path> files)
      throws IOException {
    KafkaConfig k =
        shared
            .withTopicPrefix(shared.topicPrefix() + "p" + partitions + "w" + processes + ".")
            .withPartitions(partitions);
    KafkaRuntime.open(k).close(); // creates this setup's topics with its partition count
    BenchTraffic.awaitTopics(k);
    int threads = Math.max(1, cores / processes);
    // each process splits its share of the cores as a worker on a machine of that many cores
    // would (on 2 cores: one process 2 inference threads x 1 intra-op, two processes 1 x 1 each)
    ThreadSplit.Choice split =
        ThreadSplit.choose(threads, false, o.inferenceThreads(), o.torchThreads());
    List<WorkerProcess> workers = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      workers.add(
          WorkerProcess.start(
              WorkerBench.workerArgs(
                  o, threads, split.inferenceThreads(), model, root, "bench-" + i),
              k,
              o.forwardedKafkaArgs(),
              split.intraOp(),
              work,
              "worker-p" + partitions + "w" + processes + "-" + i));
    }
    String group =
        k.topicPrefix()
            + WorkerConfig.from(WorkerBench.workerSettings(o, model, root, "bench-0")).group();
    return new Setup(
        group,
        partitions,
        processes,
        k,
        workers,
        new BenchTraffic.Submitter(k, files),
        new BenchTraffic.Arrivals(k));
  }

  /** Waits until the setup's group is stable with all its processes, or fails naming the log. */
  private void awaitGroup(Setup s) throws InterruptedException {
    String group = s.group();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    try (Admin admin = Admin.create(KafkaClients.adminProps(s.kafka()))) {
      while (true) {
        s.workers().forEach(WorkerProcess::requireAlive);
        try {
          ConsumerGroupDescription d =
              admin.describeConsumerGroups(List.of(group)).all().get().get(group);
          if (d.groupState() == GroupState.STABLE && d.members().size() == s.processes()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          // not there yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "group "
                  + group
                  + " did not become stable with "
                  + s.processes()
                  + " members in 3 min; see the worker logs in "
                  + work);
        }
        Thread.sleep(200);
      }
    }
  }

  private void measure(List<Setup> setups, int n) {
    out.printf(
        Locale.ROOT,
        "(f) worker processes x partitions: %d setups, %d rounds; load average %.1f; each process"
            + " a share of max(1, %d cores / processes) cores: as many fetch threads, and the"
            + " worker's thread split for that many cores%n",
        setups.size(),
        o.rounds(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    double[][] rates = new double[setups.size()][o.rounds()];
    for (int r = 0; r < o.rounds(); r++) {
      for (int i = 0; i < setups.size(); i++) {
        Setup s = setups.get(i);
        rates[i][r] = WorkerBench.through(s.submit(), s.arrivals(), "round" + r + "-", n);
        out.printf(
            Locale.ROOT,
            "round %d: %d partitions, %d processes: %8.1f images/s%n",
            r + 1,
            s.partitions(),
            s.processes(),
            rates[i][r]);
      }
    }
    out.printf(Locale.ROOT, "medians of %d rounds, %d images each:%n", o.rounds(), n);
    out.println("| partitions | processes | images/s | min-max | vs 1 process, same partitions |");
    out.println("|---|---|---|---|---|");
    for (int i = 0; i < setups.size(); i++) {
      Setup s = setups.get(i);
      double m = WorkerBench.median(rates[i]);
      double one = Double.NaN;
      for (int j = 0; j < setups.size(); j++) {
        Setup t = setups.get(j);
        if (t.partitions() == s.partitions() && t.processes() == 1) {
          one = WorkerBench.median(rates[j]);
        }
      }
      out.printf(
          Locale.ROOT,
          "| %d | %d | %.1f | %.1f-%.1f | %s |%n",
          s.partitions(),
          s.processes(),
          m,
          java.util.Arrays.stream(rates[i]).min().orElse(0),
          java.util.Arrays.stream(rates[i]).max().orElse(0),
          Double.isNaN(one) ? "-" : String.format(Locale.ROOT, "%.2f", m / one));
    }
    for (Setup s : setups) {
      if (s.arrivals().failures() > 0) {
        out.printf("dead letters in %s: %d%n", s.kafka().topicPrefix(), s.arrivals().failures());
      }
    }
  }

  private static void stop(Setup s) {
    s.submit().close();
    s.arrivals().close();
    s.workers().forEach(WorkerProcess::close);
  }
}
