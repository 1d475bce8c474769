"""Every tool runs at its own defaults: the environment variables that change thread counts or how
threads wait are removed from every child's environment, so that a setting left in the caller's
shell cannot slow (or speed) one side. The report lists what was removed.

The only exception is opt-in and labelled: `--torch-passive` adds torch runs with
OMP_WAIT_POLICY=PASSIVE as an extra column that is never used in a ratio.
"""
import os

# OpenMP (libgomp / Intel), MKL, OpenBLAS and rayon settings a caller's shell might carry.
PREFIXES = ("OMP_", "GOMP_", "KMP_", "MKL_", "OPENBLAS_", "BLIS_", "VECLIB_", "RAYON_", "TORCH_NUM_")
PASSIVE = {"OMP_WAIT_POLICY": "PASSIVE"}


def removed():
    """The thread-related variables of this process's environment that children do not get."""
    return sorted(k for k in os.environ if k.startswith(PREFIXES))


def child_env(extra=None):
    """os.environ without the thread settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(PREFIXES)}
    env.update(extra or {})
    return env
