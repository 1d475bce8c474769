#!/usr/bin/env python3
"""Reference forward/backward values for downhill-nn's recurrent layers (issue 11), from PyTorch in float32.

Writes crates/downhill-nn/tests/data/torch_recurrent.json, read by crates/downhill-nn/tests/torch_recurrent.rs.
Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/recurrent_reference.py
Produced with torch 2.15.0 (CPU), numpy 2.4.6. One thread, fixed seeds: re-running gives a byte-identical file.

Each case names the downhill layer text (`spec`) and the torch module it stands for (`torch`): nn.RNN, nn.LSTM or
nn.GRU with batch_first=True and the listed keyword arguments, the input size taken from `input_shape` [T, I].
The model is `nn.Sequential(module)` whose forward keeps torch's `output` (every h_t, not h_n), so the state_dict
keys are `0.weight_ih_l0`, `0.bias_hh_l1_reverse`, ... <-> downhill's `layers.0.weight_ih_l0`, ...
Parameters are torch's default init (U(-1/sqrt(H), 1/sqrt(H))) under the case's seed, then written into the file.

JSON (compact; every tensor is {"shape": [...], "data": [...]}, data flat in row-major order):
  torch_version, dtype "float32", conventions {..: text}
  cases: [{name, spec, torch, seed, input_shape, mode ("train" | "eval"), state_before (torch names),
           x [N, T, I], y [N, T, D*H], r (L = sum(y * r)), grad_x, grads {torch name: dL/dparam}}]
Values are float32 written as the shortest decimal that round-trips to the same f32. Every case is rerun in
float64 from the same f32 inputs and the largest relative difference printed (it bounds torch's own rounding).
For relu RNNs the pre-activations are recomputed in float64 and the case re-seeded while any lies within
KINK_TOL of 0, so the reference gradient cannot flip under rounding differences.
"""

import copy
import json
import os

import numpy as np
import torch
import torch.nn as nn

KINK_TOL = 3e-5
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_PATH = os.path.join(REPO_ROOT, "crates", "downhill-nn", "tests", "data", "torch_recurrent.json")

CONVENTIONS = {
    "layout": "batch_first=True: x [N, T, I], output [N, T, D*H] (D = 2 when bidirectional: forward then "
    "reverse direction on the last axis); zero initial state",
    "rnn": "h_t = act(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh), act tanh or relu",
    "lstm": "gates (i, f, g, o) in weight row blocks; c_t = f c_(t-1) + i g; h_t = o tanh(c_t)",
    "gru": "gates (r, z, n) in weight row blocks; n = tanh(W_in x + b_in + r (W_hn h + b_hn)); "
    "h_t = (1 - z) n + z h_(t-1)",
    "dropout": "between stacked layers, training only",
}

CLASSES = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

# (name, spec, class, kwargs, input_shape [T, I], batch N, mode)
CASES = [
    ("rnn_tanh", "rnn(5)", "rnn", {"hidden_size": 5}, [4, 3], 2, "eval"),
    ("rnn_relu", "rnn(4, nonlinearity='relu')", "rnn", {"hidden_size": 4, "nonlinearity": "relu"}, [5, 3], 3, "eval"),
    ("rnn_relu_bidirectional", "rnn(3, nonlinearity='relu', bidirectional=true)", "rnn",
     {"hidden_size": 3, "nonlinearity": "relu", "bidirectional": True}, [4, 2], 2, "eval"),
    ("rnn_two_layers_bidirectional", "rnn(3, num_layers=2, bidirectional=true)", "rnn",
     {"hidden_size": 3, "num_layers": 2, "bidirectional": True}, [5, 4], 2, "eval"),
    ("rnn_no_bias", "rnn(5, bias=false)", "rnn", {"hidden_size": 5, "bias": False}, [3, 3], 2, "eval"),
    ("lstm", "lstm(5)", "lstm", {"hidden_size": 5}, [4, 3], 3, "eval"),
    ("lstm_two_layers", "lstm(3, num_layers=2)", "lstm", {"hidden_size": 3, "num_layers": 2}, [6, 5], 2, "eval"),
    ("lstm_bidirectional", "lstm(4, bidirectional=true)", "lstm", {"hidden_size": 4, "bidirectional": True},
     [5, 3], 2, "eval"),
    ("lstm_two_layers_bidirectional", "lstm(3, num_layers=2, bidirectional=true)", "lstm",
     {"hidden_size": 3, "num_layers": 2, "bidirectional": True}, [5, 2], 3, "eval"),
    ("lstm_no_bias", "lstm(7, bias=false)", "lstm", {"hidden_size": 7, "bias": False}, [3, 5], 2, "eval"),
    ("lstm_train_dropout_0", "lstm(4, num_layers=2, dropout=0.0)", "lstm",
     {"hidden_size": 4, "num_layers": 2, "dropout": 0.0}, [4, 3], 2, "train"),
    ("gru", "gru(5)", "gru", {"hidden_size": 5}, [4, 3], 3, "eval"),
    ("gru_two_layers_bidirectional", "gru(3, num_layers=2, bidirectional=true)", "gru",
     {"hidden_size": 3, "num_layers": 2, "bidirectional": True}, [5, 4], 2, "eval"),
    ("gru_no_bias", "gru(6, bias=false)", "gru", {"hidden_size": 6, "bias": False}, [4, 3], 2, "eval"),
    ("gru_train_dropout_0", "gru(4, num_layers=2, dropout=0.0)", "gru",
     {"hidden_size": 4, "num_layers": 2, "dropout": 0.0}, [3, 5], 2, "train"),
]


class OutputOnly(nn.Module):
    """Keeps torch's `output` (every h_t) of an RNN/LSTM/GRU and drops h_n."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


def f32_list(t):
    return [float(np.format_float_scientific(v, unique=True)) for v in t.detach().numpy().astype(np.float32).ravel()]


def tensor(t):
    return {"shape": list(t.shape), "data": f32_list(t)}


def relu_min_preactivation(rnn, x):
    """Smallest |pre-activation| of a relu RNN on x, recomputed in float64 layer by layer."""
    m = copy.deepcopy(rnn).double()
    inp, smallest = x.double(), float("inf")
    dirs = 2 if m.bidirectional else 1
    for layer in range(m.num_layers):
        outs = []
        for d in range(dirs):
            sfx = f"l{layer}" + ("_reverse" if d else "")
            w_ih, w_hh = getattr(m, f"weight_ih_{sfx}"), getattr(m, f"weight_hh_{sfx}")
            b = (getattr(m, f"bias_ih_{sfx}") + getattr(m, f"bias_hh_{sfx}")) if m.bias else 0.0
            h = torch.zeros(inp.shape[0], m.hidden_size, dtype=torch.float64)
            steps = range(inp.shape[1] - 1, -1, -1) if d else range(inp.shape[1])
            hs = [None] * inp.shape[1]
            for t in steps:
                pre = inp[:, t] @ w_ih.T + h @ w_hh.T + b
                smallest = min(smallest, pre.abs().min().item())
                h = pre.clamp(min=0)
                hs[t] = h
            outs.append(torch.stack(hs, 1))
        inp = torch.cat(outs, 2)
    return smallest


def run(model, x, r):
    x = x.clone().requires_grad_(True)
    y = model(x)
    (y * r).sum().backward()
    grads = {k: p.grad.clone() for k, p in model.named_parameters()}
    return y.detach(), x.grad.clone(), grads


def case(name, spec, kind, kwargs, input_shape, n, mode, seed):
    while True:
        torch.manual_seed(seed)
        rnn = CLASSES[kind](input_size=input_shape[1], batch_first=True, **kwargs)
        model = nn.Sequential(OutputOnly(rnn))
        x = torch.randn(n, *input_shape)
        if kwargs.get("nonlinearity") != "relu" or relu_min_preactivation(rnn, x) > KINK_TOL:
            break
        seed += 1000
    model.train(mode == "train")
    state_before = {k.replace("0.rnn.", "0."): v.clone() for k, v in model.state_dict().items()}
    y = model(x)
    r = torch.randn(y.shape)
    y, gx, grads = run(model, x, r)
    y64, gx64, grads64 = run(copy.deepcopy(model).double(), x.double(), r.double())
    rel = max(((a.double() - b).abs().max() / b.abs().max().clamp(min=1e-12)).item()
              for a, b in [(y, y64), (gx, gx64)] + [(grads[k], grads64[k]) for k in grads])
    print(f"{name:32s} seed {seed}: float32 vs float64 max relative difference {rel:.2e}")
    return {
        "name": name, "spec": spec, "torch": f"nn.{kind.upper()}({json.dumps(kwargs)}, batch_first=True)",
        "seed": seed, "input_shape": input_shape, "mode": mode,
        "state_before": {k: tensor(v) for k, v in state_before.items()},
        "x": tensor(x), "y": tensor(y), "r": tensor(r), "grad_x": tensor(gx),
        "grads": {k.replace("0.rnn.", "0."): tensor(v) for k, v in grads.items()},
    }


def main():
    torch.set_num_threads(1)
    cases = [case(*c, seed=110 + i) for i, c in enumerate(CASES)]
    out = {"torch_version": torch.__version__, "dtype": "float32", "conventions": CONVENTIONS, "cases": cases}
    with open(OUT_PATH, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT_PATH}: {len(cases)} cases")


if __name__ == "__main__":
    main()
