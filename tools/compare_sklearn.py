#!/usr/bin/env python3
"""downhill beside scikit-learn on the same held-out rows: the figures of docs/ACCURACY.md.

What it runs, for each entry of RUNS below:
  1. `downhill train DATA <flags> --out <tmp>` (the release binary), and reads the test metric
     (accuracy, or R^2 for diabetes) from the summary it prints;
  2. the scikit-learn counterpart, trained on exactly the same training rows and scored on exactly
     the same test rows, with the same preprocessing: StandardScaler fitted on the training rows
     (downhill's default `--scale standard`, also population std, constant columns left at 1); for
     MNIST pixels / 255 (downhill uses `--scale minmax` fitted on the training rows, which differs
     only for the few pixel columns whose training maximum is below 255 or that are constant).

The splits. `--test-rows A..B` is a contiguous range, trivially the same here. `--test-fraction F`
is downhill's seeded draw, ported below from crates/downhill-learn/src/holdout.rs with the
generator of crates/downhill-tensor/src/rng.rs (xoshiro256++ seeded by SplitMix64, Lemire's
`below`, Fisher-Yates from the end): the rows of each class (classes in downhill's order: numbers
numerically, text by bytes; regression is one group) are shuffled by `Rng(seed ^ 0x7e575eed)` and
the first round(F * n_class) (at least 1, never all) are held out; for regression ceil(F * n), as
scikit-learn's `train_test_split` rounds. The port is checked on every run:
the first 64-bit output of seed 42 is pinned as in rng.rs, and for CSV data the downhill model is
evaluated with `downhill evaluate` on a file holding exactly the rows the port chose, which must
reproduce the test metric `train` printed (to 1e-4; the two are the same computation on the same rows).

How to run (from the repository root; figures in docs/ACCURACY.md: scikit-learn 1.9.1, numpy 2.4):
    cargo build --release -p downhill-cli
    /work/scratch/venv/bin/python tools/compare_sklearn.py                # prints the table
    /work/scratch/venv/bin/python tools/compare_sklearn.py --write docs/ACCURACY.md
Options: --downhill PATH (default target/release/downhill), --only NAME[,NAME] (run names below).
Any Python with numpy and scikit-learn will do. The MNIST entries take about a minute each on 2 cores.
"""

import argparse
import gzip
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import sklearn
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
M64 = (1 << 64) - 1
TEST_STREAM = 0x7E575EED  # test_split.rs: mixed into the seed so the test draw differs from validation's

MNIST_SGD = "--optimizer sgd --momentum 0.9 --lr 0.05 --batch-size 32"
MNIST_ADAM = "--optimizer adam --lr 1e-3 --batch-size 128"
MNIST_COMMON = "--model mlp --hidden 256,128 --epochs 10 --scale minmax --test-rows 8000..10000"


def mlp_mnist(**kw):
    """784-256-128-10 relu, 10 epochs, alpha 1e-4 (downhill's MLP default L2), like downhill's run."""
    return MLPClassifier(hidden_layer_sizes=(256, 128), max_iter=10, random_state=0, **kw)


# name, data file, target, downhill flags, model label, scikit-learn label and constructor
RUNS = [
    ("breast_cancer", "breast_cancer.csv", "diagnosis", "--test-fraction 0.2",
     "logistic regression", "LogisticRegression()", lambda: LogisticRegression(max_iter=10_000)),
    ("iris", "iris.csv", "species", "--test-fraction 0.2",
     "softmax regression", "LogisticRegression() (multinomial)", lambda: LogisticRegression(max_iter=10_000)),
    ("digits-default", "digits.csv", "digit", "--test-fraction 0.2",
     "softmax regression", "LogisticRegression() (multinomial)", lambda: LogisticRegression(max_iter=10_000)),
    ("digits-mlp", "digits.csv", "digit", "--test-fraction 0.2 --model mlp",
     "MLP 64-100-10", "MLPClassifier() (100 relu, Adam 1e-3, batch 200)", lambda: MLPClassifier(random_state=0)),
    ("diabetes", "diabetes.csv", "progression", "--test-fraction 0.2",
     "linear regression", "LinearRegression() (least squares)", LinearRegression),
    ("diabetes-rows", "diabetes.csv", "progression", "--test-rows 354..442",
     "linear regression", "LinearRegression() (least squares)", LinearRegression),
    ("diabetes-mlp", "diabetes.csv", "progression", "--test-fraction 0.2 --model mlp",
     "MLP 10-100-1", "TransformedTargetRegressor(MLPRegressor(), StandardScaler())",
     lambda: TransformedTargetRegressor(MLPRegressor(random_state=0), transformer=StandardScaler())),
    ("mnist-adam", "mnist-10k-images-idx3-ubyte.gz", None, f"{MNIST_COMMON} {MNIST_ADAM}",
     "MLP 784-256-128-10", "MLPClassifier((256, 128), adam, lr 1e-3, batch 128, 10 epochs)",
     lambda: mlp_mnist(solver="adam", learning_rate_init=1e-3, batch_size=128)),
    ("mnist-sgd", "mnist-10k-images-idx3-ubyte.gz", None, f"{MNIST_COMMON} {MNIST_SGD}",
     "MLP 784-256-128-10", "MLPClassifier((256, 128), sgd, momentum 0.9, lr 0.05, batch 32, 10 epochs)",
     lambda: mlp_mnist(solver="sgd", momentum=0.9, nesterovs_momentum=False, learning_rate_init=0.05,
                       batch_size=32)),
]


# ---- downhill's generator and test split, ported ----------------------------------------------

class Rng:
    """crates/downhill-tensor/src/rng.rs: xoshiro256++ (rand_xoshiro 0.6), seeded by SplitMix64."""

    def __init__(self, seed):
        x, self.s = seed, []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    def next_u64(self):
        s = self.s
        rotl = lambda v, k: ((v << k) | (v >> (64 - k))) & M64  # noqa: E731
        out = (rotl((s[0] + s[3]) & M64, 23) + s[0]) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return out

    def below(self, n):
        threshold = ((-n) & M64) % n
        while True:
            m = self.next_u64() * n
            if (m & M64) >= threshold:
                return m >> 64

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def test_rows(n, fraction, class_ids, seed):
    """holdout.rs `held_out`: sorted test row indices. class_ids: None for regression."""
    groups = (max(class_ids) + 2) if class_ids is not None else 1
    by_group = [[] for _ in range(groups)]
    for i in range(n):
        by_group[groups - 1 if class_ids is None else class_ids[i]].append(i)
    rng, test = Rng(seed ^ TEST_STREAM), []
    for rows in by_group:
        if not rows:
            continue
        rng.shuffle(rows)
        share = fraction * len(rows)
        wanted = math.ceil(share) if class_ids is None else math.floor(share + 0.5)
        k = 0 if len(rows) < 2 else min(max(wanted, 1), len(rows) - 1)
        test += rows[:k]
    return sorted(test)


# ---- data ------------------------------------------------------------------------------------

def read_csv(path, target):
    """(header line, data lines, features [n, d] float64, targets as strings)."""
    with open(path) as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    header, rows = lines[0], lines[1:]
    names = header.split(",")
    t = names.index(target)
    cells = [r.split(",") for r in rows]
    x = np.array([[float(v) for j, v in enumerate(c) if j != t] for c in cells])
    return header, rows, x, [c[t] for c in cells]


def class_ids(labels):
    """downhill's class order: numeric labels numerically, text labels by bytes."""
    try:
        keys = sorted(set(labels), key=float)
    except ValueError:
        keys = sorted(set(labels))
    index = {k: i for i, k in enumerate(keys)}
    return [index[v] for v in labels]


def read_idx(images_path):
    with gzip.open(images_path) as f:
        magic, n, h, w = np.frombuffer(f.read(16), ">u4")
        assert magic == 2051
        x = np.frombuffer(f.read(), np.uint8).reshape(n, h * w)
    with gzip.open(images_path.replace("images-idx3", "labels-idx1")) as f:
        magic, n2 = np.frombuffer(f.read(8), ">u4")
        assert magic == 2049 and n2 == n
        y = np.frombuffer(f.read(), np.uint8)
    return x.astype(np.float64), y


# ---- the two sides -----------------------------------------------------------------------------

def downhill_train(binary, data, target, flags, out):
    cmd = [binary, "train", data] + (["--target", target] if target else []) + flags.split() + ["--out", out]
    started = time.time()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    line = next(l for l in done.stdout.splitlines() if l.startswith("test ("))
    m = re.match(r"test \((\d+) rows\): (\w+) ([-\d.]+)", line)
    return m.group(2), float(m.group(3)), int(m.group(1)), time.time() - started


def downhill_evaluate(binary, model, csv_path):
    done = subprocess.run([binary, "evaluate", model, csv_path, "--format", "json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def flag(flags, name):
    m = re.search(rf"{name} (\S+)", flags)
    return m.group(1) if m else None


def run_one(binary, entry, tmp):
    name, file, target, flags, model_label, sk_label, make = entry
    data = os.path.join(ROOT, "data", file)
    seed = int(flag(flags, "--seed") or 0)
    if file.endswith(".csv"):
        header, lines, x, labels = read_csv(data, target)
        regression = target == "progression"
        y = np.array([float(v) for v in labels]) if regression else np.array(class_ids(labels))
    else:
        header, lines, regression = None, None, False
        x, y = read_idx(data)
    n = len(y)
    if flag(flags, "--test-rows"):
        a, b = map(int, flag(flags, "--test-rows").split(".."))
        test = list(range(a, b))
    else:
        ids = None if regression else list(y)
        test = test_rows(n, float(flag(flags, "--test-fraction")), ids, seed)
    train = sorted(set(range(n)) - set(test))

    model_path = os.path.join(tmp, f"{name}.safetensors")
    metric, dh, dh_rows, dh_secs = downhill_train(binary, data, target, flags, model_path)
    assert dh_rows == len(test), f"{name}: downhill held out {dh_rows} rows, the port {len(test)}"
    if lines is not None:  # the port chose the same rows: evaluating on them gives train's figure
        csv_path = os.path.join(tmp, f"{name}-test.csv")
        with open(csv_path, "w") as f:
            f.write("\n".join([header] + [lines[i] for i in test]) + "\n")
        again = downhill_evaluate(binary, model_path, csv_path)[metric]
        assert abs(again - dh) < 1e-4, f"{name}: evaluate on the ported rows gives {again}, train {dh}"

    if file.endswith(".csv"):
        scaler = StandardScaler().fit(x[train])
        xtr, xte = scaler.transform(x[train]), scaler.transform(x[test])
    else:
        xtr, xte = x[train] / 255.0, x[test] / 255.0
    started = time.time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # MLPs stop at max_iter, as downhill's do
        est = make().fit(xtr, y[train])
    sk = est.score(xte, y[test])  # accuracy, or R^2 for LinearRegression
    return dict(name=name, file=file, n_train=len(train), n_test=len(test), flags=flags, target=target,
                model=model_label, metric=metric, downhill=dh, downhill_s=dh_secs, sklearn_label=sk_label,
                sklearn=sk, sklearn_s=time.time() - started)


def table(results):
    head = ("| data (train / test rows) | model | `downhill train DATA` flags | downhill | "
            "scikit-learn counterpart | scikit-learn |\n| --- | --- | --- | --- | --- | --- |\n")
    rows = []
    for r in results:
        target = f"--target {r['target']} " if r["target"] else ""
        metric = "R²" if r["metric"] == "r2" else "accuracy"
        data = r["file"].split("-images")[0].removesuffix(".csv").replace("mnist", "MNIST")
        rows.append(f"| {data} ({r['n_train']} / {r['n_test']}) "
                    f"| {r['model']} | `{target}{r['flags']}` | {metric} {r['downhill']:.4f} "
                    f"| `{r['sklearn_label']}` | {metric} {r['sklearn']:.4f} |")
    return head + "\n".join(rows) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--downhill", default=os.path.join(ROOT, "target", "release", "downhill"))
    p.add_argument("--only", help="comma-separated run names: " + ", ".join(r[0] for r in RUNS))
    p.add_argument("--write", help="write the table into this markdown file between the marker comments")
    args = p.parse_args()
    assert Rng(42).next_u64() == 15021278609987233951, "the Rng port disagrees with rng.rs's pinned value"
    only = set(args.only.split(",")) if args.only else None
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry in RUNS:
            if only and entry[0] not in only:
                continue
            r = run_one(args.downhill, entry, tmp)
            print(f"{r['name']:15} downhill {r['metric']} {r['downhill']:.4f} ({r['downhill_s']:.1f} s)   "
                  f"sklearn {r['sklearn']:.4f} ({r['sklearn_s']:.1f} s)", file=sys.stderr)
            results.append(r)
    text = table(results)
    print(text, end="")
    if args.write:
        with open(args.write) as f:
            doc = f.read()
        begin, end = "<!-- compare_sklearn.py: begin -->\n", "<!-- compare_sklearn.py: end -->"
        i, j = doc.index(begin) + len(begin), doc.index(end)
        with open(args.write, "w") as f:
            f.write(doc[:i] + text + f"\nscikit-learn {sklearn.__version__}, numpy {np.__version__}.\n" + doc[j:])


if __name__ == "__main__":
    main()
