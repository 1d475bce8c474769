#!/usr/bin/env python3
"""The comparison harness of issues 5 and 16: downhill against PyTorch and scikit-learn, side by side,
every peer at its own defaults.

    python3 bench/run.py [--reps N] [--only a,b,c,d,e,f,g,h] [--quick] [--no-build | --bin-dir DIR] [--out FILE]

Builds the Rust side in release mode, prepares the peers' interpreter (bench/.venv, or
DOWNHILL_BENCH_PYTHON), runs each task alternating downhill and its peers for --reps repetitions in
fresh processes, each after waiting for a quiet machine (and recording how busy it was), writes
docs/BENCHMARKS.md (and bench/.cache/last-run.json) and prints the target ratios to stdout. Task (f)
also runs `cargo bench -p downhill-tensor --bench conv` in full runs (not --quick), for its conv layers'
GFLOP/s. Task (g) times issue 11's LSTM and transformer language-model steps against
tools/lm_torch.py. Task (h) times `downhill train --stream` against Vowpal Wabbit's one pass over
the same rows (issue 13).
--quick (under 3 minutes) runs only the target rows at reduced sizes and writes
bench/.cache/BENCHMARKS-quick.md instead. Needs only the standard library; the peers run in the
virtualenv.
"""
import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import defaults, env, machine, report, roof, targets  # noqa: E402
from harness.context import Context  # noqa: E402
from harness.quiet import Quiet  # noqa: E402
from harness.time_limit import TimeLimit  # noqa: E402
from harness.tasks import cli_train, cnn, lm, logreg, memory, mlp, optim_step, stream_vw  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
TASKS = {"a": "MNIST MLP", "b": "optimizer step", "c": "logistic regression", "d": "downhill train on iris", "e": "peak RSS",
         "f": "MNIST CNN", "g": "language-model steps", "h": "streaming vs Vowpal Wabbit"}
RUNNERS = {"a": mlp.run, "b": optim_step.run, "c": logreg.run, "f": cnn.run, "g": lm.run, "h": stream_vw.run}
# Each task's weight in quick mode's time limit (time_limit.py); (e) only reads (a)'s results.
WEIGHTS = {"a": mlp.WEIGHT * len(mlp.CONFIGS), "b": 1, "c": 1, "d": 1, "f": cnn.WEIGHT, "g": lm.WEIGHT, "h": 1}


def build(no_build):
    if no_build:
        return True
    env.log("cargo build --release -p downhill-bench")
    subprocess.run(["cargo", "build", "--release", "-p", "downhill-bench"], cwd=ROOT, check=True)
    env.log("cargo build --release -p downhill-cli")
    cli = subprocess.run(["cargo", "build", "--release", "-p", "downhill-cli"], cwd=ROOT)
    return cli.returncode == 0


def parse():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, help="repetitions per measurement (default 5; --quick 3)")
    ap.add_argument("--only", help="comma-separated tasks among a-h (e needs a; default all, --quick a,b,c,f)")
    ap.add_argument("--quick", action="store_true",
                    help="under 3 minutes: the target rows at reduced sizes; prints the ratio table, "
                         "writes bench/.cache/BENCHMARKS-quick.md (never docs/BENCHMARKS.md unless --out says so)")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already in target/release")
    ap.add_argument("--bin-dir", type=Path, help="take downhill and downhill-bench from DIR (implies --no-build)")
    ap.add_argument("--out", help="the report (default docs/BENCHMARKS.md; --quick: bench/.cache/BENCHMARKS-quick.md)")
    ap.add_argument("--quiet-below", type=float, default=15.0,
                    help="before each measurement, wait until the CPUs were less than this %% busy over 1 s (default 15)")
    ap.add_argument("--quiet-timeout", type=float,
                    help="...but at most this many seconds per measurement (default 120; --quick 10)")
    ap.add_argument("--quiet-budget", type=float,
                    help="...and at most this many seconds of waiting in the whole run (default none; --quick 20)")
    ap.add_argument("--time-limit", type=float,
                    help="stop repeating once the run's time is up, keeping at least one repetition per tool "
                         "(default none; --quick 165 s, for a run under 3 minutes)")
    ap.add_argument("--torch-passive", action="store_true",
                    help="also time torch with OMP_WAIT_POLICY=PASSIVE (tasks a and b), as a labelled extra "
                         "column that no ratio uses; the headline is always torch at its defaults")
    ap.add_argument("--note", action="append", default=[], help="a line added to the report's notes")
    ap.add_argument("--render-only", action="store_true",
                    help="rewrite the report from the last run's JSON (last-quick.json with --quick) without measuring")
    a = ap.parse_args()
    a.reps = a.reps or (3 if a.quick else 5)
    a.only = a.only or ("a,b,c,f" if a.quick else "a,b,c,d,e,f,g,h")
    a.quiet_timeout = a.quiet_timeout if a.quiet_timeout is not None else (10.0 if a.quick else 120.0)
    a.quiet_budget = a.quiet_budget if a.quiet_budget is not None else (20.0 if a.quick else float("inf"))
    a.time_limit = a.time_limit if a.time_limit is not None else (165.0 if a.quick else None)
    a.out = Path(a.out) if a.out else (CACHE / "BENCHMARKS-quick.md" if a.quick else ROOT / "docs" / "BENCHMARKS.md")
    a.last = CACHE / ("last-quick.json" if a.quick else "last-run.json")
    return a


def finish(a, last):
    a.out.write_text(report.render(last["results"], last["machine"], last["peers"], last["args"], last["notes"]))
    env.log(f"wrote {a.out}")
    print(targets.text(last["results"], last["args"]["quiet"]["below"]))


def main():
    started = time.monotonic()
    a = parse()
    if a.render_only:
        last = json.loads(a.last.read_text())
        last["notes"] += a.note
        finish(a, last)
        return
    only = [t.strip() for t in a.only.split(",") if t.strip()]
    if "e" in only and "a" not in only:
        only.insert(0, "a")

    cli_built = build(a.no_build or a.bin_dir is not None)
    python = env.peer_python()
    peers = env.peer_versions(python)
    quiet = Quiet(below=a.quiet_below, timeout=a.quiet_timeout, budget=a.quiet_budget)
    weight = sum(WEIGHTS.get(t, 0) for t in only)
    spent = time.monotonic() - started  # building and checking the peers count against the limit
    limit = TimeLimit(None if a.time_limit is None else a.time_limit - spent, weight)
    ctx = Context(root=ROOT, python=python, reps=a.reps, quick=a.quick, bin_dir=a.bin_dir, quiet=quiet,
                  time_limit=limit, torch_passive=a.torch_passive)
    facts = machine.describe(ROOT)
    facts["roof"] = roof.measure(ctx)
    load_start = machine.load()
    results, notes = {}, []
    for task in only:
        before = machine.load()
        env.log(f"task ({task}) {TASKS[task]}")
        if task in RUNNERS:
            results[task] = RUNNERS[task](ctx)
        elif task == "d":
            results["d"] = cli_train.run(ctx) if cli_built else {"skipped": "the downhill CLI did not build"}
        elif task == "e":
            results["e"] = memory.run(ctx, results["a"])
        notes.append(f"({task}) {TASKS[task]}: 1-minute load average {before:.2f} before, {machine.load():.2f} after.")
    notes += a.note
    if a.quick:
        notes.insert(0, "**--quick run: reduced sizes (3 MNIST MLP epochs, a 1M-parameter Adam step, 100,000 logistic "
                        "regression rows, 2 CNN epochs and no conv bench), fewer repetitions; a check before a change "
                        "lands, not the published figures.**")
    if facts["commit"].endswith("-dirty"):
        notes.append("The working tree had uncommitted changes when this ran (work in progress on other crates).")
    torch_threads = next((cfg["tools"]["torch"]["threads"] for cfg in results.get("a", [])), None) or \
        results.get("c", {}).get("tools", {}).get("torch", {}).get("threads") or \
        results.get("f", {}).get("tools", {}).get("torch", {}).get("threads")
    args = {"reps": a.reps, "quick": a.quick, "torch_passive": a.torch_passive, "torch_threads": torch_threads,
            "removed_env": defaults.removed(), "load_start": load_start, "load_end": machine.load(),
            "quiet": {"below": quiet.below, "timeout": quiet.timeout, "waited_total": quiet.waited_total,
                      "records": quiet.records},
            "time_limit": a.time_limit, "bin_dir": str(ctx.release_dir), "wall_seconds": round(time.monotonic() - started, 1)}
    last = {"machine": facts, "peers": peers, "args": args, "results": results, "notes": notes}
    CACHE.mkdir(parents=True, exist_ok=True)  # only task (c) makes it otherwise
    a.last.write_text(json.dumps(last, indent=1))
    finish(a, last)
    env.log(f"done in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
