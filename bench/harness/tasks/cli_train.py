"""Task (d): the whole `downhill train data/iris.csv --target species` process (defaults: softmax
regression, Adam lr 0.01, batch 32, up to 200 epochs; writes a model file) against whole `python -c`
processes that read the same CSV, fit scikit-learn's LogisticRegression() (lbfgs) or
SGDClassifier(loss="log_loss") with defaults, and pickle the model. Wall time of each process from
spawn to exit, alternating; start-up (the interpreter, imports) is part of what is measured."""
import tempfile
from pathlib import Path

from ..proc import alternate, run_wall
from ..stats import figure, median, ratios

PY = (
    "import csv, pickle, numpy as np; from sklearn.linear_model import {cls}; "
    "rows = list(csv.reader(open('data/iris.csv')))[1:]; "
    "X = np.array([[float(v) for v in r[:-1]] for r in rows]); y = [r[-1] for r in rows]; "
    "m = {cls}({args}).fit(X, y); pickle.dump(m, open({out!r}, 'wb')); print(m.score(X, y))"
)
PEERS = [("sklearn LogisticRegression", "LogisticRegression", ""),
         ("sklearn SGDClassifier", "SGDClassifier", "loss='log_loss'")]


def run(ctx):
    if not Path(ctx.downhill_bin).exists():
        return {"skipped": f"{ctx.downhill_bin} was not built"}
    tmp = Path(tempfile.mkdtemp(prefix="downhill-bench-"))
    downhill_cmd = [ctx.downhill_bin, "train", "data/iris.csv", "--target", "species", "--quiet",
                    "--out", str(tmp / "iris.safetensors")]
    runners = [("downhill train", lambda rep: run_wall(downhill_cmd, cwd=ctx.root))]
    commands = {"downhill train": " ".join(["target/release/downhill", *downhill_cmd[1:-1], "<tmp>/iris.safetensors"])}
    for name, cls, args in PEERS:
        code = PY.format(cls=cls, args=args, out=str(tmp / f"{cls}.pkl"))
        runners.append((name, lambda rep, c=code: run_wall([ctx.python, "-c", c], cwd=ctx.root)))
        commands[name] = f'python -c "{PY.format(cls=cls, args=args, out="<tmp>/model.pkl")}"'
    res, busy = alternate(ctx, runners, reps=max(10, 2 * ctx.reps))
    walls = {name: figure([w for w, _, _ in runs]) for name, runs in res.items()}
    rss = {name: median([r for _, r, _ in runs]) for name, runs in res.items()}
    mine = walls["downhill train"]
    return {"walls": walls, "rss": rss, "commands": commands, "reps": len(res["downhill train"]), "busy": busy,
            "ratios": {name: ratios(mine, walls[name]) for name, _, _ in PEERS}}
