#!/usr/bin/env python3
"""Two checks behind downhill's Muon (crates/downhill-optim/src/transforms/newton_schulz.rs). Prints only.

1. The order of bfloat16 roundings: torch 2.15's `_zeropower_via_newtonschulz` runs in bf16 for every
   dtype. An emulation that rounds to bf16 (nearest even) the input, the norm, X / norm and the
   result of every product and addmm, each accumulated in float32 and rounded once, gives torch's
   output bit for bit on 300 random matrices up to 5 x 5 (rounding the product inside addmm
   separately does not: it differs in ~90% of the values).
2. How far torch's *own* float32 Muon stays within the parity tolerance (1e-4 + 1e-3 |ref|) of the
   float64 reference trajectories in torch_optim.json: the first step it leaves the band per case.
   Muon's orthogonalised steps have a fixed length ~lr, so near a minimum they zigzag, and one bf16
   rounding that differs between float32 and float64 inputs (2^-8 relative) grows from there; the
   parity test checks those cases up to a horizon before that step (torch_parity.rs, CHAOTIC).

Run from the repo root in the refgen venv: python tools/refgen/muon_bf16_check.py
"""
import json
import os
import sys

import numpy as np
import torch
from torch.optim._muon import _zeropower_via_newtonschulz

sys.path.insert(0, os.path.dirname(__file__))
import optim_reference as R  # noqa: E402


def bf(x):
    b = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000).astype(np.uint32).view(np.float32)


def emulate(g, coef=(3.4445, -4.7750, 2.0315), steps=5, eps=1e-7, fused=True):
    a, b, c = (np.float32(v) for v in coef)
    x = bf(g.astype(np.float32))
    tall = x.shape[0] > x.shape[1]
    x = x.T.copy() if tall else x
    n = max(bf(np.float32(np.sqrt(np.sum(x.astype(np.float64) ** 2)))), bf(np.float32(eps)))
    x = bf(x / n)
    for _ in range(steps):
        gram = bf(x @ x.T)
        if fused:
            x = bf(a * x + bf(b * gram + c * (gram @ gram)) @ x)
        else:
            x = bf(a * x + bf(bf(b * gram + bf(c * bf(gram @ gram))) @ x))
    return x.T if tall else x


def check_emulation():
    rng = np.random.default_rng(0)
    for fused in (True, False):
        differ = total = 0
        for _ in range(300):
            rows, cols = rng.integers(1, 6, 2)
            g = rng.normal(size=(rows, cols)) * 10 ** rng.uniform(-3, 3)
            want = _zeropower_via_newtonschulz(torch.tensor(g), (3.4445, -4.7750, 2.0315), 5, 1e-7)
            differ += int((want.float().numpy() != emulate(g, fused=fused)).sum())
            total += g.size
        print(f"{'one rounding per addmm' if fused else 'product rounded apart'}: {differ} of {total} values differ")


def torch_f32_horizons():
    data = json.load(open(R.OUT_PATH))
    for c in (c for c in data["cases"] if c["optimizer"] == "muon"):
        row = "_row_" in c["name"]
        ps = [torch.tensor(s, dtype=torch.float32) for s in R.START[c["function"]]]
        ps = [(p.reshape(1, -1) if row else p).requires_grad_() for p in ps]
        opt = torch.optim.Muon(ps, **c["options"])
        sched = R.make_scheduler(opt, c["schedule"])
        first_out, worst = None, 0.0
        for k in range(c["steps"]):
            opt.zero_grad()
            R.FN[c["function"]]([p.double().reshape(-1) if row else p.double() for p in ps]).backward()
            opt.step()
            if sched is not None:
                sched.step()
            for p, r in zip(ps, c["trajectory"][k + 1]):
                r = torch.tensor(r)
                ratio = ((p.detach().double().reshape(-1) - r).abs() / (1e-4 + 1e-3 * r.abs())).max().item()
                worst = max(worst, ratio)
                if ratio > 1 and first_out is None:
                    first_out = k + 1
        print(f"{c['name']:70} torch float32: worst {worst:8.2f}x tol, first out at step {first_out}")


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    check_emulation()
    torch_f32_horizons()
