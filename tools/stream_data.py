#!/usr/bin/env python3
"""Writes a large synthetic CSV for measuring `downhill train --stream` (issue 13): N rows of F
standard-normal features x1..xF and a binary label y = [w·x + noise > 0], w_j = (-1)^j / sqrt(j),
with logistic noise, so the best linear model's accuracy is about 0.77. Values are drawn from a
seeded pool of 4,096 normal draws printed with 6 significant digits (pure Python, no numpy:
about 12 µs a row).

    python3 tools/stream_data.py /tmp/big.csv --rows 10000000 --features 20   # 1.85 GB, ~2 min

The data is not committed; delete it after measuring. The README's streaming design note gives
the command lines measured on it, and the Vowpal Wabbit line: its text format from this CSV is
    awk -F, 'NR>1 {printf "%d |f", ($21==1?1:-1); for(i=1;i<=20;i++) printf " x%d:%s", i, $i; print ""}'
"""
import argparse
import math
import random


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--features", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = random.Random(a.seed)
    values = [rng.gauss(0.0, 1.0) for _ in range(4096)]
    texts = [f"{v:.6g}" for v in values]
    w = [(-1) ** j / math.sqrt(j + 1) for j in range(a.features)]
    header = ",".join(f"x{j + 1}" for j in range(a.features)) + ",y\n"
    with open(a.out, "w", buffering=1 << 22) as f:
        f.write(header)
        lines = []
        for _ in range(a.rows):
            ks = [rng.getrandbits(12) for _ in range(a.features)]
            z = sum(wj * values[k] for wj, k in zip(w, ks))
            u = rng.random() or 1e-12
            z += math.log(u / (1.0 - u))  # logistic noise
            lines.append(",".join([texts[k] for k in ks]) + (",1\n" if z > 0 else ",0\n"))
            if len(lines) == 10_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
