"""Task (c), Python peers: one epoch of SGD for logistic regression on the logreg_data.py file.

--tool sklearn  SGDClassifier(loss="log_loss", max_iter=1, tol=None): plain per-sample SGD (one
                update per row, rows shuffled), its default learning_rate="optimal" schedule and
                L2 penalty alpha=1e-4, float32 kept as float32. Times `fit` (input checks included).
--tool torch    nn.Linear(D, 1) started at zero, BCEWithLogitsLoss, SGD(lr), rows reshuffled and
                cut into batches of --batch (last one smaller), torch's default thread count.
                Times the epoch loop.
Prints JSON: fit/epoch seconds and training accuracy (computed after the clock stops).
"""
import argparse
import json
import time
import warnings

import numpy as np


def run_sklearn(x, y, a):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier

    warnings.simplefilter("ignore", ConvergenceWarning)
    clf = SGDClassifier(loss="log_loss", max_iter=1, tol=None, random_state=a.seed)
    start = time.perf_counter()
    clf.fit(x, y)
    seconds = time.perf_counter() - start
    return {"fit_seconds": seconds, "epoch_seconds": seconds, "train_accuracy": float(clf.score(x, y))}


def run_torch(x, y, a):
    import torch

    torch.manual_seed(a.seed)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y).unsqueeze(1)
    start = time.perf_counter()
    model = torch.nn.Linear(x.shape[1], 1)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    perm = torch.randperm(x.shape[0])
    for i in range(0, x.shape[0], a.batch):
        idx = perm[i : i + a.batch]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xt[idx]), yt[idx]).backward()
        opt.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        accuracy = ((model(xt) > 0).float() == yt).float().mean().item()
    return {"fit_seconds": seconds, "epoch_seconds": seconds, "train_accuracy": accuracy,
            "threads": torch.get_num_threads()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", choices=["sklearn", "torch"], required=True)
    ap.add_argument("--data", required=True, help="path prefix written by logreg_data.py")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    x = np.fromfile(a.data + ".x.f32", dtype="<f4").reshape(a.rows, a.cols)
    y = np.fromfile(a.data + ".y.f32", dtype="<f4")
    out = run_sklearn(x, y, a) if a.tool == "sklearn" else run_torch(x, y, a)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
