package dev.tagstream.cli;

import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Services started in the test's own JVM by name, each on a free port, closed in reverse order of
 * starting (the consumers of a topic before what feeds it).
 */
public final class InJvmServices implements AutoCloseable {
  private final List<Service> started = new ArrayList<>();

  /** Starts the service called {@code name} (ingest, worker, feedback, trainer) with its flags. */
  public Service start(KafkaConfig kafka, String name, String... flags) {
    ServiceFactory factory =
        ServiceLoader.load(ServiceFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no service called " + name));
    List<String> args = new ArrayList<>(List.of("--" + name + ".http-port", "0"));
    args.addAll(List.of(flags));
    Service s = factory.create(kafka, Settings.parse(factory.settings(), args, Map.of()));
    started.add(s);
    s.start();
    return s;
  }

  /** Closes one service before the others, e.g. to start another of its kind. */
  public void stop(Service s) {
    s.close();
    started.remove(s);
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    started.clear();
  }
}
