"""Medians, spreads and the figures the report prints.

A "figure" is {"median", "min", "max", "values"} over repetitions: the report prints the median and
the spread (min-max) of every timed figure, for every tool."""


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else 0.5 * (xs[mid - 1] + xs[mid])


def figure(xs):
    xs = [x for x in xs if x is not None]
    return {"median": median(xs), "min": min(xs, default=None), "max": max(xs, default=None), "values": xs}


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def ratios(a_fig, b_fig):
    """Ratio of the medians, and the figure of the per-repetition ratios (repetition i of one tool
    against repetition i of the other: they ran back to back)."""
    per_rep = [ratio(a, b) for a, b in zip(a_fig["values"], b_fig["values"])]
    return {"median": ratio(a_fig["median"], b_fig["median"]), "per_rep": figure(per_rep)}


def ms(seconds):
    if seconds is None:
        return "n/a"
    return f"{seconds * 1e3:.2f} ms" if seconds < 0.01 else f"{seconds * 1e3:.1f} ms"


def secs(seconds):
    return "n/a" if seconds is None else f"{seconds:.3f} s"


def mib(nbytes):
    return "n/a" if nbytes is None else f"{nbytes / 2**20:.0f} MiB"


def x(r):
    """Three significant digits, so a ratio just over a target does not print as the target."""
    return "n/a" if r is None else f"{r:.3g}x"


def spread(fig, unit=secs):
    """`median (min-max)` of a figure, in `unit` (secs or ms)."""
    if fig is None or fig["median"] is None:
        return "n/a"
    if len(fig["values"]) < 2:
        return unit(fig["median"])
    lo, hi = unit(fig["min"]), unit(fig["max"])
    suffix = lo.split()[-1] if " " in lo else ""
    return f"{unit(fig['median'])} ({lo.removesuffix(' ' + suffix)}-{hi})"


def xr(rr):
    """A ratio entry: `0.5x (0.45-0.6)`: ratio of medians, then the range of per-repetition ratios."""
    if rr is None or rr["median"] is None:
        return "n/a"
    p = rr["per_rep"]
    if len(p["values"]) < 2:
        return x(rr["median"])
    return f"{x(rr['median'])} ({p['min']:.3g}-{p['max']:.3g})"


def verdict(r, target):
    """'met' / 'missed' for a ratio that should be at most `target`."""
    if r is None:
        return "not measured"
    if r <= target:
        return "met"
    return f"missed ({r:.4f} > {target})" if r < target * 1.01 else "missed"
