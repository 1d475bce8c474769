"""Task (h), issue 13: `downhill train --stream` against Vowpal Wabbit on the same rows. The data is
tools/stream_data.py's (20 standard-normal features, a logistic label; the best linear model's
accuracy is about 0.77): ROWS training rows as LIBSVM (`train.svm`) and as VW text (`train.vw`),
and 100,000 other rows (seed 1) to test on, written once to bench/.cache/stream/.

    downhill: the whole `downhill train train.svm --stream --quiet --out M` process (its defaults:
              logistic regression, a fitting pass, then one pass of Adam 0.01 on batches of 32)
    VW:       `vw --loss_function logistic -d train.vw -f M`, no cache, one pass, its defaults, in
              the Python package (bench/peers/vw_stream.py), whole process; the pass alone too

Rows per second are training rows over whole-process wall time. Accuracy is on the test rows:
`downhill evaluate M test.svm`, and VW's raw score's sign (`-t -i M`), both untimed. vowpalwabbit 9.11.9 is
installed into the peers' interpreter when it is missing. DOWNHILL_BENCH_STREAM_ROWS overrides
ROWS (a smoke test on a tiny file: `DOWNHILL_BENCH_STREAM_ROWS=20000 python3 bench/run.py --only h`).
"""
import os
import re
import subprocess
import tempfile
from pathlib import Path

from .. import env
from ..proc import alternate, run_json, run_wall
from ..stats import figure, median, ratios

ROWS, QUICK_ROWS, TEST_ROWS = 2_000_000, 200_000, 100_000
VW = "vowpalwabbit==9.11.9"


def data(ctx, rows):
    """The four files for `rows` training rows (made when missing)."""
    out = ctx.cache / "stream"
    out.mkdir(exist_ok=True)
    files = {}
    for part, n, seed in (("train", rows, 0), ("test", TEST_ROWS, 1)):
        for fmt, ext in (("libsvm", "svm"), ("vw", "vw")):
            path = out / f"{part}-{n}.{ext}"
            if not path.exists():
                env.log(f"  writing {path}")
                subprocess.run(["python3", str(ctx.root / "tools" / "stream_data.py"), str(path), "--rows", str(n),
                                "--seed", str(seed), "--format", fmt], check=True)
            files[f"{part}.{ext}"] = path
    return files


def vw_version(ctx):
    code = "import vowpalwabbit, importlib.metadata as m; print(m.version('vowpalwabbit'))"
    found = subprocess.run([ctx.python, "-c", code], capture_output=True, text=True)
    if found.returncode != 0:
        env.pip(ctx.python, VW)
        found = subprocess.run([ctx.python, "-c", code], capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


def run(ctx):
    if not Path(ctx.downhill_bin).exists():
        return {"skipped": f"{ctx.downhill_bin} was not built"}
    version = vw_version(ctx)
    if version is None:
        return {"skipped": f"{VW} does not install for {ctx.python}"}
    rows = int(os.environ.get("DOWNHILL_BENCH_STREAM_ROWS") or (QUICK_ROWS if ctx.quick else ROWS))
    f = data(ctx, rows)
    tmp = Path(tempfile.mkdtemp(prefix="downhill-bench-"))
    model, vw_model = tmp / "stream.safetensors", tmp / "vw.model"
    downhill_cmd = [ctx.downhill_bin, "train", str(f["train.svm"]), "--stream", "--quiet", "--out", str(model)]
    vw_cmd = ctx.peer("vw_stream.py", "train", f["train.vw"], vw_model)
    runners = [("downhill train --stream", lambda rep: run_wall(downhill_cmd, cwd=ctx.root)),
               ("Vowpal Wabbit", lambda rep: run_json(vw_cmd, cwd=ctx.root))]
    res, busy = alternate(ctx, runners)
    evaluate = run_wall([ctx.downhill_bin, "evaluate", str(model), str(f["test.svm"])], cwd=ctx.root)[2]
    found = re.search(r"^accuracy\s+([0-9.]+)", evaluate, re.M)
    vw_runs = res["Vowpal Wabbit"]
    vw_accuracy = run_json(ctx.peer("vw_stream.py", "test", f["test.vw"], vw_model), cwd=ctx.root)[0]["accuracy"]
    walls = {"downhill train --stream": figure([w for w, _, _ in res["downhill train --stream"]]),
             "Vowpal Wabbit": figure([w for _, _, w in vw_runs])}
    return {
        "rows": rows, "test_rows": TEST_ROWS, "vw_version": version, "reps": len(vw_runs), "busy": busy,
        "walls": walls, "vw_pass": figure([j["seconds"] for j, _, _ in vw_runs]),
        "rows_per_second": {name: rows / w["median"] for name, w in walls.items()},
        "accuracy": {"downhill train --stream": float(found.group(1)) if found else None,
                     "Vowpal Wabbit": vw_accuracy},
        "rss": {"downhill train --stream": median([r for _, r, _ in res["downhill train --stream"]]),
                "Vowpal Wabbit": median([j["rss"] for j, _, _ in vw_runs])},
        "ratio": ratios(walls["downhill train --stream"], walls["Vowpal Wabbit"]),
        "commands": {"downhill train --stream": f"target/release/downhill train {f['train.svm'].name} --stream --quiet --out <tmp>",
                     "Vowpal Wabbit": f"python bench/peers/vw_stream.py train {f['train.vw'].name} <tmp>"},
    }
