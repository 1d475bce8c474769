#!/usr/bin/env python3
"""scikit-learn's LogisticRegression objective solved to its optimum, for the defaults of
downhill-learn's logistic and softmax regression (issue 17: L2 with C = 1, unpenalised intercept,
full-batch L-BFGS).

Generates crates/downhill-learn/tests/data/sklearn_logistic.json. Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/logistic_optimum_reference.py
For each shipped data set: every column but the target, standardised as downhill's default does
(mean and population std over all rows; a constant column is divided by 1), the classes in sorted
order (as downhill's Target orders them). Two fits:
  optimum: LogisticRegression(C=1, tol=1e-10, max_iter=100000): the objective's minimiser, which the
           test compares with (scikit-learn's default tol=1e-4 stops short of it);
  default: LogisticRegression(): what a scikit-learn user gets, reported beside it.
Two classes: one coefficient row (binary logistic); more: the multinomial rows (softmax).
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = os.path.join("crates", "downhill-learn", "tests", "data", "sklearn_logistic.json")
SETS = [("iris.csv", "species"), ("breast_cancer.csv", "diagnosis"), ("wine.csv", "cultivar"), ("digits.csv", "digit")]


def load(name, target):
    with open(os.path.join("data", name)) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    t = header.index(target)
    x = np.array([[float(v) for i, v in enumerate(r) if i != t] for r in body])
    labels = [r[t] for r in body]
    classes = sorted(set(labels))
    y = np.array([classes.index(v) for v in labels])
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    return (x - mean) / std, y, classes


def fit(x, y, **kw):
    m = LogisticRegression(**kw).fit(x, y)
    return {"coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(), "n_iter": int(m.n_iter_[0])}


def main():
    cases = []
    for name, target in SETS:
        x, y, classes = load(name, target)
        cases.append({
            "file": name,
            "target": target,
            "classes": classes,
            "optimum": fit(x, y, C=1.0, tol=1e-10, max_iter=100000),
            "default": fit(x, y),
        })
    with open(OUT, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
