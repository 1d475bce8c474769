"""Diagnostic behind the subnormal-float note of task (a): trains the torch peer's MLP with SGD
momentum 0.9, lr 0.05, batch 32 (seed 0) and prints, after each epoch, how many gradient and
momentum-buffer values are subnormal (nonzero and below float32's smallest normal). Run from the
repository root: `bench/.venv/bin/python bench/peers/subnormal_count.py`."""
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mnist  # noqa: E402

TINY = torch.finfo(torch.float32).tiny


def subnormal(t):
    return int(((t != 0) & (t.abs() < TINY)).sum())


def main():
    torch.manual_seed(0)
    xtr, ytr, _, _ = (torch.from_numpy(v) for v in mnist.load("data", 8000))
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    total = sum(p.numel() for p in model.parameters())
    for epoch in range(1, 11):
        perm = torch.randperm(8000)
        for i in range(0, 8000, 32):
            idx = perm[i : i + 32]
            opt.zero_grad()
            loss_fn(model(xtr[idx]), ytr[idx]).backward()
            opt.step()
        grads = sum(subnormal(p.grad) for p in model.parameters())
        momentum = sum(subnormal(opt.state[p]["momentum_buffer"]) for p in model.parameters())
        print(f"epoch {epoch}: subnormal gradients {grads}, subnormal momentum values {momentum} of {total}")


if __name__ == "__main__":
    main()
