#!/usr/bin/env python3
"""torch.optim.swa_utils' exponential moving average of the weights, for downhill's `--ema`
(issue 17): `AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))`, its
`update_parameters(model)` called after every `optimizer.step()`.

Generates crates/downhill-learn/tests/data/torch_ema.json. Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/ema_reference.py
The loss is a separable quadratic f(p) = sum(a/2 p^2 + b p), its gradient a p + b written into
p.grad directly (float32), so the Rust side reproduces the same gradients without autograd. Cases:
SGD with momentum and Adam, decays 0.9 (lerp weight 0.1 < 0.5) and 0.3 (weight 0.7 >= 0.5, torch's
other lerp branch). Every step records the parameters and the average.
"""
import json
import os

import torch
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

OUT = os.path.join("crates", "downhill-learn", "tests", "data", "torch_ema.json")
STEPS = 12


def case(optimizer, options, decay, seed):
    g = torch.Generator().manual_seed(seed)
    a = torch.rand(5, generator=g) * 2 + 0.5
    b = torch.randn(5, generator=g)
    p0 = torch.randn(5, generator=g)
    model = torch.nn.ParameterList([torch.nn.Parameter(p0.clone())])
    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))
    opt = getattr(torch.optim, optimizer)(model.parameters(), **options)
    params, averages = [], []
    for _ in range(STEPS):
        p = model[0]
        p.grad = (a * p.detach() + b).to(torch.float32)
        opt.step()
        ema.update_parameters(model)
        params.append(p.detach().tolist())
        averages.append(ema.module[0].detach().tolist())
    return {"optimizer": optimizer, "options": options, "decay": decay, "a": a.tolist(), "b": b.tolist(),
            "p0": p0.tolist(), "params": params, "averages": averages}


def main():
    cases = [
        case("SGD", {"lr": 0.1, "momentum": 0.9}, 0.9, 1),
        case("Adam", {"lr": 0.05}, 0.9, 2),
        case("SGD", {"lr": 0.2}, 0.3, 3),
    ]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
