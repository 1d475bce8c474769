"""Task (f): issue 10's MNIST CNN, Adam lr 1e-3, batch 64, 5 epochs (--quick: 2): the command users
run (`downhill train --layers`, cnn_cli.py) and PyTorch eager at its defaults (`peers/torch_cnn.py`),
alternating in fresh processes for `reps` runs. Per run: the median epoch, the first epoch (warm-up
included) and the median of the others; per tool: the median and spread over runs.

The accuracy target is judged on the mean test accuracy over seeds 0-7 of each tool (the timed runs'
seeds, then untimed runs for the seeds they did not reach): one run's accuracy moves with its seed by
more than the target's margin (seeds 0-7 spread 0.9720-0.9810 for downhill, 0.9705-0.9780 for
torch), so a median of three runs decides little. Full runs then time the two conv layers alone
(`cargo bench`, conv_bench.py) for their GFLOP/s."""
from ..env import log
from ..proc import alternate, run_json
from ..stats import figure, median, ratios
from . import cnn_cli, conv_bench

CONFIG = {"name": "Adam, batch 64", "optimizer": "adam", "lr": 1e-3, "batch": 64}
TARGET = 0.5  # CLI epoch / torch epoch, at most
ACCURACY, ACCURACY_GAP = 0.975, 0.005  # the CLI's test accuracy: at least, and at most this far from torch's
WEIGHT = 2  # in quick mode's time limit (torch's start-up and its slow epochs)
TRAIN = 8000
EPOCHS, QUICK_EPOCHS = 5, 2  # the issue's; --quick's (too few for the accuracy target, which it does not judge)
ACCURACY_SEEDS = 8  # seeds 0..8 of each tool give the accuracy figure (full runs)


def _peer_args(epochs, seed):
    return ["--lr", CONFIG["lr"], "--batch", CONFIG["batch"], "--epochs", epochs, "--seed", seed,
            "--train", TRAIN, "--data", "data"]


def _summary(runs, extra):
    """Timing over the timed `runs`; accuracy over those and the untimed `extra` runs (later seeds)."""
    accuracies = [r.get("test_accuracy") for r in runs + extra]
    known = [a for a in accuracies if a is not None]
    return {
        "epoch": figure([median(r["epoch_seconds"]) for r in runs]),
        "first_epoch": figure([r["epoch_seconds"][0] for r in runs]),
        "later": figure([median(r["epoch_seconds"][1:]) for r in runs]),
        "accuracy": sum(known) / len(known) if known else None,
        "accuracy_seeds": accuracies,
        "threads": runs[0].get("threads"),
        "runs": [{k: r.get(k) for k in ("epoch_seconds", "test_accuracy")} for r in runs],
    }


def accuracy_check(cli, torch, epochs):
    """Issue 10's accuracy target from the two tools' mean test accuracies (after the issue's epochs)."""
    if cli is None or torch is None:
        return {"cli": cli, "torch": torch, "gap": None, "verdict": "not measured"}
    gap = abs(cli - torch)
    verdict = "met" if cli >= ACCURACY and gap <= ACCURACY_GAP else "missed"
    return {"cli": cli, "torch": torch, "gap": gap,
            "verdict": verdict if epochs >= EPOCHS else f"not judged ({epochs} epochs)"}


def run(ctx):
    epochs = QUICK_EPOCHS if ctx.quick else EPOCHS
    runners = [
        ("cli", lambda rep: cnn_cli.run(ctx, CONFIG, epochs, rep)),
        ("torch", lambda rep: run_json(ctx.peer("torch_cnn.py", *_peer_args(epochs, rep)), cwd=ctx.root)[0]),
    ]
    res, busy = alternate(ctx, runners, weight=WEIGHT)
    extra = {name: [] for name, _ in runners}
    if not ctx.quick:
        for seed in range(len(res["cli"]), ACCURACY_SEEDS):
            log(f"  accuracy, seed {seed} of 0-{ACCURACY_SEEDS - 1} (untimed)")
            for name, fn in runners:
                extra[name].append(fn(seed))
    tools = {name: _summary(runs, extra[name]) for name, runs in res.items()}
    return {**CONFIG, "epochs": epochs, "train_rows": TRAIN, "target": TARGET, "tools": tools, "busy": busy,
            "cli_command": cnn_cli.shown(CONFIG, epochs),
            "torch_command": " ".join(["python", "bench/peers/torch_cnn.py", *map(str, _peer_args(epochs, "REP"))]),
            "ratio": ratios(tools["cli"]["epoch"], tools["torch"]["epoch"]),
            "accuracy": accuracy_check(tools["cli"]["accuracy"], tools["torch"]["accuracy"], epochs),
            "conv": None if ctx.quick else conv_bench.run(ctx)}
