#!/usr/bin/env python3
"""Reference trajectories of torch.optim.SparseAdam on an embedding table, computed in float64.

Generates: crates/downhill-optim/tests/data/torch_sparse_adam.json (relative to the repo root)

SparseAdam takes only sparse gradients, which the dense test functions of optim_reference.py cannot
give, so its cases live here. Each case trains one table W [ROWS, DIM] on
    loss_k(W) = 0.5 * sum_j || E(ids_k)[j] - T[ids_k[j]] ||^2,   E = F.embedding(., W, sparse=True)
so the gradient of step k is sparse: row i gets count_k(i) * (W[i] - T[i]) for the rows ids_k looks
up (repeats coalesced by SparseAdam, the padding row left out by the embedding). Rows absent from a
step keep their moments, which is where SparseAdam differs from Adam.

Top level:
  torch_version, dtype, rows, dim
  start      W before the first step, row-major flat list
  target     T, row-major flat list
  cases      [{name, options, padding_idx, ids, trajectory}]
             options = the exact kwargs passed to SparseAdam (lr, betas, eps, maximize);
             padding_idx = F.embedding's padding_idx (null for none);
             ids[k] = the lookups of step k (repeats allowed);
             trajectory[k] = W after k steps (entry 0 = start), row-major flat list.
             Per step: zero_grad, loss = loss_k(W), backward, opt.step().

Run (from the repo root, in a venv with requirements.txt installed, see README.md):
    python tools/refgen/sparse_adam_reference.py
Produced with torch 2.15.0 (CPU).
"""

import json
import os
import random

import torch
import torch.nn.functional as F

DTYPE = torch.float64
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_PATH = os.path.join(REPO_ROOT, "crates", "downhill-optim", "tests", "data", "torch_sparse_adam.json")
ROWS, DIM, STEPS = 8, 3, 30


def grid(seed):
    """A ROWS x DIM table of numbers with few digits, from a seeded generator."""
    rng = random.Random(seed)
    return [[round(rng.uniform(-2.0, 2.0), 3) for _ in range(DIM)] for _ in range(ROWS)]


def lookups(seed):
    """STEPS lists of 2-6 ids drawn from 0..ROWS-2 (row ROWS-1 is never looked up), with repeats."""
    rng = random.Random(seed)
    return [[rng.randrange(ROWS - 1) for _ in range(rng.randint(2, 6))] for _ in range(STEPS)]


def run(start, target, options, padding_idx, ids):
    w = torch.tensor(start, dtype=DTYPE, requires_grad=True)
    t = torch.tensor(target, dtype=DTYPE)
    opt = torch.optim.SparseAdam([w], **options)
    trajectory = [w.detach().flatten().tolist()]
    for step_ids in ids:
        opt.zero_grad()
        idx = torch.tensor(step_ids)
        e = F.embedding(idx, w, padding_idx=padding_idx, sparse=True)
        loss = 0.5 * ((e - t[idx]) ** 2).sum()
        loss.backward()
        assert w.grad.is_sparse
        opt.step()
        trajectory.append(w.detach().flatten().tolist())
    return trajectory


CASES = [
    ("defaults", {}, None, 1),
    ("lr0.1", {"lr": 0.1}, None, 2),
    ("lr0.05_betas0.5_0.9_eps1e-3", {"lr": 0.05, "betas": (0.5, 0.9), "eps": 1e-3}, None, 3),
    ("lr0.1_padding_idx2", {"lr": 0.1}, 2, 4),
    ("lr0.01_maximize", {"lr": 0.01, "maximize": True}, None, 5),
]


def main():
    torch.manual_seed(0)
    start, target = grid(11), grid(12)
    cases = []
    for name, options, padding_idx, seed in CASES:
        ids = lookups(seed)
        cases.append({
            "name": name,
            "options": options,
            "padding_idx": padding_idx,
            "ids": ids,
            "trajectory": run(start, target, options, padding_idx, ids),
        })
    data = {
        "torch_version": torch.__version__,
        "dtype": "float64",
        "rows": ROWS,
        "dim": DIM,
        "start": [v for row in start for v in row],
        "target": [v for row in target for v in row],
        "cases": cases,
    }
    with open(OUT_PATH, "w") as f:
        json.dump(data, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT_PATH}")


if __name__ == "__main__":
    main()
