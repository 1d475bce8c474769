"""Task (b): one optimizer step on 10,000,000 parameters. downhill (`downhill-bench optim`), torch
at its defaults with its default, foreach and fused implementations (`peers/torch_optim.py`), and
the machine's streaming rates (`downhill-bench bandwidth`: streaming kernels over buffers of the same
size), all alternating. The floor of an optimizer is its step's memory traffic with no arithmetic,
timed in the downhill process between its steps (`optim --floor true`): the VM's bandwidth drifts
within a run by more than the gap being judged (windows of 50 Adam steps 4.8-6.7 ms in one
process), and a floor timed in another process an interval earlier does not cancel that. Quick mode: Adam only, against the floor and torch fused (the targets' terms).
With --torch-passive, torch fused also runs with OMP_WAIT_POLICY=PASSIVE (an extra, in no ratio)."""
from ..defaults import PASSIVE
from ..proc import alternate, run_json
from ..stats import figure, median, ratios

KINDS = [("adam", "Adam", 28), ("adamw", "AdamW", 28), ("sgd", "SGD momentum", 20)]
IMPLS = ["default", "foreach", "fused"]


def run(ctx):
    n = 1_000_000 if ctx.quick else 10_000_000
    kinds = KINDS[:1] if ctx.quick else KINDS
    impls = ["fused"] if ctx.quick else IMPLS
    steps = 50
    # Steady state: the first 10-20 steps of every tool are slower (downhill Adam 5.8 -> 3.5 ms, torch
    # fused 6.4 -> 4.5 ms over 60 steps here) while the kernel settles the new buffers' pages, so each
    # tool gets the same 20 untimed steps first.
    warmup = 20

    def bandwidth(rep):
        return run_json([ctx.bench_bin, "bandwidth", "--params", str(n), "--reps", str(steps), "--warmup", str(warmup)], cwd=ctx.root)[0]

    def torch(kind, impl, env=None):
        return lambda rep: run_json(ctx.peer("torch_optim.py", "--kind", kind, "--impl", impl, "--params", n,
                                             "--steps", steps, "--warmup", warmup), cwd=ctx.root, env=env)[0]

    runners = [("floor", bandwidth)]
    for kind, _, _ in kinds:
        runners.append((f"downhill {kind}", lambda rep, k=kind: run_json(
            [ctx.bench_bin, "optim", "--kind", k, "--params", str(n), "--steps", str(steps), "--warmup", str(warmup),
             "--floor", "true"],
            cwd=ctx.root)[0]))
        runners += [(f"torch {kind} {impl}", torch(kind, impl)) for impl in impls]
        if ctx.torch_passive:
            runners.append((f"torch {kind} fused PASSIVE", torch(kind, "fused", PASSIVE)))
    res, busy = alternate(ctx, runners)
    floors = res["floor"]
    # The machine's streaming rate in each bandwidth run: the best of its three kernels (reported).
    rates = [max(f["copy_gbs"], f["adam_gbs"], f["sgd_gbs"]) for f in floors]
    out = {"params": n, "steps": steps, "warmup": warmup, "rate_gbs": median(rates), "busy": busy,
           "kernels": {k: median([f[k + "_gbs"] for f in floors]) for k in ("copy", "adam", "sgd")}, "kinds": []}
    for kind, label, bytes_per in kinds:
        floor = figure([r["floor_seconds"] for r in res[f"downhill {kind}"]])
        mine = figure([median(r["step_seconds"]) for r in res[f"downhill {kind}"]])
        torch_figs = {}
        for impl in impls + (["fused PASSIVE"] if ctx.torch_passive else []):
            runs = res[f"torch {kind} {impl}"]
            errors = [r["error"] for r in runs if "error" in r]
            torch_figs[impl] = {"seconds": None, "error": errors[0]} if errors else \
                {"seconds": figure([median(r["step_seconds"]) for r in runs]), "threads": runs[0].get("threads")}
        fused = torch_figs["fused"]["seconds"]
        timed = {impl: v["seconds"] for impl, v in torch_figs.items() if v["seconds"] is not None and impl in impls}
        best_impl = min(timed, key=lambda i: timed[i]["median"], default=None)
        out["kinds"].append({
            "kind": kind, "label": label, "bytes": bytes_per, "floor": floor, "downhill": mine, "torch": torch_figs,
            "torch_best_impl": best_impl,
            "vs_floor": ratios(mine, floor),
            "vs_fused": ratios(mine, fused) if fused else None,
            "vs_torch_best": ratios(mine, timed[best_impl]) if best_impl else None,
        })
    return out
