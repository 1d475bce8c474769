#!/usr/bin/env python3
"""Writes a large synthetic data file for measuring `downhill train --stream` (issue 13): N rows of
F standard-normal features x1..xF and a binary label y = [w·x + noise > 0], w_j = (-1)^j / sqrt(j),
with logistic noise, so the best linear model's accuracy is about 0.77. Values are drawn from a
seeded pool of 4,096 normal draws printed with 6 significant digits (pure Python, no numpy:
about 12 µs a row).

    python3 tools/stream_data.py /tmp/big.csv --rows 10000000 --features 20   # 1.85 GB, ~2 min
    python3 tools/stream_data.py /tmp/big.svm --format libsvm                 # `±1 1:x1 2:x2 ...`
    python3 tools/stream_data.py /tmp/big.vw --format vw                      # `±1 |f 1:x1 2:x2 ...`

The rows depend only on --rows, --features and --seed, never on --format, so the three formats of
one seed hold the same rows (the harness's Vowpal Wabbit task, bench/harness/tasks/stream_vw.py,
relies on it). LIBSVM and VW labels are +1/-1 (y = 1/0); VW's features are named by their LIBSVM
index in one namespace `f`. The data is not committed; delete it after measuring.
"""
import argparse
import math
import random


def line(fmt, texts, ks, positive):
    if fmt == "csv":
        return ",".join([texts[k] for k in ks]) + (",1\n" if positive else ",0\n")
    pairs = " ".join(f"{j + 1}:{texts[k]}" for j, k in enumerate(ks))
    label = "1" if positive else "-1"
    return f"{label} |f {pairs}\n" if fmt == "vw" else f"{label} {pairs}\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--features", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=["csv", "libsvm", "vw"], default="csv")
    a = p.parse_args()
    rng = random.Random(a.seed)
    values = [rng.gauss(0.0, 1.0) for _ in range(4096)]
    texts = [f"{v:.6g}" for v in values]
    w = [(-1) ** j / math.sqrt(j + 1) for j in range(a.features)]
    with open(a.out, "w", buffering=1 << 22) as f:
        if a.format == "csv":
            f.write(",".join(f"x{j + 1}" for j in range(a.features)) + ",y\n")
        lines = []
        for _ in range(a.rows):
            ks = [rng.getrandbits(12) for _ in range(a.features)]
            z = sum(wj * values[k] for wj, k in zip(w, ks))
            u = rng.random() or 1e-12
            z += math.log(u / (1.0 - u))  # logistic noise
            lines.append(line(a.format, texts, ks, z > 0))
            if len(lines) == 10_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
