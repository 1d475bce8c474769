"""Task (c): logistic regression, one epoch over 1,000,000 x 100 dense synthetic rows
(`peers/logreg_data.py`, written once to bench/.cache): downhill's `LogisticRegression` (mini-batch
SGD, batch 256, lr 0.1), scikit-learn's `SGDClassifier(loss="log_loss", max_iter=1, tol=None)`
(per-sample SGD, its other settings at their defaults) and torch at its defaults (mini-batch SGD,
batch 256, lr 0.1), alternating. Quick mode: 100,000 rows, downhill and scikit-learn only."""
import subprocess

from ..proc import alternate, run_json
from ..stats import figure, median, ratios

BATCH, LR = 256, 0.1
KEYS = ("fit_seconds", "epoch_seconds")


def run(ctx):
    rows = 100_000 if ctx.quick else 1_000_000
    cols = 100
    prefix = str(ctx.cache / f"logreg-{rows}x{cols}")
    subprocess.run(ctx.peer("logreg_data.py", "--rows", rows, "--cols", cols, "--out", prefix), check=True)
    shape = ["--rows", str(rows), "--cols", str(cols)]

    def downhill(rep):
        return run_json([ctx.bench_bin, "logreg", "--x", prefix + ".x.f32", "--y", prefix + ".y.f32", *shape,
                         "--batch", str(BATCH), "--lr", str(LR), "--seed", str(rep)], cwd=ctx.root)[0]

    def peer(tool):
        return lambda rep: run_json(ctx.peer("logreg_peers.py", "--tool", tool, "--data", prefix, *shape,
                                             "--batch", BATCH, "--lr", LR, "--seed", rep), cwd=ctx.root)[0]

    runners = [("downhill", downhill), ("sklearn", peer("sklearn"))] + ([] if ctx.quick else [("torch", peer("torch"))])
    res, busy = alternate(ctx, runners)
    summary = {tool: {**{key: figure([r[key] for r in runs]) for key in KEYS},
                      "train_accuracy": median([r["train_accuracy"] for r in runs]),
                      "threads": runs[0].get("threads")}
               for tool, runs in res.items()}
    mine, sk = summary["downhill"], summary["sklearn"]["fit_seconds"]
    return {
        "rows": rows, "cols": cols, "batch": BATCH, "lr": LR, "tools": summary, "busy": busy,
        "epoch_vs_sklearn": ratios(mine["epoch_seconds"], sk),
        "fit_vs_sklearn": ratios(mine["fit_seconds"], sk),
        "epoch_vs_torch": ratios(mine["epoch_seconds"], summary["torch"]["epoch_seconds"]) if "torch" in summary else None,
    }
