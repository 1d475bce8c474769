"""Medians and the figures the report prints."""


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else 0.5 * (xs[mid - 1] + xs[mid])


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def ms(seconds):
    return "n/a" if seconds is None else f"{seconds * 1e3:.1f} ms"


def secs(seconds):
    return "n/a" if seconds is None else f"{seconds:.3f} s"


def mib(nbytes):
    return "n/a" if nbytes is None else f"{nbytes / 2**20:.0f} MiB"


def x(r):
    """Three significant digits, so a ratio just over a target does not print as the target."""
    return "n/a" if r is None else f"{r:.3g}x"


def verdict(r, target):
    """'met' / 'missed' for a ratio that should be at most `target`."""
    if r is None:
        return "not measured"
    if r <= target:
        return "met"
    return f"missed ({r:.4f} > {target})" if r < target * 1.01 else "missed"
