"""The targets of issue 16 (its goal column), issue 10's CNN and issue 11's language models, each as a row built from one run's
results: what is compared, both tools' figures (median and spread), the ratio (of the medians, with
the range of the per-repetition ratios), the target, the verdict and how busy the CPU was before those
measurements. Used by the report's first table and by the ratio table run.py prints to stdout."""
from .stats import figure, ms, spread, verdict, xr
from .tasks.cnn import ACCURACY, ACCURACY_GAP, ACCURACY_SEEDS

# (task (a) configuration name, path, target) of the MNIST rows; the others are built below.
MNIST = [("Adam, batch 128", "cli", 0.5), ("Adam, batch 128", "library", 0.5),
         ("SGD momentum 0.9, batch 32", "cli", 0.4)]
PATHS = {"cli": "`downhill train --metrics` (CLI)", "library": "`downhill-bench mlp` (library)"}
ADAM_FLOOR, ADAM_FUSED, LOGREG = 1.1, 0.95, 0.25


def _row(what, short, mine, peer, rr, target, busy, below):
    """`busy`: the CPU busy figures recorded before these measurements; a verdict from measurements
    that started on a busy machine (the quiet wait's time limit reached) is marked as such."""
    r = rr["median"] if rr else None
    return _checked(what, short, mine, peer, xr(rr), f"<= {target}x", verdict(r, target), busy, below)


def _checked(what, short, mine, peer, compared, goal, outcome, busy, below):
    """A row whose comparison (`compared`), goal and verdict (`outcome`) are already written."""
    f = figure(busy)
    loud = f["max"] is not None and f["max"] >= below
    return {"what": what, "short": short, "downhill": mine, "peer": peer, "compared": compared, "goal": goal,
            "verdict": outcome + (" (busy machine)" if loud else ""),
            "busy": "n/a" if f["median"] is None else f"{f['median']:.0f} % (max {f['max']:.0f} %)"}


def _accuracy(a):
    return "n/a" if a is None else f"{a:.4f}"


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
    f = results.get("f")
    if f:
        t, acc = f["tools"], f["accuracy"]
        out.append(_row(f"MNIST CNN {f['name']}, epoch, `downhill train --layers` (CLI) vs torch: <= {f['target']}x",
                        "MNIST CNN cli", spread(t["cli"]["epoch"]), spread(t["torch"]["epoch"]), f["ratio"],
                        f["target"], _busy(f["busy"], "cli", "torch"), below))
        out.append(_checked(f"MNIST CNN, CLI test accuracy (mean of seeds 0-{ACCURACY_SEEDS - 1}): >= {ACCURACY} and within {ACCURACY_GAP} of torch's",
                            "MNIST CNN accuracy", _accuracy(acc["cli"]), _accuracy(acc["torch"]),
                            "n/a" if acc["gap"] is None else f"diff {acc['gap']:.4f}",
                            f">= {ACCURACY}, diff <= {ACCURACY_GAP}", acc["verdict"],
                            _busy(f["busy"], "cli", "torch"), below))
    for g in results.get("g", []):
        t = g["tools"]
        out.append(_row(f"{g['name']} language-model training step, `downhill train FILE.txt` (CLI) vs torch: "
                        f"<= {g['target']}x", f"{g['name']} LM step cli", spread(t["cli"]["step"], ms),
                        spread(t["torch"]["step"], ms), g["ratio"], g["target"], _busy(g["busy"], "cli", "torch"),
                        below))
    return out


def markdown(results, below):
    lines = ["## Targets (issues 16, 10 and 11)\n",
             "Ratio: downhill / peer of the medians; in brackets the range of the per-repetition ratios. "
             "Figures: median (min-max) over repetitions. CPU busy: over the second before each of these "
             f"measurements, median (max); \"busy machine\" marks a verdict from measurements that started "
             f"above {below:g} % busy (the wait's time limit ran out), which is not valid.\n",
             "| target | downhill | peer | ratio | verdict | CPU busy before |", "|---|---|---|---|---|---|"]
    for r in rows(results, below):
        lines.append(f"| {r['what']} | {r['downhill']} | {r['peer']} | **{r['compared']}** | {r['verdict']} | {r['busy']} |")
    return "\n".join(lines) + "\n"


def text(results, below):
    """The short ratio table run.py prints to stdout."""
    table = [("target", "downhill", "peer", "ratio (per-rep range)", "goal", "verdict", "CPU busy before")]
    for r in rows(results, below):
        table.append((r["short"], r["downhill"], r["peer"], r["compared"], r["goal"], r["verdict"], r["busy"]))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table)

