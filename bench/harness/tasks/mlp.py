"""Task (a): MNIST MLP 784-256-128-10, 10 epochs, downhill (`downhill-bench mlp`) against PyTorch
eager (`peers/torch_mlp.py`), each configuration alternating the two for `reps` runs in fresh
processes. Per run: the median epoch time of its epochs; per tool: the median over runs."""
from ..proc import alternate, run_json
from ..stats import median, ratio

CONFIGS = [
    {"name": "Adam, batch 128", "optimizer": "adam", "lr": 1e-3, "batch": 128, "target": 0.5},
    {"name": "SGD momentum 0.9, batch 32", "optimizer": "sgd", "lr": 0.05, "batch": 32, "target": 0.33},
]


def _args(cfg, epochs, seed):
    return ["--optimizer", cfg["optimizer"], "--lr", cfg["lr"], "--batch", cfg["batch"], "--epochs", epochs,
            "--seed", seed, "--train", 8000, "--data", "data"]


def _summary(runs):
    return {
        "epoch": median([median(r["epoch_seconds"]) for r, _ in runs]),
        "first_epoch": median([r["epoch_seconds"][0] for r, _ in runs]),
        "early": median([median(r["epoch_seconds"][:3]) for r, _ in runs]),
        "late": median([median(r["epoch_seconds"][3:]) for r, _ in runs]),
        "accuracy": median([r["test_accuracy"] for r, _ in runs]),
        "rss": median([rss for _, rss in runs]),
        "runs": [{"epoch_seconds": r["epoch_seconds"], "test_accuracy": r["test_accuracy"], "rss": rss} for r, rss in runs],
    }


def run(ctx):
    epochs = 2 if ctx.quick else 10
    out = []
    for cfg in CONFIGS:
        def downhill(rep, cfg=cfg):
            r, _, _ = run_json([ctx.bench_bin, "mlp", *map(str, _args(cfg, epochs, rep))], cwd=ctx.root)
            return r, r["peak_rss"]

        def torch(rep, cfg=cfg):
            r, _, _ = run_json(ctx.peer("torch_mlp.py", *_args(cfg, epochs, rep)), cwd=ctx.root, env=ctx.torch_env)
            return r, r["peak_rss"]

        res = alternate(ctx.reps, [("downhill", downhill), ("torch", torch)])
        d, t = _summary(res["downhill"]), _summary(res["torch"])
        out.append({**cfg, "epochs": epochs, "downhill": d, "torch": t, "ratio": ratio(d["epoch"], t["epoch"]),
                    "accuracy_gap": abs(d["accuracy"] - t["accuracy"])})
    return out
