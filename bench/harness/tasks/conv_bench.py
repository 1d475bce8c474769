"""Task (f)'s conv throughput: `cargo bench -p downhill-tensor --bench conv` (criterion,
crates/downhill-tensor/benches/conv.rs) times the forward and backward passes of the CNN's two conv
layers at batch 64, on the default rayon pool (every core) and on one thread. Each figure is
criterion's median time per call (its `new/estimates.json`), turned into GFLOP/s with the FLOP
counts below (the report turns them into shares of the measured FMA roof, roof.py).

FLOP per call, 2 per multiply-add: forward 2·N·O·OH·OW·(C/groups)·kh·kw; backward the same once for
dW and once more for dX, which conv1 does not compute (its input is the data). Biases are not
counted.
"""
import json
import time

from ..env import log
from ..proc import ChildFailed, run_wall
from ..quiet import busy_by_others

BATCH = 64
TRAIN = 8000  # task (f)'s training images (cnn.TRAIN)
# name in the bench -> (C, O, OH = OW, kh = kw, whether backward computes dX)
LAYERS = {
    "conv1_1to16_28x28": {"c": 1, "o": 16, "hw": 28, "k": 5, "dx": False},
    "conv2_16to32_14x14": {"c": 16, "o": 32, "hw": 14, "k": 5, "dx": True},
}
PASSES = ("forward", "backward")
COMMAND = ["cargo", "bench", "-p", "downhill-tensor", "--bench", "conv", "--", "--noplot"]


def flop(layer, n=BATCH):
    """{"forward", "backward"} FLOP of one call on n samples."""
    f = 2 * n * layer["o"] * layer["hw"] ** 2 * layer["c"] * layer["k"] ** 2
    return {"forward": f, "backward": f * (2 if layer["dx"] else 1)}


def _read(criterion_dir, since):
    """criterion's medians of this run: {(pass, threads, layer): seconds per call}."""
    out = {}
    for bench in (criterion_dir / "conv2d").glob("*/*/new/benchmark.json"):
        if bench.stat().st_mtime < since:
            continue  # left by an earlier run
        meta = json.loads(bench.read_text())
        step, threads = meta["function_id"].split("/")  # e.g. "forward/2threads"
        est = json.loads((bench.parent / "estimates.json").read_text())
        out[(step, int(threads.removesuffix("threads").removesuffix("thread")), meta["value_str"])] = \
            est["median"]["point_estimate"] * 1e-9
    return out


def run(ctx):
    """Runs the bench after a quiet wait; returns {"command", "busy" (before), "busy_during" (other
    processes, over the bench's minute or so), "rows": [...], "epoch": ...} or {"command", "error"}."""
    quiet = ctx.quiet.wait("conv bench")
    log(f"  {' '.join(COMMAND)} (CPU {quiet['busy']:.0f} % busy before)")
    start = time.time()
    try:
        _, others = busy_by_others(lambda: run_wall(COMMAND, cwd=ctx.root))
    except (OSError, ChildFailed) as e:
        return {"command": " ".join(COMMAND[:-2]), "error": str(e)[-300:]}
    medians = _read(ctx.target_dir / "criterion", start)
    if not medians:
        return {"command": " ".join(COMMAND[:-2]), "error": f"no results of this run in {ctx.target_dir / 'criterion'}"}
    rows = []
    for (step, threads, name), seconds in sorted(medians.items(), key=_order):
        f = flop(LAYERS[name])[step]
        rows.append({"layer": name, "pass": step, "threads": threads, "seconds": seconds, "flop": f,
                     "gflops": f / seconds * 1e-9})
    return {"command": " ".join(COMMAND[:-2]), "busy": quiet["busy"], "busy_during": round(others, 1), "rows": rows,
            "epoch": _epoch(rows)}


def _order(item):
    """Table order: layer, more threads first, forward before backward."""
    (step, threads, name), _ = item
    return list(LAYERS).index(name), -threads, PASSES.index(step)


def epoch_flop(train=TRAIN):
    """FLOP of the conv layers, forward and backward, over one epoch of `train` images."""
    return sum(sum(flop(layer, train).values()) for layer in LAYERS.values())


def _epoch(rows, train=TRAIN):
    """The conv layers' FLOP in one training epoch, and the time they take at the every-core rates."""
    threads = max((r["threads"] for r in rows), default=None)
    per_batch = [r for r in rows if r["threads"] == threads]
    total = epoch_flop(train)
    return {"flop": total, "threads": threads, "batches": train // BATCH,
            "seconds": sum(r["seconds"] for r in per_batch) * train / BATCH if per_batch else None}
