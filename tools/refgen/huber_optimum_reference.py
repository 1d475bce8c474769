#!/usr/bin/env python3
"""scikit-learn's HuberRegressor objective solved to its optimum, for downhill-learn's
`LinearRegression::huber()` (issue 17: Huber matches HuberRegressor's objective).

Generates crates/downhill-learn/tests/data/sklearn_huber.json. Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/huber_optimum_reference.py
Data: the shipped diabetes set, every column but `progression` standardised as downhill's default
does (mean and population std over all rows), the target as given; and the same with every 10th
row's target (rows 0, 10, 20, ...) raised by 400, so that the linear zone has outliers to hold off.
Two fits each:
  optimum: the objective's minimiser (coefficients, intercept and scale), from scikit-learn's own
           objective and gradient solved tighter than HuberRegressor can be told to (`optimum`
           below), which the test compares with;
  default: HuberRegressor(): what a scikit-learn user gets (L-BFGS-B, tol 1e-5, 100 iterations).
"""
import csv
import json
import os

import numpy as np
import sklearn
from scipy import optimize
from sklearn.linear_model import HuberRegressor
from sklearn.linear_model._huber import _huber_loss_and_gradient

OUT = os.path.join("crates", "downhill-learn", "tests", "data", "sklearn_huber.json")
OUTLIER_EVERY, OUTLIER_SHIFT = 10, 400.0


def load():
    with open(os.path.join("data", "diabetes.csv")) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    t = header.index("progression")
    x = np.array([[float(v) for i, v in enumerate(r) if i != t] for r in body])
    y = np.array([float(r[t]) for r in body])
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    # downhill computes in float32: give scikit-learn the same inputs.
    return ((x - mean) / std).astype(np.float32).astype(np.float64), y


def fit(x, y, **kw):
    m = HuberRegressor(**kw).fit(x, y)
    return {"coef": m.coef_.tolist(), "intercept": float(m.intercept_), "scale": float(m.scale_),
            "n_iter": int(m.n_iter_)}


def optimum(x, y, epsilon=1.35, alpha=1e-4):
    """HuberRegressor's own objective and gradient (sklearn's `_huber_loss_and_gradient`), minimised
    by L-BFGS-B with its function-change test off (`ftol` 0): HuberRegressor's `tol` is only the
    projected-gradient test, and its default `ftol` ends both fits at the same point, 1e-6 short."""
    start = fit(x, y)
    w0 = np.concatenate([start["coef"], [start["intercept"], start["scale"]]])
    bounds = [(None, None)] * (len(w0) - 1) + [(np.finfo(np.float64).eps * 10, None)]
    res = optimize.minimize(_huber_loss_and_gradient, w0, method="L-BFGS-B", jac=True,
                            args=(x, y, epsilon, alpha, np.ones_like(y)), bounds=bounds,
                            options={"maxiter": 100000, "ftol": 0.0, "gtol": 1e-10})
    w = res.x
    grad = np.abs(_huber_loss_and_gradient(w, x, y, epsilon, alpha, np.ones_like(y))[1]).max()
    return {"coef": w[:-2].tolist(), "intercept": float(w[-2]), "scale": float(w[-1]),
            "n_iter": int(res.nit), "max_abs_gradient": float(grad)}


def main():
    x, y = load()
    shifted = y.copy()
    shifted[::OUTLIER_EVERY] += OUTLIER_SHIFT
    cases = []
    for name, target in [("diabetes", y), ("diabetes_with_outliers", shifted)]:
        cases.append({
            "name": name,
            "optimum": optimum(x, target),
            "default": fit(x, target),
        })
    with open(OUT, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "outlier_every": OUTLIER_EVERY,
                   "outlier_shift": OUTLIER_SHIFT, "cases": cases}, f)
        f.write("\n")
    for c in cases:
        o, d = c["optimum"], c["default"]
        gap = max(abs(a - b) for a, b in zip(o["coef"], d["coef"])) / max(abs(a) for a in o["coef"])
        print(f'{c["name"]}: scale {o["scale"]:.4f}, intercept {o["intercept"]:.4f}, '
              f'max |gradient| {o["max_abs_gradient"]:.1e}; the default fit is {gap:.2e} (relative) from it')


if __name__ == "__main__":
    main()
