"""Task (c)'s data: N x D dense float32 rows, deterministic (numpy PCG64 seeded 0), written once to
<out>.x.f32 (row-major, little-endian) and <out>.y.f32 (0/1).

x ~ N(0, 1); w ~ N(0, 1) normalised to |w| = 3; y ~ Bernoulli(sigmoid(x . w)), so the classes
overlap (the Bayes accuracy, E[sigmoid(|x . w|)], is about 0.836) and no tool can separate them perfectly.
"""
import argparse
from pathlib import Path

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    x_path, y_path = Path(a.out + ".x.f32"), Path(a.out + ".y.f32")
    if x_path.exists() and y_path.exists() and x_path.stat().st_size == a.rows * a.cols * 4:
        return
    rng = np.random.default_rng(0)
    w = rng.standard_normal(a.cols)
    w *= 3.0 / np.linalg.norm(w)
    x = rng.standard_normal((a.rows, a.cols), dtype=np.float32)
    p = 1.0 / (1.0 + np.exp(-(x @ w.astype(np.float32))))
    y = (rng.random(a.rows) < p).astype(np.float32)
    x_path.parent.mkdir(parents=True, exist_ok=True)
    x.astype("<f4").tofile(x_path)
    y.astype("<f4").tofile(y_path)


if __name__ == "__main__":
    main()
