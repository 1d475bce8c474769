"""Task (a), PyTorch eager peer: MLP 784-256-128-10 on the first 8,000 shipped MNIST digits.

Matches `downhill-bench mlp`: relu; every Linear weight drawn with kaiming_uniform_(relu) (downhill's
default He-uniform init for rectifiers), biases left at torch's default U(-1/sqrt(in), 1/sqrt(in))
(which downhill also uses); cross-entropy; rows reshuffled every epoch and cut into batches (last one
smaller); Adam(lr) with torch defaults or SGD(lr, momentum=0.9); no weight decay. torch's own
default thread count unless --threads N is given (the harness never gives it).
Prints JSON: per-epoch seconds (the batches only), training loss, test accuracy, torch's threads.
"""
import argparse
import json
import time

import torch
from torch import nn

import mnist


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data")
    ap.add_argument("--train", type=int, default=8000)
    ap.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="0: torch's default")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr, xte, yte = (torch.from_numpy(v) for v in mnist.load(a.data, a.train))
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
    if a.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    n = xtr.shape[0]
    seconds, losses = [], []
    for _ in range(a.epochs):
        start = time.perf_counter()
        perm = torch.randperm(n)
        total, batches = 0.0, 0
        for i in range(0, n, a.batch):
            idx = perm[i : i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
        seconds.append(time.perf_counter() - start)
        losses.append(total / batches)
    with torch.no_grad():
        accuracy = (model(xte).argmax(1) == yte).float().mean().item()
    print(json.dumps({"epoch_seconds": seconds, "train_loss": losses, "test_accuracy": accuracy,
                      "peak_rss": peak_rss(), "threads": torch.get_num_threads()}))


def peak_rss():
    """VmHWM of this process in bytes (not getrusage, which also counts the parent before exec)."""
    with open("/proc/self/status") as f:
        return next((int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:")), 0)


if __name__ == "__main__":
    main()
