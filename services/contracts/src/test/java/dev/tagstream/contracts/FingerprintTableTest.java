package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * schemas/fingerprints.json is what the code computes, so readers in other languages can trust it.
 */
class FingerprintTableTest {
  private static final Path FILE = Path.of("../..").resolve(FingerprintTable.FILE);

  @Test
  void theCommittedTableIsUpToDate() throws Exception {
    String expected = FingerprintTable.json();
    if (Boolean.getBoolean("fingerprints.write")) {
      Files.writeString(FILE, expected);
    }
    assertEquals(
        expected,
        Files.readString(FILE),
        FingerprintTable.FILE
            + " is stale: regenerate it with "
            + "mvn -B -q -pl services/contracts test -Dtest=FingerprintTableTest -Dfingerprints.write=true");
  }

  @Test
  void theCurrentFingerprintIsWhatTheSerdeWrites() {
    byte[] value = Topics.IMAGES.valueSerde().encode("images", ContractSamples.image("a"));
    assertEquals(
        HexFormat.of().formatHex(Arrays.copyOfRange(value, 2, 10)),
        FingerprintTable.hex(ImageReference.getClassSchema()));
  }
}
