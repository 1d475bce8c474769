"""Task (g): issue 11's language-model training steps on the shipped tiny shakespeare, an LSTM and a
causal transformer: the command users run (`downhill train FILE.txt --layers ... --steps`) against
PyTorch eager at its defaults (`tools/lm_torch.py`: the same model, data protocol and optimizer),
alternating in fresh processes for `reps` runs.

Per run, seconds per training step. CLI: the `seconds` column of `--metrics` for the second round of
STEPS / 2 steps (forward, backward, optimizer step and drawing that round's windows; not the
validation; the first round holds the warm-up), divided by its steps. torch: the median over its steps
after the first 10 of forward, backward and the optimizer step (`seconds_per_step`). Both validate once
per round; neither figure includes it."""
import shlex
from pathlib import Path

from ..proc import alternate, run_json
from ..stats import figure, median, ratios
from . import mnist_cli

TEXT = "data/tinyshakespeare.txt"
BLOCK = "transformer_encoder_layer(4, 512, 0.0, norm_first=true, causal=true)"
CONFIGS = [
    {"name": "LSTM", "layers": "embedding(64), lstm(256), linear", "context": 64, "batch": 32,
     "optimizer": "adam", "lr": 2e-3, "torch": ["--model", "lstm"]},
    {"name": "transformer", "context": 128, "batch": 32, "optimizer": "adamw", "lr": 1e-3,
     "layers": f"embedding(128), positional_embedding, {', '.join([BLOCK] * 4)}, layer_norm(normalized_dims=1), linear",
     "torch": ["--model", "transformer", "--optimizer", "adamw"]},
]
STEPS, QUICK_STEPS = 60, 20  # two rounds of half each
TARGET = 0.5  # CLI step / torch step, at most
WEIGHT = 2


def command(binary, cfg, steps, seed, workdir):
    return [binary, "train", TEXT, "--layers", cfg["layers"], "--context", str(cfg["context"]),
            "--batch-size", str(cfg["batch"]), "--optimizer", cfg["optimizer"], "--lr", str(cfg["lr"]),
            "--steps", str(steps), "--eval-interval", str(steps // 2), "--l2", "0", "--tol", "none",
            "--seed", str(seed), *mnist_cli.outputs(workdir)]


def shown(cfg, steps):
    cmd = command("downhill", cfg, steps, "REP", Path("<tmp>"))
    return " ".join(shlex.quote(a) if " " in a else a for a in cmd)


def _peer_args(cfg, steps, seed):
    return [*cfg["torch"], "--context", cfg["context"], "--batch", cfg["batch"], "--lr", cfg["lr"],
            "--steps", steps, "--eval-interval", steps, "--seed", seed, "--data", TEXT]


def _cli(ctx, cfg, steps, seed):
    rounds = mnist_cli.measure(ctx, lambda workdir: command(ctx.downhill_bin, cfg, steps, seed, workdir))["epoch_seconds"]
    return {"step": rounds[-1] / (steps // 2), "rounds": rounds}


def _torch(ctx, cfg, steps, seed):
    script = str(ctx.root / "tools" / "lm_torch.py")
    out, _, _ = run_json([ctx.python, script, *map(str, _peer_args(cfg, steps, seed))], cwd=ctx.root)
    return {"step": out["seconds_per_step"], "threads": out["torch_threads"]}


def run(ctx):
    steps = QUICK_STEPS if ctx.quick else STEPS
    results = []
    for cfg in CONFIGS:
        runners = [("cli", lambda rep, c=cfg: _cli(ctx, c, steps, rep)),
                   ("torch", lambda rep, c=cfg: _torch(ctx, c, steps, rep))]
        res, busy = alternate(ctx, runners, weight=WEIGHT / len(CONFIGS))
        tools = {name: {"step": figure([r["step"] for r in runs]), "runs": runs} for name, runs in res.items()}
        results.append({"name": cfg["name"], "layers": cfg["layers"], "context": cfg["context"],
                        "batch": cfg["batch"], "optimizer": cfg["optimizer"], "lr": cfg["lr"], "steps": steps,
                        "target": TARGET, "tools": tools, "busy": busy, "cli_command": shown(cfg, steps),
                        "torch_command": " ".join(["python", "tools/lm_torch.py",
                                                   *map(str, _peer_args(cfg, steps, "REP"))]),
                        "torch_threads": median([r.get("threads") for r in res["torch"]]),
                        "ratio": ratios(tools["cli"]["step"], tools["torch"]["step"])})
    return results
