"""A GAN on MNIST-10k, judged by a downhill MNIST classifier: the share of 1,000 samples it
classifies with confidence above 0.9, and how many of the 10 digits appear among them.

Both models train on the first 8,000 shipped images (pixels / 255) through downhill's command line:
    classifier  train --model mlp --hidden 256,128 (test accuracy on the last 2,000 printed)
    GAN         train --model gan (its defaults: MLP generator 100-256-512-1024-784 with leaky relu
                and a sigmoid, discriminator 784-512-256-1, non-saturating loss, two Adams at 2e-4 with
                betas (0.5, 0.999), batches of 64) for --epochs (default 30)
then `generate --samples 1000` and `predict --proba` with the classifier.

Usage: python tools/gan_mnist.py [--downhill target/release/downhill] [--epochs 30] [--seed 0] [--samples FILE]
(--samples: the generator's `generate --samples 64 --plot FILE` picture.) Needs numpy.
"""
import argparse
import csv
import io
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from anomaly_mnist import ROOT, idx, write_csv


def run(*args):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--downhill", default=str(ROOT / "target/release/downhill"))
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--samples")
    args = ap.parse_args()
    exe = args.downhill
    x = idx(ROOT / "data/mnist-10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y = idx(ROOT / "data/mnist-10k-labels-idx1-ubyte.gz").astype(np.int64)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "mnist.csv"
        write_csv(data, x, y)
        clf, gan, drawn = work / "clf.safetensors", work / "gan.safetensors", work / "drawn.csv"
        out = run(exe, "train", data, "--target", "label", "--model", "mlp", "--hidden", "256,128", "--scale", "none",
                  "--test-rows", "8000..10000", "--out", clf)
        print(next(line for line in out.splitlines() if line.startswith("test")))
        start = time.time()
        run(exe, "train", data, "--target", "label", "--model", "gan", "--scale", "none", "--test-rows", "8000..10000",
            "--epochs", args.epochs, "--seed", args.seed, "--out", gan, "--quiet")
        print(f"GAN: {args.epochs} epochs in {time.time() - start:.1f} s")
        samples = run(exe, "generate", gan, "--samples", 1000, "--seed", args.seed)
        rows = list(csv.reader(io.StringIO(samples)))
        with open(drawn, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(rows[0][1:])
            w.writerows(r[1:] for r in rows[1:])
        if args.samples:
            run(exe, "generate", gan, "--samples", 64, "--seed", args.seed, "--plot", args.samples)
        proba = list(csv.reader(io.StringIO(run(exe, "predict", clf, drawn, "--proba"))))
        p = np.array([[float(v) for v in r[2:]] for r in proba[1:]])
        confident = (p.max(axis=1) > 0.9).mean()
        digits = sorted(set(p.argmax(axis=1).tolist()))
        counts = np.bincount(p.argmax(axis=1), minlength=10)
        print(f"confident (> 0.9): {confident:.3f}; digits covered: {len(digits)} of 10; per digit: {counts.tolist()}")


if __name__ == "__main__":
    main()
