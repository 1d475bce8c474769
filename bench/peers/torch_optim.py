"""Task (b), PyTorch peer: `opt.step()` on one parameter of N values with a fixed gradient.

--impl default   torch's choice (on CPU: the per-tensor for-loop implementation)
--impl foreach   foreach=True (multi-tensor kernels)
--impl fused     fused=True (one fused kernel; CPU support for Adam, AdamW and SGD)
Hyperparameters: Adam and AdamW torch defaults (lr 1e-3; AdamW weight_decay 1e-2); SGD lr 1e-2,
momentum 0.9 (the same as `downhill-bench optim`). Only `step()` is timed; torch's default thread count
unless --threads N is given (the harness never gives it).
Prints JSON {"step_seconds": [...]} or {"error": "..."} when torch rejects the combination.
"""
import argparse
import json
import time

import torch


def build(kind, impl, params):
    extra = {} if impl == "default" else {impl: True}
    if kind == "adam":
        return torch.optim.Adam(params, **extra)
    if kind == "adamw":
        return torch.optim.AdamW(params, **extra)
    return torch.optim.SGD(params, lr=1e-2, momentum=0.9, **extra)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", choices=["adam", "adamw", "sgd"], default="adam")
    ap.add_argument("--impl", choices=["default", "foreach", "fused"], default="default")
    ap.add_argument("--params", type=int, default=10_000_000)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="0: torch's default")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    p = torch.nn.Parameter(torch.randn(a.params))
    p.grad = torch.randn(a.params)
    try:
        opt = build(a.kind, a.impl, [p])
        opt.step()
    except (RuntimeError, ValueError) as e:
        print(json.dumps({"error": str(e).splitlines()[0]}))
        return
    seconds = []
    for i in range(a.warmup + a.steps):
        start = time.perf_counter()
        opt.step()
        if i >= a.warmup:
            seconds.append(time.perf_counter() - start)
    print(json.dumps({"step_seconds": seconds, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
