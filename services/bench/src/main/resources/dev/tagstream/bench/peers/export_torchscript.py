"""Builds tagstream's built-in ResNet tagger in PyTorch from the weights TorchScriptExport wrote, and traces it.

Usage: export_torchscript.py weights.json weights.bin model.pt
The module maps normalised images [N, 3, S, S] to label probabilities [N, labels] (sigmoid included).
"""
import json
import sys

import numpy as np
import torch
from torch import nn

# DJL's BatchNorm default epsilon (ai.djl.nn.norm.BatchNorm)
BN_EPS = 1e-5


def conv(cin, cout, kernel, stride):
    return nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False)


class Residual(nn.Module):
    def __init__(self, cin, cout, stride, project):
        super().__init__()
        self.conv1 = conv(cin, cout, 3, stride)
        self.bn1 = nn.BatchNorm2d(cout, eps=BN_EPS)
        self.conv2 = conv(cout, cout, 3, 1)
        self.bn2 = nn.BatchNorm2d(cout, eps=BN_EPS)
        self.shortcut = nn.Sequential(conv(cin, cout, 1, stride), nn.BatchNorm2d(cout, eps=BN_EPS)) \
            if project else nn.Identity()

    def forward(self, x):
        main = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        return torch.relu(main + self.shortcut(x))


class Tagger(nn.Module):
    def __init__(self, width, depth, stages, labels):
        super().__init__()
        layers = [conv(3, width, 3, 2), nn.BatchNorm2d(width, eps=BN_EPS), nn.ReLU()]
        channels = width
        for s in range(stages):
            out = width << s
            for b in range(depth):
                stride = 2 if s > 0 and b == 0 else 1
                layers.append(Residual(channels, out, stride, channels != out or stride != 1))
                channels = out
        self.backbone = nn.Sequential(*layers)
        self.head = nn.Linear(channels, labels)

    def forward(self, x):
        emb = torch.flatten(torch.mean(self.backbone(x), dim=(2, 3)), 1)
        return torch.sigmoid(self.head(emb))


def targets(model):
    """(kind, tensor) in DJL's parameter order: conv weight; BN gamma, beta, running mean, running var; linear."""
    out = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            out.append(("weight", m.weight))
        elif isinstance(m, nn.BatchNorm2d):
            out += [("gamma", m.weight), ("beta", m.bias), ("runningMean", m.running_mean),
                    ("runningVar", m.running_var)]
        elif isinstance(m, nn.Linear):
            out += [("weight", m.weight), ("bias", m.bias)]
    return out


def main(index_path, data_path, out_path):
    with open(index_path) as f:
        index = json.load(f)
    data = np.fromfile(data_path, dtype="<f4")
    model = Tagger(index["width"], index["depth"], index["stages"], index["labels"]).eval()
    slots = targets(model)
    tensors = index["tensors"]
    if len(slots) != len(tensors):
        sys.exit(f"{len(tensors)} tensors in {index_path}, the PyTorch tagger has {len(slots)}")
    at = 0
    with torch.no_grad():
        for (kind, dst), t in zip(slots, tensors):
            shape = tuple(t["shape"])
            if not t["name"].endswith(kind) or tuple(dst.shape) != shape:
                sys.exit(f"{t['name']} {shape} does not fit the PyTorch {kind} {tuple(dst.shape)}")
            n = int(np.prod(shape))
            dst.copy_(torch.from_numpy(data[at:at + n].reshape(shape)))
            at += n
    if at != data.size:
        sys.exit(f"{data.size - at} floats of {data_path} left over")
    size = index["inputSize"]
    traced = torch.jit.trace(model, torch.zeros(2, 3, size, size))
    traced.save(out_path)
    print(f"wrote {out_path}: {len(tensors)} tensors, {at} floats")


if __name__ == "__main__":
    main(*sys.argv[1:4])
