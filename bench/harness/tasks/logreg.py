"""Task (c): logistic regression, one epoch over 1,000,000 x 100 dense synthetic rows
(`peers/logreg_data.py`, written once to bench/.cache): downhill's `LogisticRegression` (mini-batch
SGD, batch 256, lr 0.1), scikit-learn's `SGDClassifier(loss="log_loss", max_iter=1, tol=None)`
(per-sample SGD) and torch (mini-batch SGD, batch 256, lr 0.1), alternating."""
import subprocess

from ..proc import alternate, run_json
from ..stats import median, ratio

BATCH, LR = 256, 0.1


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
        env = ctx.torch_env if tool == "torch" else {}
        return lambda rep: run_json(ctx.peer("logreg_peers.py", "--tool", tool, "--data", prefix, *shape,
                                             "--batch", BATCH, "--lr", LR, "--seed", rep), cwd=ctx.root, env=env)[0]

    res = alternate(ctx.reps, [("downhill", downhill), ("sklearn", peer("sklearn")), ("torch", peer("torch"))])
    summary = {tool: {key: median([r[key] for r in runs]) for key in ("fit_seconds", "epoch_seconds", "train_accuracy")}
               for tool, runs in res.items()}
    sk = summary["sklearn"]["fit_seconds"]
    return {
        "rows": rows, "cols": cols, "batch": BATCH, "lr": LR, "tools": summary,
        "epoch_vs_sklearn": ratio(summary["downhill"]["epoch_seconds"], sk),
        "fit_vs_sklearn": ratio(summary["downhill"]["fit_seconds"], sk),
        "epoch_vs_torch": ratio(summary["downhill"]["epoch_seconds"], summary["torch"]["epoch_seconds"]),
    }
