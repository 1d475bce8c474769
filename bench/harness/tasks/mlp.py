"""Task (a): MNIST MLP 784-256-128-10, 10 epochs: downhill's library path (`downhill-bench mlp`),
the command users run (`downhill train --metrics`, see mnist_cli.py) and PyTorch eager at its
defaults (`peers/torch_mlp.py`), alternating in fresh processes for `reps` runs. With
--torch-passive, torch also runs with OMP_WAIT_POLICY=PASSIVE: a labelled extra, in no ratio.
Per run: the median epoch time of its epochs; per tool: the median and spread over runs."""
from ..defaults import PASSIVE
from ..proc import alternate, run_json
from ..stats import figure, median, ratios
from . import mnist_cli

CONFIGS = [
    {"name": "Adam, batch 128", "optimizer": "adam", "lr": 1e-3, "batch": 128, "target": {"cli": 0.5, "library": 0.5}},
    {"name": "SGD momentum 0.9, batch 32", "optimizer": "sgd", "lr": 0.05, "batch": 32, "target": {"cli": 0.4}},
]
TRAIN = 8000  # the first digits train, the last 2,000 test (mnist_cli.py)
WEIGHT = 2  # of each configuration in quick mode's time limit (three tools, torch's start-up)
TOOLS = {"library": "downhill (library)", "cli": "downhill train (CLI)", "torch": "torch eager",
         "torch-passive": "torch, OMP_WAIT_POLICY=PASSIVE (extra)"}


def _args(cfg, epochs, seed):
    return ["--optimizer", cfg["optimizer"], "--lr", cfg["lr"], "--batch", cfg["batch"], "--epochs", epochs,
            "--seed", seed, "--train", TRAIN, "--data", "data"]


def _summary(runs):
    return {
        "epoch": figure([median(r["epoch_seconds"]) for r in runs]),
        "first_epoch": figure([r["epoch_seconds"][0] for r in runs]),
        "early": figure([median(r["epoch_seconds"][:3]) for r in runs]),
        "late": figure([median(r["epoch_seconds"][3:]) for r in runs]),
        "accuracy": median([r.get("test_accuracy") for r in runs]),
        "rss": median([r.get("peak_rss") for r in runs]),
        "threads": runs[0].get("threads"),
        "runs": [{k: r.get(k) for k in ("epoch_seconds", "test_accuracy", "peak_rss")} for r in runs],
    }


def run(ctx):
    epochs = 3 if ctx.quick else 10
    out = []
    for cfg in CONFIGS:
        runners = [
            ("library", lambda rep, cfg=cfg: run_json([ctx.bench_bin, "mlp", *map(str, _args(cfg, epochs, rep))], cwd=ctx.root)[0]),
            ("cli", lambda rep, cfg=cfg: mnist_cli.run(ctx, cfg, epochs, rep)),
            ("torch", lambda rep, cfg=cfg: run_json(ctx.peer("torch_mlp.py", *_args(cfg, epochs, rep)), cwd=ctx.root)[0]),
        ]
        if ctx.torch_passive:
            runners.append(("torch-passive", lambda rep, cfg=cfg: run_json(
                ctx.peer("torch_mlp.py", *_args(cfg, epochs, rep)), cwd=ctx.root, env=PASSIVE)[0]))
        res, busy = alternate(ctx, runners, weight=WEIGHT)
        tools = {name: _summary(runs) for name, runs in res.items()}
        torch = tools["torch"]
        out.append({**cfg, "epochs": epochs, "tools": tools, "busy": busy,
                    "cli_command": mnist_cli.shown(cfg, epochs),
                    "ratios": {"library": ratios(tools["library"]["epoch"], torch["epoch"]),
                               "cli": ratios(tools["cli"]["epoch"], torch["epoch"]),
                               "cli_vs_library": ratios(tools["cli"]["epoch"], tools["library"]["epoch"])},
                    "accuracy_gap": {k: abs(tools[k]["accuracy"] - torch["accuracy"])
                                     if tools[k]["accuracy"] is not None else None for k in ("library", "cli")}})
    return out
