"""Data-parallel training on this machine, and a model on paper of its scaling over 10 GbE.

Measured (`mpirun -np R downhill train ... --distributed`, the same global batch at 1 and 2 ranks):
  - the training time per epoch and the seconds rank 0 spent in collectives (which include
    waiting for the slower rank), for the MNIST MLP 784-256-128-10 (global batch 128) and the
    issue's CNN (global batch 64), on the first 8,000 shipped MNIST images;
  - the all-reduce alone, for each model's gradient size (`examples/allreduce`, median of 200).
On paper (ring all-reduce, no overlap with compute, each machine keeping its per-rank batch):
  step(N) = compute + 2(N-1)/N * gradient bytes / bandwidth + 2(N-1) * latency,
  efficiency(N) = compute / step(N), with 10 GbE = 1.25 GB/s and 20 us latency per hop.
The compute per step is this machine's measured one-process step; the 100M-parameter model's is
6 * parameters * rows FLOPs (forward and backward) at the MLP's measured FLOP rate.

Usage: python tools/distributed_timing.py   (after
  cargo build --release -p downhill-cli --features mpi
  cargo build --release -p downhill-learn --features mpi --example allreduce)
Needs OpenMPI's mpirun; as root, OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1.
"""
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOWNHILL = ROOT / "target/release/downhill"
ALLREDUCE = ROOT / "target/release/examples/allreduce"
MNIST = ROOT / "data/mnist-10k-images-idx3-ubyte.gz"
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
BANDWIDTH, LATENCY = 1.25e9, 20e-6

MODELS = {
    # name: (flags, global batch, parameters, epochs)
    "MLP 784-256-128-10": (["--model", "mlp", "--hidden", "256,128"], 128, 235_146, 3),
    "CNN (issue 10)": (
        ["--layers", "conv2d(16, 5, padding=2), relu, max_pool2d(2), conv2d(32, 5, padding=2), relu, "
         "max_pool2d(2), flatten, linear(10)"],
        64,
        28_938,
        1,
    ),
}


def train(ranks, flags, batch, epochs):
    """(seconds per epoch, seconds in collectives per step) of one run."""
    cmd = ["mpirun", "-np", str(ranks), str(DOWNHILL), "train", str(MNIST), *flags, "--optimizer", "adam",
           "--lr", "1e-3", "--batch-size", str(batch // ranks), "--epochs", str(epochs), "--tol", "none",
           "--scale", "minmax", "--test-rows", "8000..10000", "--out", "/tmp/distributed_timing.safetensors",
           "--distributed"]
    out = subprocess.run(cmd, env=ENV, capture_output=True, text=True, check=True).stdout
    per_epoch = float(re.search(r"epochs?, ([0-9.]+) s per epoch", out).group(1))
    comm = float(re.search(r"spent ([0-9.]+) s of", out).group(1))
    steps = epochs * -(-8000 // batch)
    return per_epoch, comm / steps, steps / epochs


def allreduce(ranks, floats):
    out = subprocess.run(["mpirun", "-np", str(ranks), str(ALLREDUCE), str(floats)], env=ENV,
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"median ([0-9.]+) ms", out).group(1)) / 1e3


def ring(n, params):
    return 2 * (n - 1) / n * params * 4 / BANDWIDTH + 2 * (n - 1) * LATENCY


def main():
    print("| model | ranks | epoch (s) | collectives per step (ms) | all-reduce alone (ms) |")
    print("|---|---|---|---|---|")
    compute = {}
    for name, (flags, batch, params, epochs) in MODELS.items():
        for ranks in (1, 2):
            epoch, comm, steps = train(ranks, flags, batch, epochs)
            alone = allreduce(ranks, params)
            print(f"| {name} | {ranks} | {epoch:.3f} | {comm * 1e3:.3f} | {alone * 1e3:.3f} |")
            if ranks == 1:
                compute[name] = (epoch / steps, params, batch)
    mlp_step, mlp_params, mlp_batch = compute["MLP 784-256-128-10"]
    rate = 6 * mlp_params * mlp_batch / mlp_step
    rows = 64
    compute["100M parameters, 64 rows per step"] = (6 * 100e6 * rows / rate, 100_000_000, rows)
    print(f"\nmeasured MLP rate: {rate / 1e9:.1f} GFLOP/s (6 x parameters x rows per step)\n")
    print("| model | compute per step (ms) | gradient (MB) | efficiency at N = 2 | 4 | 8 | 16 | 64 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (step, params, _) in compute.items():
        eff = [step / (step + ring(n, params)) for n in (2, 4, 8, 16, 64)]
        cells = " | ".join(f"{e:.0%}" for e in eff)
        print(f"| {name} | {step * 1e3:.2f} | {params * 4 / 1e6:.2f} | {cells} |")


if __name__ == "__main__":
    main()
