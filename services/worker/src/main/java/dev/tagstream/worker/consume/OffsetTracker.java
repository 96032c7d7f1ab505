package dev.tagstream.worker.consume;

import dev.tagstream.worker.pipeline.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed offsets are safe to commit. An offset is committable only when it and every offset
 * before it in its partition have their output acknowledged by the producer (at-least-once), or
 * were released in order into the transaction that commits them (exactly-once). Outcomes for
 * partitions no longer ours are dropped. Owned by the consumer loop thread; not thread-safe.
 */
public final class OffsetTracker {
  private static final class Entry {
    Outcome outcome;
    boolean sent;
    boolean acked;
  }

  /** Outcomes released in offset order, and the offsets that commit exactly them. */
  record Released(List<Outcome> outcomes, Map<TopicPartition, OffsetAndMetadata> offsets) {}

  private final Map<TopicPartition, TreeMap<Long, Entry>> partitions = new HashMap<>();
  private final List<Outcome> unsent = new ArrayList<>();
  private int size;

  void track(TopicPartition tp, long offset) {
    if (partitions.computeIfAbsent(tp, k -> new TreeMap<>()).putIfAbsent(offset, new Entry())
        == null) {
      size++;
    }
  }

  /**
   * Records a record's outcome; false (and dropped) when the record is not tracked or already has
   * one.
   */
  boolean complete(Outcome o) {
    Entry e = entry(new TopicPartition(o.topic(), o.partition()), o.offset());
    if (e == null || e.outcome != null) {
      return false;
    }
    e.outcome = o;
    unsent.add(o);
    return true;
  }

  /** At-least-once: outcomes to send now, in completion order; each is marked sent. */
  List<Outcome> takeUnsent() {
    List<Outcome> out = new ArrayList<>(unsent);
    unsent.clear();
    for (Outcome o : out) {
      Entry e = entry(new TopicPartition(o.topic(), o.partition()), o.offset());
      if (e != null) {
        e.sent = true;
      }
    }
    return out;
  }

  /** The producer acknowledged the output of this record. */
  void acknowledged(TopicPartition tp, long offset) {
    Entry e = entry(tp, offset);
    if (e != null) {
      e.acked = true;
    }
  }

  /**
   * At-least-once: per partition, the offset after the longest acknowledged prefix; that prefix is
   * forgotten.
   */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (Map.Entry<TopicPartition, TreeMap<Long, Entry>> p : partitions.entrySet()) {
      long next = -1;
      Iterator<Map.Entry<Long, Entry>> it = p.getValue().entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, Entry> e = it.next();
        if (!e.getValue().acked) {
          break;
        }
        next = e.getKey() + 1;
        it.remove();
        size--;
      }
      if (next >= 0) {
        out.put(p.getKey(), new OffsetAndMetadata(next));
      }
    }
    return out;
  }

  /**
   * Exactly-once: per partition, the longest prefix with outcomes, in offset order, and the offsets
   * after it.
   */
  Released releaseInOrder() {
    List<Outcome> outcomes = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, TreeMap<Long, Entry>> p : partitions.entrySet()) {
      long next = -1;
      Iterator<Map.Entry<Long, Entry>> it = p.getValue().entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, Entry> e = it.next();
        if (e.getValue().outcome == null) {
          break;
        }
        outcomes.add(e.getValue().outcome);
        next = e.getKey() + 1;
        it.remove();
        size--;
      }
      if (next >= 0) {
        offsets.put(p.getKey(), new OffsetAndMetadata(next));
      }
    }
    unsent.clear();
    return new Released(outcomes, offsets);
  }

  /** The partitions were revoked or lost: their pending work will not be committed by us. */
  void forget(Collection<TopicPartition> tps) {
    for (TopicPartition tp : tps) {
      TreeMap<Long, Entry> m = partitions.remove(tp);
      if (m != null) {
        size -= m.size();
      }
    }
    unsent.removeIf(o -> tps.contains(new TopicPartition(o.topic(), o.partition())));
  }

  void clear() {
    forget(new ArrayList<>(partitions.keySet()));
  }

  /** Records consumed and not yet committable. */
  int size() {
    return size;
  }

  private Entry entry(TopicPartition tp, long offset) {
    TreeMap<Long, Entry> m = partitions.get(tp);
    return m == null ? null : m.get(offset);
  }
}
