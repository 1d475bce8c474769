"""The machine's FMA roof: f32 FLOP/s at the widest fused multiply-add, measured once per run by
`downhill-bench peak` (crates/downhill-bench/src/peak.rs: independent accumulators in registers, on
one thread and on every core) after the quiet wait. The conv table's shares and the FLOP floors
(flop_floor.py) divide by it. Runs recorded before it was measured fall back to PERFORMANCE.md's
estimate of 115 GFLOP/s per core (32 FLOP per cycle at 3.6 GHz), which counted one FMA port of
AVX-512 where this CPU has two: the measured roof is about 1.9x that."""
from .env import log
from .proc import ChildFailed, run_json

ESTIMATE_PER_CORE = 115e9


def measure(ctx):
    """{"isa", "threads", "one_thread", "all_threads" (GFLOP/s), "busy"}, or {"error"}."""
    quiet = ctx.quiet.wait("FMA roof")
    try:
        out = run_json([ctx.bench_bin, "peak"], cwd=ctx.root)[0]
    except (OSError, ChildFailed) as e:
        return {"error": str(e)[-300:]}
    log(f"  FMA roof: {out['one_thread']:.0f} GFLOP/s on one thread, {out['all_threads']:.0f} on "
        f"{out['threads']} ({out['isa']}; CPU {quiet['busy']:.0f} % busy before)")
    return {**{k: out[k] for k in ("isa", "threads", "one_thread", "all_threads")}, "busy": quiet["busy"]}


def flops(machine, threads):
    """(FLOP/s on `threads` threads, how it was found: "measured" or "estimated")."""
    r = machine.get("roof") or {}
    if not r.get("all_threads"):
        return ESTIMATE_PER_CORE * threads, "estimated"
    if threads == 1:
        return r["one_thread"] * 1e9, "measured"
    # Every core's share of the all-core figure (which is below n times one core's).
    return r["all_threads"] / r["threads"] * threads * 1e9, "measured"


def describe(machine):
    """The machine table's line."""
    r = machine.get("roof") or {}
    if r.get("all_threads"):
        return (f"{r['all_threads']:.0f} GFLOP/s f32 on {r['threads']} threads, {r['one_thread']:.0f} on one "
                f"({r['isa']} FMA; `downhill-bench peak`, CPU {r['busy']:.0f} % busy before)")
    if "error" in r:
        return f"not measured (`downhill-bench peak` failed: {r['error']}); {ESTIMATE_PER_CORE / 1e9:.0f} GFLOP/s per core assumed"
    return f"not measured in this run; {ESTIMATE_PER_CORE / 1e9:.0f} GFLOP/s per core assumed (PERFORMANCE.md)"
