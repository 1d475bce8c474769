"""The arithmetic floor of each timed training target: the FLOP its matrix products must do, and the
time that takes at the FMA roof of every core (roof.py: measured in the same run). Dividing that time by
the peer's median gives the smallest ratio any implementation of the same algorithm could reach on
this machine: a goal below it cannot be met by making the same work faster, only by doing less
(Winograd or FFT convolution, for instance).

Counted: 2 FLOP per multiply-add of the forward products, of the products for every weight's
gradient, and of the products for the gradient of every input that needs one (not the data's: the
first layer of the MLP and the CNN computes no dX; the language models' embedding is trained, so their
first product's dX counts). Not counted: biases, activations, softmax, normalisation, pooling, the
optimizer, and attention's masked upper triangle (causal attention needs only the T(T+1)/2 scores on
and below the diagonal). Every figure is therefore below the true minimum.
"""
import os
from pathlib import Path

from .tasks import cnn, lm, mlp
from . import roof
from .tasks.conv_bench import epoch_flop as conv_epoch_flop

MLP_SIZES = (784, 256, 128, 10)  # mnist_cli.py's --hidden 256,128 on 28x28 digits, 10 classes
LSTM = {"embedding": 64, "hidden": 256, "gates": 4}  # lm.CONFIGS[0]'s layers
TRANSFORMER = {"d": 128, "ff": 512, "layers": 4}  # lm.CONFIGS[1]'s layers (4 heads: no effect on the count)


def _training(forward_macs, dx_macs):
    """FLOP of one training pass: the forward products, the same again for the weights' gradients,
    and `dx_macs` for the inputs' gradients."""
    return 2 * (2 * forward_macs + dx_macs)


def mlp_epoch(rows=mlp.TRAIN):
    """Task (a): one epoch of the 784-256-128-10 MLP over `rows` digits."""
    pairs = list(zip(MLP_SIZES, MLP_SIZES[1:]))
    forward = sum(i * o for i, o in pairs)
    return rows * _training(forward, forward - pairs[0][0] * pairs[0][1])


def cnn_epoch(rows=cnn.TRAIN):
    """Task (f): the two conv layers (conv_bench's counts) and the final linear(7·7·32 → 10)."""
    return conv_epoch_flop(rows) + rows * _training(7 * 7 * 32 * 10, 7 * 7 * 32 * 10)


def lstm_step(cfg, vocab):
    """Task (g)'s LSTM: per token the input projection E→4H and the output H→V, per step after the
    first (whose h₀ is zero) the recurrence H→4H; every input's gradient included."""
    e, h, g, t = LSTM["embedding"], LSTM["hidden"], LSTM["gates"] * LSTM["hidden"], cfg["context"]
    per_sequence = t * (e * g + h * vocab) + (t - 1) * h * g
    return cfg["batch"] * _training(per_sequence, per_sequence)


def transformer_step(cfg, vocab):
    """Task (g)'s transformer: per layer and token the Q, K, V and output projections (4·d²) and the
    feed-forward pair (2·d·ff); per layer and sequence the scores QKᵀ and the weighted values P·V
    over the causal triangle (d multiply-adds per score each); then the output projection d→V. In
    attention's backward, dQ, dK, dV and dP are four products of the forward's size."""
    d, ff, layers, t = TRANSFORMER["d"], TRANSFORMER["ff"], TRANSFORMER["layers"], cfg["context"]
    dense = cfg["batch"] * t * (layers * (4 * d * d + 2 * d * ff) + d * vocab)
    attention = cfg["batch"] * layers * 2 * (t * (t + 1) // 2) * d
    return _training(dense, dense) + 2 * (attention + 2 * attention)


def _vocab():
    """The shipped text's distinct characters: the CLI's and the peer's vocabulary."""
    root = Path(__file__).resolve().parents[2]
    return len(set((root / lm.TEXT).read_text(encoding="utf-8")))


def rows(results, machine):
    """One row per timed training target with a FLOP count: what, FLOP per unit, both tools' medians
    (seconds), and the time at the peak."""
    peak = roof.flops(machine, machine.get("cores") or os.cpu_count() or 1)[0]
    out = []

    def add(what, flop, mine, peer, goal):
        if mine and peer:
            out.append({"what": what, "flop": flop, "downhill": mine, "peer": peer, "floor": flop / peak,
                        "peak": peak, "goal": goal})

    for cfg in results.get("a", []):
        t = cfg["tools"]
        add(f"MNIST MLP {cfg['name']}, epoch (CLI)", mlp_epoch(), t["cli"]["epoch"]["median"],
            t["torch"]["epoch"]["median"], cfg["target"]["cli"])
    f = results.get("f")
    if f:
        add("MNIST CNN, epoch (CLI)", cnn_epoch(), f["tools"]["cli"]["epoch"]["median"],
            f["tools"]["torch"]["epoch"]["median"], f["target"])
    counts = {"LSTM": lstm_step, "transformer": transformer_step}
    for g, cfg in zip(results.get("g", []), lm.CONFIGS):
        t = g["tools"]
        add(f"{g['name']} language model, step (CLI)", counts[g["name"]](cfg, _vocab()),
            t["cli"]["step"]["median"], t["torch"]["step"]["median"], g["target"])
    return out


def markdown(results, machine):
    """The section under the targets table ("" when no timed training target ran)."""
    table = rows(results, machine)
    if not table:
        return ""
    peak = table[0]["peak"]
    lines = ["### Against the FMA roof\n",
             f"FLOP per unit: the matrix products' multiply-adds (forward, weight gradients, input gradients "
             f"where needed; see bench/harness/flop_floor.py), 2 FLOP each. At the roof: that work at "
             f"{peak / 1e9:.0f} GFLOP/s, every core at the FMA roof ({roof.describe(machine)}). Best ratio: "
             f"that time over the peer's median, the smallest ratio the same arithmetic can reach on this "
             f"machine. A goal below the floor needs less arithmetic, not faster arithmetic: for the CNN the count "
             f"is direct convolution's, and Winograd's minimal filtering does fewer multiplies.\n",
             "| target | GFLOP per unit | downhill GFLOP/s (of roof) | peer GFLOP/s (of roof) | at the roof | "
             "best ratio | goal |", "|---|---|---|---|---|---|---|"]
    for r in table:
        rate = lambda s: f"{r['flop'] / s / 1e9:.0f} ({r['flop'] / s / peak:.0%})"  # noqa: E731
        best = r["floor"] / r["peer"]
        reach = f"<= {r['goal']}x: " + ("below the floor" if r["goal"] < best else "above the floor")
        lines.append(f"| {r['what']} | {r['flop'] / 1e9:.2f} | {rate(r['downhill'])} | {rate(r['peer'])} | "
                     f"{r['floor'] * 1e3:.1f} ms | {best:.2f}x | {reach} |")
    return "\n".join(lines) + "\n"
