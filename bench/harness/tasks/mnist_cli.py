"""Task (a)'s CLI path: the command users run, `downhill train` on the shipped MNIST images, set up as
the torch peer (`peers/torch_mlp.py`) and the library path (`downhill-bench mlp`) are:

  rows 0..8000 train, 8000..10000 test (--test-rows; scored once after training, untimed);
  784-256-128-10 relu MLP, He-uniform weights (the CLI's default for relu);
  the same optimizer, lr and batch size; SGD momentum 0.9 without dampening or Nesterov;
  no penalty (--l2 0: the MLP's default is scikit-learn's alpha 1e-4, which torch's peer lacks);
  no validation split (the default without --early-stopping), no stopping rule (--tol none), so
  every run trains exactly --epochs epochs;
  pixels --scale global-minmax: one minimum and maximum over every pixel of the training rows, 0
  and 255 on MNIST, so pixels / 255 as the peer's (torchvision's ToTensor).

The figure is the `seconds` column of `--metrics` (the wall time of each epoch's training), so
loading and preprocessing the data are not in it, as they are not in the peer's. `measure` runs any
such command (task (f)'s CNN too, cnn_cli.py).
"""
import csv
import re
import tempfile
from pathlib import Path

from ..proc import run_wall

IMAGES = "data/mnist-10k-images-idx3-ubyte.gz"


def command(ctx, cfg, epochs, seed, workdir):
    cmd = [ctx.downhill_bin, "train", IMAGES, "--model", "mlp", "--hidden", "256,128", "--activation", "relu",
           "--optimizer", "sgd" if cfg["optimizer"] == "sgd" else "adam", "--lr", str(cfg["lr"]),
           "--batch-size", str(cfg["batch"]), "--epochs", str(epochs), "--scale", "global-minmax",
           "--test-rows", "8000..10000", "--l2", "0", "--tol", "none", "--seed", str(seed), *outputs(workdir)]
    if cfg["optimizer"] == "sgd":
        cmd[cmd.index("--lr"):cmd.index("--lr")] = ["--momentum", "0.9"]
    return cmd


def shown(cfg, epochs):
    """The command as the report prints it (binary and output paths shortened)."""
    cmd = command(Shown(), cfg, epochs, 0, Path("<tmp>"))
    return " ".join(["downhill", *cmd[1:]])


def outputs(workdir):
    """The flags that write the metrics `measure` reads, and the model file, into `workdir`."""
    return ["--metrics", str(workdir / "epochs.csv"), "--out", str(workdir / "mnist.safetensors")]


def run(ctx, cfg, epochs, seed):
    return measure(ctx, lambda workdir: command(ctx, cfg, epochs, seed, workdir))


def measure(ctx, command_in):
    """One CLI run of the command `command_in(workdir)` (which ends with `outputs(workdir)`):
    {"epoch_seconds": [...], "wall": seconds of the whole process, "test_accuracy"} (from the summary
    line the command prints after training)."""
    with tempfile.TemporaryDirectory(prefix="downhill-bench-") as tmp:
        workdir = Path(tmp)
        wall, _, stdout = run_wall(command_in(workdir), cwd=ctx.root)
        with open(workdir / "epochs.csv", newline="") as f:
            rows = list(csv.DictReader(f))
    accuracy = re.search(r"^test \(\d+ rows\): accuracy ([0-9.]+)", stdout, re.M)
    return {"epoch_seconds": [float(r["seconds"]) for r in rows], "wall": wall,
            "test_accuracy": float(accuracy.group(1)) if accuracy else None}


class Shown:
    """A stand-in context for printing commands: the binary as users type it."""
    downhill_bin = "downhill"
