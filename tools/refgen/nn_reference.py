#!/usr/bin/env python3
"""Reference values for downhill-nn, computed with PyTorch in float64.

Generates: crates/downhill-nn/tests/data/torch_nn.json (relative to the repo root)

Contents (every matrix is a list of row lists, vectors are flat lists):
  torch_version  version string of the torch that produced the file
  losses         [{name, pred, target, value, grad_pred, ...}] mean-reduced losses and
                 d(value)/d(pred): mse, mae, huber (delta 1.0 and 0.5), bce_with_logits,
                 cross_entropy (target = integer class ids), hinge (binary, t in {-1,+1})
  softmax        softmax / log_softmax over dim=1 plus gradients of sum(w * out)
  batchnorm      BatchNorm1d(4) one training forward (+ running stats + grads) and an eval forward
  mlp_step       Linear(4,5) -> Tanh -> Linear(5,3), cross-entropy, grads, one SGD(lr=0.1) step

Inputs are drawn from a fixed seed and rounded to 4 decimals (so they are nearly exact in f32);
all computation is float64.

Run (from the repo root, in a venv with requirements.txt installed, see README.md):
    python tools/refgen/nn_reference.py

Produced with torch 2.15.0 (CPU).
"""

import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20240601
DTYPE = torch.float64
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_PATH = os.path.join(REPO_ROOT, "crates", "downhill-nn", "tests", "data", "torch_nn.json")

gen = torch.Generator().manual_seed(SEED)


def rnd(*shape, scale=1.0):
    """Random normal * scale, rounded to 4 decimals, float64."""
    x = torch.randn(*shape, generator=gen, dtype=DTYPE) * scale
    return torch.round(x * 1e4) / 1e4


def t(values):
    return torch.tensor(values, dtype=DTYPE)


def lst(x):
    """Tensor -> nested python lists (matrix = list of rows)."""
    return x.detach().tolist()


# ---------------------------------------------------------------- losses
def loss_case(name, fn, pred, target, **extra):
    pred = pred.clone().requires_grad_(True)
    value = fn(pred, target)
    (grad,) = torch.autograd.grad(value, pred)
    case = {"name": name}
    case.update(extra)
    case.update(
        {
            "pred": lst(pred),
            "target": lst(target),
            "value": value.item(),
            "grad_pred": lst(grad),
        }
    )
    return case


def hinge(pred, target):
    """Binary hinge: mean(clamp(1 - t * pred, min=0)), t in {-1, +1}."""
    margin = target * pred
    # keep points off the kink, where the subgradient is ambiguous
    assert not torch.any(margin.detach() == 1.0), "point on hinge kink"
    return torch.clamp(1.0 - margin, min=0.0).mean()


def make_losses():
    cases = []
    mse = nn.MSELoss()
    mae = nn.L1Loss()

    cases.append(loss_case("mse", mse, rnd(5, 1), rnd(5, 1)))
    cases.append(loss_case("mse", mse, rnd(4, 3), rnd(4, 3)))
    cases.append(loss_case("mse", mse, rnd(3, 2, scale=10.0), rnd(3, 2, scale=10.0)))

    p, q = rnd(5, 1), rnd(5, 1)
    assert torch.all(p != q)
    cases.append(loss_case("mae", mae, p, q))
    p, q = rnd(4, 3), rnd(4, 3)
    assert torch.all(p != q)
    cases.append(loss_case("mae", mae, p, q))

    # Huber: residuals on both sides of delta (but never exactly on it)
    for delta, name in ((1.0, "huber"), (0.5, "huber_delta_0.5")):
        for shape in ((5, 1), (4, 3)):
            q, res = rnd(*shape), rnd(*shape, scale=1.5)
            res[0, 0], res[-1, -1] = 0.4 * delta, -2.5 * delta  # one quadratic, one linear point
            p = torch.round((q + res) * 1e4) / 1e4
            r = (p - q).abs()
            assert torch.all(r != delta)
            assert torch.any(r < delta) and torch.any(r > delta)
            cases.append(loss_case(name, nn.HuberLoss(delta=delta), p, q, delta=delta))

    bce = nn.BCEWithLogitsLoss()
    cases.append(loss_case("bce_with_logits", bce, rnd(5, 1, scale=2.0), t([[1.0], [0.0], [1.0], [1.0], [0.0]])))
    cases.append(
        loss_case(
            "bce_with_logits",
            bce,
            t([[30.0], [-30.0], [100.0], [-100.0], [30.0], [-100.0], [0.25]]),
            t([[1.0], [0.0], [0.0], [1.0], [0.0], [0.0], [1.0]]),
        )
    )
    cases.append(loss_case("bce_with_logits", bce, rnd(4, 1), t([[0.0], [0.0], [1.0], [0.0]])))

    ce = nn.CrossEntropyLoss()
    cases.append(loss_case("cross_entropy", ce, rnd(4, 3), torch.tensor([0, 2, 1, 2])))
    big = rnd(5, 4)
    big[1] = t([200.0, -200.0, 199.5, 0.0])
    big[3] = t([-200.0, -199.0, -201.0, -200.5])
    cases.append(loss_case("cross_entropy", ce, big, torch.tensor([2, 0, 3, 1, 0])))
    cases.append(loss_case("cross_entropy", ce, rnd(3, 5, scale=3.0), torch.tensor([4, 0, 2])))

    cases.append(loss_case("hinge", hinge, rnd(5, 1), t([[1.0], [-1.0], [-1.0], [1.0], [1.0]])))
    cases.append(
        loss_case(
            "hinge",
            hinge,
            t([[2.5], [0.3], [-1.7], [-0.2], [1.0001], [0.9999]]),
            t([[1.0], [1.0], [-1.0], [-1.0], [1.0], [1.0]]),
        )
    )
    cases.append(loss_case("hinge", hinge, rnd(4, 1, scale=2.0), t([[-1.0], [1.0], [1.0], [-1.0]])))
    return cases


# ---------------------------------------------------------------- softmax
def make_softmax():
    x = rnd(4, 5, scale=2.0)
    x[2] = t([500.0, 501.0, 499.5, 498.0, 502.0])
    x[3] = t([-300.0, 0.0, -299.0, 1.5, -0.5])
    w = rnd(4, 5)
    xr = x.clone().requires_grad_(True)
    sm = torch.softmax(xr, dim=1)
    (g_sm,) = torch.autograd.grad((w * sm).sum(), xr)
    lsm = torch.log_softmax(xr, dim=1)
    (g_lsm,) = torch.autograd.grad((w * lsm).sum(), xr)
    return {
        "x": lst(x),
        "softmax": lst(sm),
        "log_softmax": lst(lsm),
        "w": lst(w),
        "grad_softmax": lst(g_sm),
        "grad_log_softmax": lst(g_lsm),
    }


# ---------------------------------------------------------------- batchnorm
def make_batchnorm():
    momentum, eps = 0.1, 1e-5
    bn = nn.BatchNorm1d(4, momentum=momentum, eps=eps, affine=True, dtype=DTYPE)
    gamma, beta = rnd(4) + 1.0, rnd(4, scale=0.5)
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    x = rnd(8, 4, scale=2.0) + t([0.0, 1.0, -3.0, 0.5])
    w = rnd(8, 4)

    bn.train()
    xr = x.clone().requires_grad_(True)
    out = bn(xr)
    gx, gg, gb = torch.autograd.grad((w * out).sum(), (xr, bn.weight, bn.bias))

    x_eval = rnd(3, 4, scale=2.0)
    bn.eval()
    with torch.no_grad():
        eval_out = bn(x_eval)

    return {
        "note": "running_var is updated with the UNBIASED batch variance (n-1); "
        "normalisation in training uses the biased one (n). Running stats start at mean 0, var 1.",
        "x": lst(x),
        "gamma": lst(gamma),
        "beta": lst(beta),
        "momentum": momentum,
        "eps": eps,
        "train_out": lst(out),
        "running_mean": lst(bn.running_mean),
        "running_var": lst(bn.running_var),
        "w": lst(w),
        "grad_x": lst(gx),
        "grad_gamma": lst(gg),
        "grad_beta": lst(gb),
        "x_eval": lst(x_eval),
        "eval_out": lst(eval_out),
    }


# ---------------------------------------------------------------- mlp step
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3))

    def forward(self, x):
        return self.layers(x)


def make_mlp_step():
    lr = 0.1
    net = MLP().to(DTYPE)
    with torch.no_grad():
        for _, p in net.named_parameters():
            p.copy_(rnd(*p.shape, scale=0.5))
    x = rnd(6, 4)
    target = torch.tensor([0, 2, 1, 1, 0, 2])
    params = {n: lst(p) for n, p in net.named_parameters()}

    opt = torch.optim.SGD(net.parameters(), lr=lr)
    opt.zero_grad()
    loss = F.cross_entropy(net(x), target)
    loss.backward()
    grads = {n: lst(p.grad) for n, p in net.named_parameters()}
    opt.step()
    after = {n: lst(p) for n, p in net.named_parameters()}
    assert set(params) == {"layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"}
    return {
        "note": "torch layout: weight is (out, in), y = x W^T + b; loss = CrossEntropyLoss (mean)",
        "params": params,
        "x": lst(x),
        "target": lst(target),
        "loss": loss.item(),
        "grads": grads,
        "lr": lr,
        "params_after_sgd_step": after,
    }


def check_finite(obj, path="$"):
    if isinstance(obj, float):
        assert math.isfinite(obj), f"non-finite value at {path}"
    elif isinstance(obj, dict):
        for k, v in obj.items():
            check_finite(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            check_finite(v, f"{path}[{i}]")


def main():
    data = {
        "torch_version": torch.__version__,
        "seed": SEED,
        "dtype": "float64",
        "losses": make_losses(),
        "softmax": make_softmax(),
        "batchnorm": make_batchnorm(),
        "mlp_step": make_mlp_step(),
    }
    check_finite(data)
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        json.dump(data, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {OUT_PATH} ({os.path.getsize(OUT_PATH)} bytes, {len(data['losses'])} loss cases)")


if __name__ == "__main__":
    main()
