package dev.tagstream.core.schemaregistry;

import java.nio.file.Path;

/**
 * A JVM that owns a {@link LocalRegistry} and never closes it, for a test that kills the JVM:
 * starts one (its output to the file named by the first argument), prints its URL and waits.
 */
final class RegistryOwnerMain {
  private RegistryOwnerMain() {}

  public static void main(String[] args) throws InterruptedException {
    LocalRegistry registry = LocalRegistry.start(LocalRegistryConfig.open(Path.of(args[0])));
    System.out.println("serving " + registry.url());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
