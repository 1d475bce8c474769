"""Checks `downhill export --format onnx` files with onnx and onnxruntime (not needed by the tests,
which run every exported layer kind with tract).

For each case below: `downhill train` a small model on a shipped or test data file, `downhill
export` it, `downhill predict` (with --proba for classifiers) to a CSV, then
  - onnx.checker.check_model(full_check=True): the file is valid ONNX and its shapes infer,
  - onnxruntime runs it on the data file's raw columns, built as the model's metadata says
    (`input_columns`; a categorical column as its index in `categories.<column>`, -1 when unseen,
    NaN when missing), and its labels and probabilities (or predictions) are compared with
    downhill's CSV: labels must agree; the largest absolute and relative differences are printed.
The relu RNN case matters most: tract ignores the RNN operator's `activations`, so only this
script runs it.

Usage (from the repository root, after `cargo build -p downhill-cli`):
    /path/to/venv/bin/pip install onnx onnxruntime numpy
    /path/to/venv/bin/python tools/refgen/onnx_check.py [--downhill target/debug/downhill]
Prints one line per case and exits non-zero if a label differs or a difference exceeds 1e-5
relative to max(1, |downhill's value|).
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
TESTS = os.path.join(ROOT, "crates", "downhill-cli", "tests", "data")
DATA = os.path.join(ROOT, "data")
DIGITS = os.path.join(DATA, "digits.csv")
FAST = ["--epochs", "2", "--batch-size", "64", "--quiet"]



def digits(name, layers, *flags):
    """A case on the shipped digits: 2 epochs of `layers` on samples shaped by `flags`."""
    return (name, DIGITS, ["--target", "digit", *flags, "--layers", layers] + FAST, None)


# name, data file, train flags, files to predict
CASES = [
    ("mlp + one-hot (tiny.csv)", os.path.join(TESTS, "tiny.csv"),
     ["--target", "label", "--layers", "linear(8), batch_norm1d, tanh, linear", "--epochs", "20",
      "--batch-size", "full", "--quiet"],
     [os.path.join(TESTS, "tiny.csv"), os.path.join(TESTS, "unseen_category.csv")]),
    ("mlp regressor, target scale (diabetes)", os.path.join(DATA, "diabetes.csv"),
     ["--target", "progression", "--hidden", "16", "--batch-norm", "--activation", "gelu"] + FAST, None),
    digits("cnn (digits)",
           "conv2d(4, 3, padding=1), relu, max_pool2d(2), conv2d(6, 3, padding=1, groups=2), batch_norm2d, "
           "elu, avg_pool2d(3, stride=1, padding=1), residual(conv2d(6, 3, padding=1), silu), "
           "adaptive_avg_pool2d(3), flatten, linear", "--input-shape", "1,8,8"),
    digits("lstm (digits rows as steps)", "lstm(12, num_layers=2, bidirectional=true), flatten, linear",
           "--input-shape", "8,8"),
    digits("gru + relu rnn (digits)",
           "gru(8, bidirectional=true), rnn(6, nonlinearity='relu', bidirectional=true), flatten, linear",
           "--input-shape", "8,8"),
    digits("transformer (digits)",
           "linear(16), positional_encoding, transformer_encoder_layer(2, dim_feedforward=32), "
           "transformer_encoder_layer(4, dim_feedforward=16, norm_first=true, activation='gelu', causal=true), "
           "layer_norm(normalized_dims=1), flatten, linear", "--input-shape", "8,8"),
    digits("embedding + attention (digits as 64 ids)",
           "embedding(4, num_embeddings=17), positional_embedding, multihead_attention(2, causal=true), "
           "flatten, residual(linear(32), softplus), linear", "--scale", "none"),
]


def missing_case(workdir):
    """tiny.csv with every 7th x1 and every 5th color blank, trained with --missing mean: the
    graph's IsNaN/Where imputation against downhill's."""
    with open(os.path.join(TESTS, "tiny.csv")) as f:
        lines = f.read().splitlines()
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        x1, x2, color, label = line.split(",")
        out.append(",".join(["" if i % 7 == 3 else x1, x2, "" if i % 5 == 1 else color, label]))
    path = os.path.join(workdir, "tiny_missing.csv")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    flags = ["--target", "label", "--missing", "mean", "--hidden", "6", "--epochs", "20", "--quiet"]
    return ("mlp + imputation (--missing mean)", path, flags, None)


def run(args):
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args)} failed: {out.stderr}")
    return out.stdout


def missing(text):
    return text.strip() in ("", "NA", "?", "nan", "NaN")


def raw_features(model, path):
    """The `features` input for the data file at `path`, as the model's metadata says."""
    meta = {p.key: json.loads(p.value) for p in model.metadata_props}
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.zeros((len(rows), len(meta["input_columns"])), dtype=np.float32)
    for j, column in enumerate(meta["input_columns"]):
        categories = meta.get(f"categories.{column}")
        for i, row in enumerate(rows):
            v = row[column]
            if missing(v):
                x[i, j] = math.nan
            elif categories is None:
                x[i, j] = float(v)
            else:
                x[i, j] = categories.index(v.strip()) if v.strip() in categories else -1
    return x, meta


def compare(model_path, onnx_path, data, downhill, workdir):
    model = onnx.load(onnx_path)
    onnx.checker.check_model(model, full_check=True)
    x, meta = raw_features(model, data)
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    outputs = dict(zip(names, session.run(None, {"features": x})))
    classifier = "label" in outputs
    pred = os.path.join(workdir, "pred.csv")
    run([downhill, "predict", model_path, data, "--out", pred] + (["--proba"] if classifier else []))
    with open(pred, newline="") as f:
        rows = list(csv.reader(f))[1:]
    if classifier:
        labels = [meta["class_names"][k] for k in outputs["label"]]
        wrong = sum(a != r[1] for a, r in zip(labels, rows))
        want = np.array([[float(v) for v in r[2:]] for r in rows])
        got = outputs["probabilities"].astype(np.float64)
    else:
        wrong = 0
        want = np.array([[float(v) for v in r[1:]] for r in rows])
        got = outputs["prediction"].astype(np.float64)
    diff = np.abs(got - want)
    rel = diff / np.maximum(np.abs(want), 1.0)
    return wrong, len(rows), diff.max(), rel.max(), [n.op_type for n in model.graph.node]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--downhill", default=os.path.join(ROOT, "target", "debug", "downhill"))
    args = parser.parse_args()
    print(f"onnx {onnx.__version__}, onnxruntime {ort.__version__}")
    failed = False
    with tempfile.TemporaryDirectory() as workdir:
        for name, data, flags, predict_on in CASES + [missing_case(workdir)]:
            model_path = os.path.join(workdir, "m.safetensors")
            onnx_path = os.path.join(workdir, "m.onnx")
            run([args.downhill, "train", data, "--seed", "0", "--out", model_path] + flags)
            run([args.downhill, "export", model_path, "--format", "onnx", "--out", onnx_path])
            for file in predict_on or [data]:
                wrong, n, max_abs, max_rel, ops = compare(model_path, onnx_path, data=file,
                                                          downhill=args.downhill, workdir=workdir)
                ok = wrong == 0 and max_rel <= 1e-5
                failed |= not ok
                kinds = sorted(set(ops) & {"RNN", "LSTM", "GRU", "Conv", "LayerNormalization", "Softmax",
                                           "BatchNormalization", "Gather", "Erf", "Equal", "Where"})
                print(f"{'ok  ' if ok else 'FAIL'} {name}, {os.path.basename(file)}: {n} rows, "
                      f"{wrong} labels differ, max |diff| {max_abs:.2e}, max rel {max_rel:.2e}; "
                      f"checker passed; ops incl. {', '.join(kinds)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
