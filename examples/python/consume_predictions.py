#!/usr/bin/python3
"""Prints the records of tagstream's predictions topic as JSON lines, in either encoding.

  /usr/bin/python3 consume_predictions.py --bootstrap HOST:PORT [--topic-prefix P] \
      [--schema-registry-url URL] [--max N] [--timeout SECONDS]

Each line: {"key": image id, "encoding": "single-object" | "registry", "value": {...}} with timestamps as epoch
milliseconds. Reads from the beginning with no consumer group (nothing is committed).
"""
import argparse
import json
import sys
import time

from confluent_kafka import Consumer, TopicPartition

from tagstream_values import Values, jsonable, registry_client


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic-prefix", default="")
    p.add_argument("--schema-registry-url", help="needed for values in the registry wire format")
    p.add_argument("--max", type=int, default=0, help="stop after this many records (0: at the end)")
    p.add_argument("--timeout", type=float, default=30.0, help="give up after this many seconds")
    a = p.parse_args()
    topic = a.topic_prefix + "predictions"
    values = Values("Prediction", registry_client(a.schema_registry_url))
    consumer = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "tagstream-python-example",
                         "enable.auto.commit": False, "isolation.level": "read_committed"})
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    ends = {}
    for n in partitions:
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, n), timeout=10)
        ends[n] = high
    consumer.assign([TopicPartition(topic, n, 0) for n in partitions])  # offset 0: from the beginning
    printed = 0
    positions = {n: 0 for n in partitions}
    deadline = time.monotonic() + a.timeout
    try:
        while time.monotonic() < deadline:
            if a.max == 0 and all(positions[n] >= ends[n] for n in partitions):
                return 0
            m = consumer.poll(0.2)
            if m is None:
                continue
            if m.error():
                raise SystemExit("consume_predictions: %s" % m.error())
            positions[m.partition()] = m.offset() + 1
            encoding, record = values.decode(m.value())
            print(json.dumps({"key": m.key().decode("utf-8"), "encoding": encoding, "value": jsonable(record)}),
                  flush=True)
            printed += 1
            if a.max and printed >= a.max:
                return 0
        print("consume_predictions: timed out after %.0f s with %d records" % (a.timeout, printed), file=sys.stderr)
        return 1
    finally:
        consumer.close()


if __name__ == "__main__":
    sys.exit(main())
