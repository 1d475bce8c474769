#!/usr/bin/env python3
"""scikit-learn's roc_auc_score and average_precision_score on random cases, for downhill-learn's
`metrics::{roc_auc, average_precision}` (issue 12).

Generates crates/downhill-learn/tests/data/sklearn_ranking.json. Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/ranking_reference.py
Cases: n rows with a share of positives, scores from a normal shifted up for positives, rounded to
`decimals` so that some scores tie (0 decimals: many ties).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score

OUT = os.path.join("crates", "downhill-learn", "tests", "data", "sklearn_ranking.json")


def case(n, share, shift, decimals, seed):
    rng = np.random.default_rng(seed)
    labels = rng.random(n) < share
    labels[0], labels[1] = True, False
    scores = np.round(rng.normal(size=n) + shift * labels, decimals)
    return {
        "scores": [float(s) for s in scores],
        "labels": [bool(l) for l in labels],
        "roc_auc": float(roc_auc_score(labels, scores)),
        "average_precision": float(average_precision_score(labels, scores)),
    }


def main():
    cases = [case(50, 0.3, 1.0, 3, 1), case(200, 0.1, 2.0, 1, 2), case(300, 0.5, 0.2, 0, 3), case(7, 0.4, 0.0, 2, 4)]
    with open(OUT, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
