"""MNIST-10k anomaly detection by autoencoder reconstruction error, downhill against torch.

For each digit class c: train an autoencoder on the rows of class c among the first 8,000 images
(pixels / 255), score the last 2,000 images by their mean squared reconstruction error, and report
the AUROC of telling the other classes (anomalies) from class c (normal). downhill trains through
its command line (`train --model autoencoder`, then `anomaly --score reconstruction`); torch trains
the same network with the same settings:
    784 -> linear(128), relu, linear(32), relu, linear(128), relu, linear(784), sigmoid
    torch's default init, MSELoss over every pixel, Adam lr 1e-3, batches of 64 shuffled rows,
    50 epochs, no weight decay; the seed is the class.

Usage: python tools/anomaly_mnist.py [--downhill target/release/downhill] [--markdown FILE] [--roc FILE]
(--roc: downhill's ROC curve picture for digit 0.)
Needs torch, numpy and scikit-learn (bench/.venv or tools/refgen/requirements.txt).
"""
import argparse
import gzip
import json
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
LAYERS = "linear(128), relu, linear(32), relu, linear(128), relu, linear, sigmoid"
EPOCHS, BATCH, LR = 50, 64, 1e-3


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def write_csv(path, x, labels):
    header = ",".join([f"p{j}" for j in range(x.shape[1])] + ["label"])
    rows = np.concatenate([x, labels[:, None].astype(np.float32)], axis=1)
    np.savetxt(path, rows, delimiter=",", header=header, comments="", fmt="%.6g")


def torch_scores(c, x_train, x_test):
    torch.manual_seed(c)
    net = torch.nn.Sequential(
        torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 128), torch.nn.ReLU(), torch.nn.Linear(128, 784), torch.nn.Sigmoid())
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    x = torch.tensor(x_train)
    for _ in range(EPOCHS):
        for b in torch.randperm(len(x)).split(BATCH):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x[b]), x[b])
            loss.backward()
            opt.step()
    with torch.no_grad():
        t = torch.tensor(x_test)
        return ((net(t) - t) ** 2).mean(dim=1).numpy()


def downhill_auroc(exe, c, train_csv, test_csv, work, roc):
    model = work / f"ae{c}.json"
    subprocess.run([exe, "train", train_csv, "--model", "autoencoder", "--target", "label", "--scale", "none",
                    "--layers", LAYERS, "--optimizer", "adam", "--lr", str(LR), "--batch-size", str(BATCH),
                    "--epochs", str(EPOCHS), "--tol", "none", "--l2", "0", "--seed", str(c), "--out", model,
                    "--quiet"], check=True, capture_output=True)
    out = subprocess.run([exe, "anomaly", model, test_csv, "--score", "reconstruction", "--label", "label",
                          "--normal", str(c), "--format", "json"] + (["--plot", roc] if roc else []),
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["auroc"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--downhill", default=str(ROOT / "target/release/downhill"))
    ap.add_argument("--markdown")
    ap.add_argument("--roc")
    args = ap.parse_args()
    x = idx(ROOT / "data/mnist-10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y = idx(ROOT / "data/mnist-10k-labels-idx1-ubyte.gz").astype(np.int64)
    x_test, y_test = x[8000:], y[8000:]
    lines = ["| class | training rows | downhill AUROC | torch AUROC | difference |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        test_csv = work / "test.csv"
        write_csv(test_csv, x_test, y_test)
        for c in range(10):
            rows = np.flatnonzero(y[:8000] == c)
            train_csv = work / f"train{c}.csv"
            write_csv(train_csv, x[rows], y[rows])
            start = time.time()
            ours = downhill_auroc(args.downhill, c, train_csv, test_csv, work, args.roc if c == 0 else None)
            ours_s = time.time() - start
            start = time.time()
            theirs = roc_auc_score(y_test != c, torch_scores(c, x[rows], x_test))
            theirs_s = time.time() - start
            line = f"| {c} | {len(rows)} | {ours:.4f} | {theirs:.4f} | {ours - theirs:+.4f} |"
            print(line, f"(downhill {ours_s:.1f} s, torch {theirs_s:.1f} s)", flush=True)
            lines.append(line)
    if args.markdown:
        Path(args.markdown).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
