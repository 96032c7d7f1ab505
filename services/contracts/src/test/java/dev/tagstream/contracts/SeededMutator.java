package dev.tagstream.contracts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutation fuzzing, the classic byte-level operators (as AFL's havoc stage): flip bits, set
 * bytes to boundary values, insert, delete, duplicate and splice ranges, truncate, and write large
 * lengths where varints and headers keep them. Each case applies one to four operators to one of
 * the seeds, so a run is reproducible from its seed alone: the same {@code fuzz.seed} gives the
 * same inputs. The case count comes from {@code fuzz.cases} (1,000 in the test suite; {@code
 * -Dfuzz.cases=10000} for the full run in bench/results/fuzz.md).
 */
public final class SeededMutator {
  private static final byte[] BOUNDARY = {
    0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xfe, '"', '{', '[', '\\'
  };
  private static final List<byte[]> TOKENS =
      List.of(
          "null".getBytes(StandardCharsets.UTF_8),
          "-1".getBytes(StandardCharsets.UTF_8),
          "1e999".getBytes(StandardCharsets.UTF_8),
          "99999999999999999999999".getBytes(StandardCharsets.UTF_8),
          "\"\\u0000\"".getBytes(StandardCharsets.UTF_8),
          "[[[[[[[[[[[[[[[[".getBytes(StandardCharsets.UTF_8),
          "{\"\":{}}".getBytes(StandardCharsets.UTF_8),
          new byte[] {
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f
          }); // a varint near 2^31
  private final SplittableRandom random;
  private final List<byte[]> seeds;

  public SeededMutator(long seed, List<byte[]> seeds) {
    this.random = new SplittableRandom(seed);
    this.seeds = List.copyOf(seeds);
  }

  /** The number of cases a fuzz test runs: {@code -Dfuzz.cases}, else 1,000. */
  public static int cases() {
    return Integer.getInteger("fuzz.cases", 1_000);
  }

  /** The run's seed: {@code -Dfuzz.seed}, else a fixed one, so CI is repeatable. */
  public static long seed() {
    return Long.getLong("fuzz.seed", 20_261_205L);
  }

  /** The next input: a seed with one to four mutations. */
  public byte[] next() {
    byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      b = mutate(b);
    }
    return b;
  }

  private byte[] mutate(byte[] b) {
    if (b.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(b.length);
    switch (random.nextInt(9)) {
      case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> b[at] = BOUNDARY[random.nextInt(BOUNDARY.length)];
      case 2 -> b[at] = (byte) random.nextInt(256);
      case 3 -> {
        return insert(b, at, randomBytes(1 + random.nextInt(16)));
      }
      case 4 -> {
        int len = 1 + random.nextInt(Math.min(32, b.length - at));
        return concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + len, b.length));
      }
      case 5 -> {
        int len = 1 + random.nextInt(Math.min(64, b.length - at));
        return insert(b, at, Arrays.copyOfRange(b, at, at + len));
      }
      case 6 -> {
        return Arrays.copyOf(b, at); // truncated
      }
      case 7 -> {
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int from = random.nextInt(Math.max(1, other.length));
        return concat(
            Arrays.copyOfRange(b, 0, at),
            Arrays.copyOfRange(other, Math.min(from, other.length), other.length));
      }
      default -> {
        return insert(b, at, TOKENS.get(random.nextInt(TOKENS.size())));
      }
    }
    return b;
  }

  private byte[] randomBytes(int n) {
    byte[] r = new byte[n];
    for (int i = 0; i < n; i++) {
      r[i] = (byte) random.nextInt(256);
    }
    return r;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    return concat(concat(Arrays.copyOfRange(b, 0, at), what), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + c.length);
    out.writeBytes(a);
    out.writeBytes(c);
    return out.toByteArray();
  }
}
