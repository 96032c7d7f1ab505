package dev.tagstream.worker.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.worker.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handover between models when several inference threads hold batches at once. */
class ModelSlotTest {
  @TempDir Path models;

  private ServingModel model(String version) {
    return TestModels.load(TestModels.write(models, version));
  }

  @Test
  void aReplacedModelStaysOpenUntilTheLastBatchUsingItEnds() {
    List<String> switches = new ArrayList<>();
    try (ModelSlot slot = new ModelSlot(m -> switches.add(m.version()))) {
      ServingModel v1 = model("v0001");
      slot.offer(v1);
      ModelLease first = slot.forBatch();
      ModelLease second = slot.forBatch(); // a second inference thread, same model
      assertSame(v1, first.model());
      assertSame(v1, second.model());

      ServingModel v2 = model("v0002");
      slot.offer(v2);
      assertEquals("v0002", slot.newestVersion());
      assertEquals("v0001", slot.currentVersion());
      try (ModelLease third = slot.forBatch()) { // the next batch switches
        assertSame(v2, third.model());
      }
      assertEquals("v0002", slot.currentVersion());
      assertFalse(v1.isClosed(), "two batches still score with v0001");
      first.close();
      first.close(); // a second close does not count twice
      assertFalse(v1.isClosed(), "one batch still scores with v0001");
      second.close();
      assertTrue(v1.isClosed());
      assertFalse(v2.isClosed());
      assertEquals(List.of("v0001", "v0002"), switches);
    }
  }

  @Test
  void anUnusedModelClosesAsSoonAsItIsReplacedAndAQueuedOneThatNeverServedAsSoonAsItIsDropped() {
    try (ModelSlot slot = new ModelSlot(m -> {})) {
      ServingModel v1 = model("v0001");
      slot.offer(v1);
      slot.forBatch().close();
      ServingModel v2 = model("v0002");
      ServingModel v3 = model("v0003");
      slot.offer(v2);
      slot.offer(v3); // v0002 never served
      assertTrue(v2.isClosed());
      assertFalse(v1.isClosed());
      try (ModelLease lease = slot.forBatch()) {
        assertSame(v3, lease.model());
        assertTrue(v1.isClosed());
      }
    }
  }

  @Test
  void closingTheSlotWhileABatchRunsClosesItsModelWhenTheBatchEnds() {
    ServingModel v1 = model("v0001");
    ModelSlot slot = new ModelSlot(m -> {});
    slot.offer(v1);
    ModelLease running = slot.forBatch();
    slot.close();
    assertNull(slot.currentVersion());
    assertFalse(v1.isClosed());
    running.close();
    assertTrue(v1.isClosed());
    try (ModelLease none = slot.forBatch()) {
      assertNull(none.model());
    }
  }

  @Test
  void aRetiredShadowCandidateClosesAfterItsLastBatch() {
    try (ShadowSlot shadows = new ShadowSlot()) {
      try (ModelLease none = shadows.forBatch()) {
        assertNull(none.model());
      }
      ServingModel candidate = model("v0002");
      shadows.offer(candidate);
      ModelLease running = shadows.forBatch();
      assertSame(candidate, running.model());
      shadows.retire();
      try (ModelLease next = shadows.forBatch()) {
        assertNull(next.model());
      }
      assertFalse(candidate.isClosed());
      running.close();
      assertTrue(candidate.isClosed());
    }
  }
}
