#!/usr/bin/python3
"""Writes image references to tagstream's images topic, one per manifest line read from stdin.

  /usr/bin/python3 produce_images.py --bootstrap HOST:PORT [--topic-prefix P] [--source S] \
      [--serde single-object | --serde registry --schema-registry-url URL] < manifest.jsonl

A manifest line is {"id": "...", "uri": "file:///...", "labels": [...], "negatives": [...]} (labels and
negatives optional). In registry mode the value is written with the latest schema registered under
<prefix>images-value (the Java services register it at start). Prints each id once the broker has it.
"""
import argparse
import json
import sys
import time

from confluent_kafka import Producer

from tagstream_values import Values, from_millis, registry_client


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic-prefix", default="")
    p.add_argument("--serde", choices=["single-object", "registry"], default="single-object")
    p.add_argument("--schema-registry-url")
    p.add_argument("--source", default="python-example")
    a = p.parse_args()
    if a.serde == "registry" and not a.schema_registry_url:
        p.error("--serde registry needs --schema-registry-url")
    topic = a.topic_prefix + "images"
    values = Values("ImageReference", registry_client(a.schema_registry_url))
    encode = values.encode_registry(topic + "-value") if a.serde == "registry" else values.encode_single_object
    producer = Producer({"bootstrap.servers": a.bootstrap, "acks": "all", "enable.idempotence": True})
    failed = []

    def delivered(err, msg):
        if err is not None:
            failed.append("%s: %s" % (msg.key().decode("utf-8"), err))
        else:
            print(msg.key().decode("utf-8"), flush=True)

    now = int(time.time() * 1000)
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        record = {"id": item["id"], "uri": item["uri"], "submittedAt": from_millis(item.get("submittedAt", now)),
                  "source": a.source, "attributes": item.get("attributes", {}),
                  "positives": item.get("labels", []), "negatives": item.get("negatives", [])}
        producer.produce(topic, key=item["id"].encode("utf-8"), value=encode(record), on_delivery=delivered)
        producer.poll(0)
    if producer.flush(30) > 0:
        failed.append("not acknowledged within 30 s")
    for f in failed:
        print("produce_images: " + f, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
