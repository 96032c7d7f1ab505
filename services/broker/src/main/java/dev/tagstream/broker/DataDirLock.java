package dev.tagstream.broker;

import dev.tagstream.core.kafka.KafkaUnavailableException;
import dev.tagstream.core.kafka.LocalBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a broker's data directory, held while the broker runs, so a second broker on
 * the same data (another process, or this one) is refused at once with what to do, instead of
 * failing later half-started. The operating system releases it when the process dies, so a crash
 * never leaves a stale lock behind.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "tagstream.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dir) {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l != null) {
        return new DataDirLock(ch, l);
      }
    } catch (OverlappingFileLockException e) {
      // held by this very process: in use all the same
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException("cannot lock the broker data directory " + dir, e);
    }
    closeQuietly(ch);
    String port =
        LocalBroker.recordedPort(dir).stream()
            .mapToObj(p -> " (it listens on 127.0.0.1:" + p + ")")
            .findFirst()
            .orElse("");
    throw new KafkaUnavailableException(
        "the broker data directory "
            + dir
            + " is in use by another broker"
            + port
            + "; join that broker (the same --data-dir, or --broker-port with its port) or use another --data-dir",
        null);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException ignored) {
      // nothing was locked through it
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the channel, and the channel with the process
    }
  }
}
