"""Task (f)'s CLI path: `downhill train --layers` on the shipped MNIST images, set up as the torch
peer (`peers/torch_cnn.py`) is:

  rows 0..8000 train, 8000..10000 test (--test-rows; scored once after training, untimed);
  the issue's CNN (LAYERS) in torch's names, each layer drawn as torch's default initialisation;
  Adam at torch's defaults, lr 1e-3, batch 64;
  no penalty (--l2 0), no validation split, no stopping rule (--tol none): exactly --epochs epochs;
  pixels at downhill's default scaling of images, global-standard: the training pixels' one mean
  and standard deviation, as the peer's normalisation (the issue's command gives no --scale).

Run and read as task (a)'s CLI path (`mnist_cli.measure`): the epoch figure is the `seconds` column
of `--metrics`, the test accuracy the summary line.
"""
import shlex
from pathlib import Path

from . import mnist_cli

LAYERS = ("conv2d(16, 5, padding=2), relu, max_pool2d(2), conv2d(32, 5, padding=2), relu, max_pool2d(2), "
          "flatten, linear(10)")


def command(ctx, cfg, epochs, seed, workdir):
    return [ctx.downhill_bin, "train", mnist_cli.IMAGES, "--layers", LAYERS, "--optimizer", "adam",
            "--lr", str(cfg["lr"]), "--batch-size", str(cfg["batch"]), "--epochs", str(epochs),
            "--test-rows", "8000..10000", "--tol", "none", "--l2", "0", "--seed", str(seed),
            *mnist_cli.outputs(workdir)]


def shown(cfg, epochs):
    """The command as the report prints it (binary and output paths shortened, the layers quoted, the
    seed REP: the repetition, 0, 1, ...)."""
    cmd = command(mnist_cli.Shown(), cfg, epochs, "REP", Path("<tmp>"))
    return " ".join(shlex.quote(a) if " " in a else a for a in cmd)


def run(ctx, cfg, epochs, seed):
    return mnist_cli.measure(ctx, lambda workdir: command(ctx, cfg, epochs, seed, workdir))
