#!/usr/bin/env python3
"""Writes a TorchScript image backbone that `tagstream train --backbone-file` accepts.

A backbone maps a float tensor [N, 3, S, S] (ImageNet-normalised RGB, what tagstream's preprocessor produces) to
embeddings [N, D]. Any scripted (or, for inference only, traced) torch.nn.Module with that signature works (e.g. a torchvision ResNet with
its fc layer replaced by nn.Identity); this script writes a small seeded one, used by the tests:

    /usr/bin/python3 scripts/torchscript_backbone.py OUT.pt [--size 32] [--width 16] [--seed 7]

(Debian: apt-get install python3-torch; tagstream loads files written by torch 1.13 and later.)
"""
import argparse

import torch
from torch import nn


class SmallBackbone(nn.Module):
    def __init__(self, width: int):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(2 * width),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    net = SmallBackbone(a.width).eval()
    # scripted, not traced: a trace freezes BatchNorm in the mode it was traced in, so fine-tuning would not
    # update its statistics
    scripted = torch.jit.script(net)
    scripted.save(a.out)
    print(f"wrote {a.out}: [N, 3, {a.size}, {a.size}] -> [N, {2 * a.width}]")


if __name__ == "__main__":
    main()
