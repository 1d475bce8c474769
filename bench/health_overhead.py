"""The health monitor's cost on the MNIST MLP (issue 14): `downhill-bench mlp` with the monitor's
sampled signals on (`--health on`, what users run) and off, alternating in fresh processes, each
run after waiting for a quiet machine (harness/quiet.py). Per run, the median of its epoch times;
per side, the median over runs. Prints one JSON object: both sides' figures, the overhead
(on / off - 1) and how busy the CPUs were before each run.

    python3 bench/health_overhead.py [--reps 7] [--epochs 10] [--optimizer adam|sgd] [--batch 128]
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness.proc import run_json  # noqa: E402
from harness.quiet import Quiet  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--optimizer", default="adam")
    ap.add_argument("--lr", default="1e-3")
    ap.add_argument("--batch", default="128")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "downhill-bench"], cwd=ROOT, check=True)
    bench = str(ROOT / "target" / "release" / "downhill-bench")
    quiet = Quiet()
    epochs = {"on": [], "off": []}
    busy = {"on": [], "off": []}
    for rep in range(args.reps):
        for side in (["on", "off"] if rep % 2 == 0 else ["off", "on"]):
            busy[side].append(quiet.wait(f"rep {rep + 1} {side}")["busy"])
            cmd = [bench, "mlp", "--health", side, "--optimizer", args.optimizer, "--lr", args.lr,
                   "--batch", args.batch, "--epochs", str(args.epochs), "--seed", str(rep), "--data", "data"]
            out, _, _ = run_json(cmd, cwd=ROOT)
            epochs[side].append(statistics.median(out["epoch_seconds"]))
    med = {side: statistics.median(v) for side, v in epochs.items()}
    print(json.dumps({
        "config": vars(args),
        "epoch_seconds": epochs,
        "median": med,
        "overhead": med["on"] / med["off"] - 1.0,
        "cpu_busy_percent_before": busy,
    }, indent=1))


if __name__ == "__main__":
    main()
