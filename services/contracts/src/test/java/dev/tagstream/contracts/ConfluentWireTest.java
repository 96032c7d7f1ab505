package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConfluentWireTest {

  @Test
  void headerIsMagicZeroThenTheIdBigEndian() {
    assertArrayEquals(new byte[] {0, 0, 0, 0, 42}, ConfluentWire.header(42));
    assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, ConfluentWire.header(0x01020304));
    assertArrayEquals(
        new byte[] {0, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        ConfluentWire.header(Integer.MAX_VALUE));
  }

  @Test
  void readsTheIdBack() {
    byte[] value = {0, 0, 0, 1, 0, 2, 'a'};
    assertTrue(ConfluentWire.matches(value));
    assertEquals(256, ConfluentWire.schemaId(value));
  }

  @Test
  void singleObjectValuesAndShortValuesAreNotRegistryValues() {
    byte[] single = Topics.IMAGES.valueSerde().encode("images", ContractSamples.image("a"));
    assertEquals((byte) 0xC3, single[0]);
    assertFalse(ConfluentWire.matches(single));
    assertFalse(ConfluentWire.matches(new byte[] {0, 0, 0, 1}));
    assertFalse(ConfluentWire.matches(null));
  }

  @Test
  void aRegistryValueWithoutARegistryIsAnUnknownSchemaNamingTheId() {
    ValueEncoding.reset();
    byte[] single = Topics.IMAGES.valueSerde().encode("images", ContractSamples.image("a"));
    byte[] registry =
        concat(ConfluentWire.header(7), Arrays.copyOfRange(single, 10, single.length));
    ContractException e =
        assertThrows(
            ContractException.class, () -> Topics.IMAGES.valueSerde().decode("images", registry));
    assertEquals(ContractException.Kind.UNKNOWN_SCHEMA, e.kind());
    assertEquals(
        "images: ImageReference value is in the schema registry wire format (schema id 7) but no "
            + "schema-registry-url is set",
        e.getMessage());
  }

  @Test
  void storeSerdesWriteSingleObjectEvenWhenTheProcessWritesTheRegistryFormat() {
    // Never called: a store's values are local, so no subject is registered for a changelog.
    var unreachable =
        new SchemaRegistryClient(java.net.URI.create("http://127.0.0.1:9/apis/ccompat/v7"), null);
    ValueEncoding.use(new ValueEncoding.Choice(ValueEncoding.Format.REGISTRY, unreachable));
    try {
      byte[] stored =
          Topics.LABEL_STATE
              .storeSerde()
              .encode("app-store-changelog", ContractSamples.labelState("a"));
      ValueEncoding.reset();
      assertArrayEquals(
          Topics.LABEL_STATE.valueSerde().encode("label-state", ContractSamples.labelState("a")),
          stored);
    } finally {
      ValueEncoding.reset();
    }
  }

  @Test
  void writingTheRegistryFormatNeedsARegistry() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValueEncoding.Choice(ValueEncoding.Format.REGISTRY, null));
    assertEquals("prod.images-value", ValueEncoding.subject("prod.images"));
  }

  @Test
  void credentialsNeverShowThePassword() {
    assertEquals(
        "Credentials[user=svc, password=****]",
        new SchemaRegistryClient.Credentials("svc", "hunter2").toString());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
