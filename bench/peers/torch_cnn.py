"""Task (f), PyTorch eager peer: the issue's CNN on the first 8,000 shipped MNIST digits, tested on
the last 2,000:
  conv2d(16, 5, padding=2), relu, max_pool2d(2), conv2d(32, 5, padding=2), relu, max_pool2d(2),
  flatten, linear(10)
torch's default initialisation (downhill's spec layers draw the same distributions), cross-entropy,
rows reshuffled every epoch and cut into batches (last one smaller), Adam(lr) at torch's defaults.
Pixels / 255, then normalised by the training pixels' mean and standard deviation, as
pytorch/examples' MNIST does (`transforms.Normalize((0.1307,), (0.3081,))`, the full training set's
figures; here the 8,000 training rows'), and as downhill's default scaling of images
(`--scale global-standard`) does.
torch's own default thread count unless --threads N is given (the harness never gives it).
Prints JSON: per-epoch seconds (the batches only), training loss, test accuracy, torch's threads.
"""
import argparse
import json
import time

import torch
from torch import nn

import mnist
from torch_mlp import peak_rss


def model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data")
    ap.add_argument("--train", type=int, default=8000)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="0: torch's default")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr, xte, yte = (torch.from_numpy(v) for v in mnist.load(a.data, a.train))
    xtr, xte = xtr.reshape(-1, 1, 28, 28), xte.reshape(-1, 1, 28, 28)
    mean, std = xtr.mean(), xtr.std(unbiased=False)
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
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
            loss = loss_fn(net(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
        seconds.append(time.perf_counter() - start)
        losses.append(total / batches)
    net.eval()
    with torch.no_grad():
        accuracy = (net(xte).argmax(1) == yte).float().mean().item()
    print(json.dumps({"epoch_seconds": seconds, "train_loss": losses, "test_accuracy": accuracy,
                      "peak_rss": peak_rss(), "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
