#!/usr/bin/env python3
"""torch.optim.swa_utils' stochastic weight averaging, for downhill's `--swa-start` with SWALR and
update_bn: the documented recipe, over 0-based epochs i,

    train epoch i
    if i > swa_start: swa_model.update_parameters(model); swa_scheduler.step()
    else: scheduler.step()
    ...
    update_bn(loader, swa_model)

with `swa_start = start - 2`, where `start` is downhill's first averaged epoch counted from 1. SWALR is
created before training, after the run's scheduler, as in the docs.

Generates crates/downhill-learn/tests/data/torch_swa.json. Run from the repo root:
    /root/venvs/refgen/bin/python tools/refgen/swa_reference.py      (any venv with torch)
Model: Linear(3, 4) -> BatchNorm1d(4) -> ReLU -> Linear(4, 1), MSE, float32, on 24 fixed rows in
batches of 8 visited in order (no shuffling, so the Rust trainer's `in_order` sees the same
batches); update_bn's loader is the same batches. SGD with momentum 0.9. Cases: cos annealing after
StepLR, linear annealing after a constant rate. Every case records the rate of each epoch, the
averaged parameters, n_averaged and the batch-norm statistics after update_bn, under downhill's
parameter names (`layers.K.*`; torch's `num_batches_tracked` is left out: downhill keeps none).
"""
import json
import os

import torch
from torch.optim.swa_utils import SWALR, AveragedModel, update_bn

OUT = os.path.join("crates", "downhill-learn", "tests", "data", "torch_swa.json")
ROWS, BATCH = 24, 8


def net(seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 1)
    )


def state(module):
    return {f"layers.{k}": v.detach().flatten().tolist() for k, v in module.state_dict().items()
            if not k.endswith("num_batches_tracked")}


def case(name, seed, epochs, start, swa_lr, anneal_epochs, anneal_strategy, step_lr):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(ROWS, 3, generator=g)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.1 * torch.randn(ROWS, 1, generator=g)
    model = net(seed)
    initial = state(model)
    swa_model = AveragedModel(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(opt, **step_lr) if step_lr else None
    swa_scheduler = SWALR(opt, swa_lr=swa_lr, anneal_epochs=anneal_epochs, anneal_strategy=anneal_strategy)
    batches = [(x[i:i + BATCH], y[i:i + BATCH]) for i in range(0, ROWS, BATCH)]
    lrs = []
    model.train()
    for i in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        for xb, yb in batches:
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(xb), yb).backward()
            opt.step()
        if i > start - 2:
            swa_model.update_parameters(model)
            swa_scheduler.step()
        elif scheduler is not None:
            scheduler.step()
    update_bn([xb for xb, _ in batches], swa_model)
    return {"name": name, "epochs": epochs, "start": start, "swa_lr": swa_lr, "anneal_epochs": anneal_epochs,
            "anneal_strategy": anneal_strategy, "step_lr": step_lr, "lr": 0.1, "momentum": 0.9,
            "batch_size": BATCH, "x": x.flatten().tolist(), "y": y.flatten().tolist(), "initial": initial,
            "lrs": lrs, "n_averaged": int(swa_model.n_averaged), "averaged": state(swa_model.module)}


def main():
    cases = [
        case("cos_after_step_lr", 1, 9, 4, 0.02, 3, "cos", {"step_size": 2, "gamma": 0.5}),
        case("linear_after_constant", 2, 7, 3, 0.03, 2, "linear", None),
        case("from_the_first_epoch", 3, 4, 1, 0.05, 10, "cos", None),
    ]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
