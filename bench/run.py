#!/usr/bin/env python3
"""The comparison harness of issue 5: downhill against PyTorch and scikit-learn, side by side.

    python3 bench/run.py [--reps N] [--only a,b,c,d,e] [--quick] [--no-build] [--out FILE]

Builds the Rust side in release mode, prepares the peers' interpreter (bench/.venv, or
DOWNHILL_BENCH_PYTHON), runs each task alternating downhill and its peers for --reps repetitions in
fresh processes, and writes docs/BENCHMARKS.md (and bench/.cache/last-run.json). Needs only the
standard library; the peers run in the virtualenv.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import env, machine, report  # noqa: E402
from harness.context import Context  # noqa: E402
from harness.tasks import cli_train, logreg, memory, mlp, optim_step  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TASKS = {"a": "MNIST MLP", "b": "optimizer step", "c": "logistic regression", "d": "downhill train on iris", "e": "peak RSS"}


def build(no_build):
    if no_build:
        return True
    env.log("cargo build --release -p downhill-bench")
    subprocess.run(["cargo", "build", "--release", "-p", "downhill-bench"], cwd=ROOT, check=True)
    env.log("cargo build --release -p downhill-cli")
    cli = subprocess.run(["cargo", "build", "--release", "-p", "downhill-cli"], cwd=ROOT)
    return cli.returncode == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=5, help="repetitions per measurement (default 5)")
    ap.add_argument("--only", default="a,b,c,d,e", help="comma-separated tasks among a-e (e needs a)")
    ap.add_argument("--quick", action="store_true", help="small sizes, to try the harness itself")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already in target/release")
    ap.add_argument("--out", default=str(ROOT / "docs" / "BENCHMARKS.md"))
    ap.add_argument("--torch-wait-policy", choices=["PASSIVE", "default"], default="PASSIVE",
                    help="OMP_WAIT_POLICY for torch (default PASSIVE; see the notes in the report)")
    ap.add_argument("--note", action="append", default=[], help="a line added to the report's notes")
    ap.add_argument("--render-only", action="store_true",
                    help="rewrite the report from bench/.cache/last-run.json without measuring anything")
    a = ap.parse_args()
    if a.render_only:
        last = json.loads((ROOT / "bench" / ".cache" / "last-run.json").read_text())
        Path(a.out).write_text(report.render(last["results"], last["machine"], last["peers"], last["args"], last["notes"] + a.note))
        env.log(f"wrote {a.out} from the last run")
        return
    only = [t.strip() for t in a.only.split(",") if t.strip()]
    if "e" in only and "a" not in only:
        only.insert(0, "a")

    cli_built = build(a.no_build)
    python = env.peer_python()
    peers = env.peer_versions(python)
    torch_env = {} if a.torch_wait_policy == "default" else {"OMP_WAIT_POLICY": a.torch_wait_policy}
    ctx = Context(root=ROOT, python=python, reps=a.reps, quick=a.quick, torch_env=torch_env)
    facts = machine.describe(ROOT)
    load_start = machine.load()
    results, notes = {}, []
    for task in only:
        before = machine.load()
        env.log(f"task ({task}) {TASKS[task]}")
        if task == "a":
            results["a"] = mlp.run(ctx)
        elif task == "b":
            results["b"] = optim_step.run(ctx)
        elif task == "c":
            results["c"] = logreg.run(ctx)
        elif task == "d":
            results["d"] = cli_train.run(ctx) if cli_built else {"skipped": "the downhill CLI did not build"}
        elif task == "e":
            results["e"] = memory.run(ctx, results["a"])
        notes.append(f"({task}) {TASKS[task]}: 1-minute load average {before:.2f} before, {machine.load():.2f} after.")
    notes += a.note
    if a.quick:
        notes.insert(0, "**--quick run: reduced sizes, not comparable with the targets.**")
    if a.torch_wait_policy == "PASSIVE":
        notes.append("torch runs with `OMP_WAIT_POLICY=PASSIVE`: with libgomp's default spin-waiting, 2 torch threads "
                     "on a machine whose cores are busy with other work ran the MNIST epoch 10-25x slower (9.6 s "
                     "against 0.36 s per epoch when the harness was written, load 4-6), which would flatter downhill. "
                     "On an idle machine `--torch-wait-policy default` may be a little faster for torch.")
    if facts["commit"].endswith("-dirty"):
        notes.append("The working tree had uncommitted changes when this ran (work in progress on other crates).")
    args = {"reps": a.reps, "wait_policy": a.torch_wait_policy, "load_start": load_start, "load_end": machine.load()}
    last = {"machine": facts, "peers": peers, "args": args, "results": results, "notes": notes}
    (ctx.cache / "last-run.json").write_text(json.dumps(last, indent=1))
    Path(a.out).write_text(report.render(results, facts, peers, args, notes))
    env.log(f"wrote {a.out}")


if __name__ == "__main__":
    main()
