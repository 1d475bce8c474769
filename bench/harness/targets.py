"""The targets of issue 16 (its goal column), each as a row built from one run's results: what is
compared, both tools' figures (median and spread), the ratio (of the medians, with the range of the
per-repetition ratios), the target, the verdict and how busy the CPU was before those measurements.
Used by the report's first table and by the ratio table run.py prints to stdout."""
from .stats import figure, ms, spread, verdict, xr

# (task (a) configuration name, path, target) of the MNIST rows; the others are built below.
MNIST = [("Adam, batch 128", "cli", 0.5), ("Adam, batch 128", "library", 0.5),
         ("SGD momentum 0.9, batch 32", "cli", 0.4)]
PATHS = {"cli": "`downhill train --metrics` (CLI)", "library": "`downhill-bench mlp` (library)"}
ADAM_FLOOR, ADAM_FUSED, LOGREG = 1.1, 0.95, 0.25


def _row(what, short, mine, peer, rr, target, busy, below):
    """`busy`: the CPU busy figures recorded before these measurements; a verdict from measurements
    that started on a busy machine (the quiet wait's time limit reached) is marked as such."""
    r = rr["median"] if rr else None
    f = figure(busy)
    loud = f["max"] is not None and f["max"] >= below
    return {"what": what, "short": short, "downhill": mine, "peer": peer, "ratio": rr, "target": target,
            "verdict": verdict(r, target) + (" (busy machine)" if loud else ""),
            "busy": "n/a" if f["median"] is None else f"{f['median']:.0f} % (max {f['max']:.0f} %)"}


def _busy(busy, *names):
    return [b for n in names for b in busy.get(n, [])]


def rows(results, below):
    """The target rows; `below` is the quiet rule's threshold (percent CPU busy)."""
    out = []
    for cfg in results.get("a", []):
        for name, path, target in MNIST:
            if cfg["name"] != name:
                continue
            t = cfg["tools"]
            out.append(_row(f"MNIST MLP {name}, epoch, {PATHS[path]} vs torch: <= {target}x",
                            f"MNIST {cfg['optimizer']} b{cfg['batch']} {path}",
                            spread(t[path]["epoch"]), spread(t["torch"]["epoch"]), cfg["ratios"][path], target,
                            _busy(cfg["busy"], path, "torch"), below))
    b = results.get("b")
    for k in (b or {}).get("kinds", []):
        if k["kind"] != "adam":
            continue
        n = f"{b['params']:,}"
        out.append(_row(f"Adam step, {n} parameters, vs the streaming floor: <= {ADAM_FLOOR}x",
                        "Adam step vs floor", spread(k["downhill"], ms), spread(k["floor"], ms), k["vs_floor"],
                        ADAM_FLOOR, _busy(b["busy"], "downhill adam", "floor"), below))
        fused = k["torch"]["fused"].get("seconds")
        out.append(_row(f"Adam step, {n} parameters, vs torch `fused=True`: <= {ADAM_FUSED}x",
                        "Adam step vs torch fused", spread(k["downhill"], ms), spread(fused, ms), k["vs_fused"],
                        ADAM_FUSED, _busy(b["busy"], "downhill adam", "torch adam fused"), below))
    c = results.get("c")
    if c:
        out.append(_row(f"logistic regression {c['rows']:,} x {c['cols']}, downhill epoch vs SGDClassifier fit: <= {LOGREG}x",
                        "logreg epoch vs SGDClassifier", spread(c["tools"]["downhill"]["epoch_seconds"]),
                        spread(c["tools"]["sklearn"]["fit_seconds"]), c["epoch_vs_sklearn"], LOGREG,
                        _busy(c["busy"], "downhill", "sklearn"), below))
    return out


def markdown(results, below):
    lines = ["## Targets (issue 16)\n",
             "Ratio: downhill / peer of the medians; in brackets the range of the per-repetition ratios. "
             "Figures: median (min-max) over repetitions. CPU busy: over the second before each of these "
             f"measurements, median (max); \"busy machine\" marks a verdict from measurements that started "
             f"above {below:g} % busy (the wait's time limit ran out), which is not valid.\n",
             "| target | downhill | peer | ratio | verdict | CPU busy before |", "|---|---|---|---|---|---|"]
    for r in rows(results, below):
        lines.append(f"| {r['what']} | {r['downhill']} | {r['peer']} | **{xr(r['ratio'])}** | {r['verdict']} | {r['busy']} |")
    return "\n".join(lines) + "\n"


def text(results, below):
    """The short ratio table run.py prints to stdout."""
    table = [("target", "downhill", "peer", "ratio (per-rep range)", "goal", "verdict", "CPU busy before")]
    for r in rows(results, below):
        table.append((r["short"], r["downhill"], r["peer"], xr(r["ratio"]), f"<= {r['target']}x",
                      r["verdict"], r["busy"]))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table)

