"""The Python consumers tagstream is measured against, written as a competent user would write them.

  per-message: Kafka-ML's pattern. Poll one record, score it alone, produce its prediction, wait for the ack,
               commit that record's offset (synchronously), repeat.
  batched:     poll up to --batch records (waiting at most --max-wait-ms), decode them, one forward pass, produce
               every prediction, wait for the acks, commit (synchronously).
  score:       no Kafka: probabilities of image files as float32 [N, labels], to check agreement with tagstream.

Both consumers read ImageReference records and write Prediction records in Avro single-object encoding
(C3 01, the 8-byte fingerprint, the Avro body), like tagstream's worker: labels at or above their threshold,
best first, at most --top-k. Fingerprints come from Java (python3-avro 1.11 computes them wrongly for schemas
with logical types). Speed-ups a user would apply: a TorchScript module frozen for inference, inference_mode,
torch.set_num_threads, one preallocated uint8 batch buffer, normalisation in place on the batch tensor.
"""
import argparse
import datetime
import io
import json
import os
import signal
import sys
import time
import urllib.parse

import avro.io
import avro.schema
import numpy as np
import torch
from PIL import Image

MEAN = torch.tensor([0.485, 0.456, 0.406], dtype=torch.float32).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225], dtype=torch.float32).view(1, 3, 1, 1)
WHITE = (255, 255, 255, 255)


class Model:
    """The TorchScript tagger plus the artifact's labels, thresholds and version."""

    def __init__(self, path, artifact, batch, top_k):
        self.module = torch.jit.freeze(torch.jit.load(path).eval())
        with open(os.path.join(artifact, "labels.json")) as f:
            self.labels = [entry["name"] for entry in json.load(f)]
        with open(os.path.join(artifact, "thresholds.json")) as f:
            self.thresholds = np.asarray(json.load(f), dtype=np.float32)
        with open(os.path.join(artifact, "model.json")) as f:
            info = json.load(f)
        self.version = info["version"]
        self.size = info["inputSize"]
        self.top_k = top_k
        self.buffer = np.empty((batch, self.size, self.size, 3), dtype=np.uint8)

    def rgb(self, data):
        """Decoded, alpha composited on white, stretched to size x size (bilinear): HWC uint8."""
        with Image.open(io.BytesIO(data)) as im:
            if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
                rgba = im.convert("RGBA")
                im = Image.new("RGBA", rgba.size, WHITE)
                im.alpha_composite(rgba)
            im = im.convert("RGB")
            if im.size != (self.size, self.size):
                im = im.resize((self.size, self.size), Image.BILINEAR)
            return np.asarray(im)

    def probabilities(self, images):
        """images: list of encoded image bytes. Returns float32 [N, labels]."""
        n = len(images)
        for i, data in enumerate(images):
            self.buffer[i] = self.rgb(data)
        with torch.inference_mode():
            x = torch.from_numpy(self.buffer[:n]).permute(0, 3, 1, 2).float()
            x.div_(255).sub_(MEAN).div_(STD)
            return self.module(x).numpy()

    def select(self, p):
        """(label, probability) at or above the label's threshold, best first, at most top_k."""
        hits = np.flatnonzero(p >= self.thresholds)
        if hits.size > self.top_k:
            hits = hits[np.argpartition(-p[hits], self.top_k - 1)[:self.top_k]]
        hits = hits[np.argsort(-p[hits], kind="stable")]
        return [{"label": self.labels[i], "probability": float(p[i])} for i in hits]


class Codec:
    """Avro single-object encoding with fingerprints given by the caller."""

    def __init__(self, schema_file, header_hex):
        with open(schema_file) as f:
            self.schema = avro.schema.parse(f.read())
        self.header = bytes.fromhex(header_hex)
        self.reader = avro.io.DatumReader(self.schema)
        self.writer = avro.io.DatumWriter(self.schema)

    def decode(self, data):
        if data[:10] != self.header:
            raise ValueError("not a " + self.schema.name + " record: header " + data[:10].hex())
        return self.reader.read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))

    def encode(self, datum):
        out = io.BytesIO()
        out.write(self.header)
        self.writer.write(datum, avro.io.BinaryEncoder(out))
        return out.getvalue()


def read_file(uri, roots):
    parsed = urllib.parse.urlparse(uri)
    path = os.path.realpath(urllib.parse.unquote(parsed.path))
    if parsed.scheme != "file" or not any(path.startswith(r + os.sep) for r in roots):
        raise ValueError("not under the file roots: " + uri)
    with open(path, "rb") as f:
        return f.read()


class Consumer:
    def __init__(self, args, model):
        from confluent_kafka import Consumer as KafkaConsumer, Producer
        self.args = args
        self.model = model
        self.roots = [os.path.realpath(r) for r in args.file_roots.split(",")]
        self.refs = Codec(args.reference_schema, args.reference_header)
        self.predictions = Codec(args.prediction_schema, args.prediction_header)
        # The topics are created just before the peer starts. librdkafka re-reads topic metadata only every
        # topic.metadata.refresh.interval.ms (5 minutes by default), so a first view missing part of a new
        # topic could leave partitions unconsumed that long: CI once saw the per-message peer stop at 14 of 24
        # predictions for 5 minutes. Reading metadata every second costs nothing here.
        self.consumer = KafkaConsumer({"bootstrap.servers": args.bootstrap, "group.id": args.group,
                                       "enable.auto.commit": False, "auto.offset.reset": "earliest",
                                       "topic.metadata.refresh.interval.ms": 1000})
        self.producer = Producer({"bootstrap.servers": args.bootstrap, "linger.ms": 5})
        self.consumer.subscribe([args.images_topic])
        self.running = True

    def prediction(self, ref, p, started, decoded, inferred):
        now = time.time()
        return {"id": ref["id"], "uri": ref["uri"], "modelVersion": self.model.version,
                "labels": self.model.select(p), "probabilities": None, "embedding": None,
                "timings": {"fetchMs": 0.0, "decodeMs": 1e3 * (decoded - started), "queueMs": 0.0,
                            "inferenceMs": 1e3 * (inferred - decoded), "totalMs": 1e3 * (now - started)},
                "submittedAt": ref["submittedAt"],
                "scoredAt": datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc)}

    def handle(self, messages):
        """Scores the records in one forward pass, produces the predictions and waits for their acks."""
        started = time.time()
        refs = [self.refs.decode(m.value()) for m in messages]
        images = [read_file(r["uri"], self.roots) for r in refs]
        decoded = time.time()
        probs = self.model.probabilities(images)
        inferred = time.time()
        for m, ref, p in zip(messages, refs, probs):
            value = self.predictions.encode(self.prediction(ref, p, started, decoded, inferred))
            self.producer.produce(self.args.predictions_topic, key=m.key(), value=value)
        self.producer.flush()

    def run(self):
        per_message = self.args.mode == "per-message"
        while self.running:
            if per_message:
                m = self.consumer.poll(0.1)
                messages = [] if m is None else [m]
            else:
                messages = self.consumer.consume(num_messages=self.args.batch,
                                                 timeout=self.args.max_wait_ms / 1e3)
            messages = [m for m in messages if m.error() is None]
            if not messages:
                continue
            self.handle(messages)
            if per_message:
                self.consumer.commit(message=messages[0], asynchronous=False)
            else:
                self.consumer.commit(asynchronous=False)
        self.consumer.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["per-message", "batched", "score"])
    ap.add_argument("--model", required=True, help="TorchScript file from export_torchscript.py")
    ap.add_argument("--artifact", required=True, help="the model artifact directory (labels, thresholds)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--max-wait-ms", type=float, default=10)
    ap.add_argument("--top-k", type=int, default=10)
    ap.add_argument("--bootstrap")
    ap.add_argument("--group")
    ap.add_argument("--images-topic")
    ap.add_argument("--predictions-topic")
    ap.add_argument("--file-roots")
    ap.add_argument("--reference-schema")
    ap.add_argument("--reference-header", help="hex of C3 01 + the schema's fingerprint, little-endian")
    ap.add_argument("--prediction-schema")
    ap.add_argument("--prediction-header")
    ap.add_argument("--files", help="score: a file with one image path per line")
    ap.add_argument("--out", help="score: where the float32 probabilities go")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    batch = 1 if args.mode == "per-message" else args.batch
    model = Model(args.model, args.artifact, batch, args.top_k)
    if args.mode == "score":
        with open(args.files) as f:
            paths = [line.strip() for line in f if line.strip()]
        rows = []
        for i in range(0, len(paths), batch):
            chunk = []
            for p in paths[i:i + batch]:
                with open(p, "rb") as f:
                    chunk.append(f.read())
            rows.append(model.probabilities(chunk))
        np.concatenate(rows).astype("<f4").tofile(args.out)
        return
    consumer = Consumer(args, model)

    def stop(signum, frame):
        consumer.running = False
    signal.signal(signal.SIGTERM, stop)
    print("consuming " + args.images_topic + " as " + args.mode, flush=True)
    consumer.run()


if __name__ == "__main__":
    main()
