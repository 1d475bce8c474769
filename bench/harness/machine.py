"""The facts the report opens with: CPU, cores, load, versions, commit, date."""
import datetime
import os
import subprocess


def _out(cmd, cwd=None):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def describe(root):
    lscpu = dict(
        (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in _out(["lscpu"]).splitlines())
    )
    mem_kb = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return {
        "cpu": lscpu.get("Model name", "unknown"),
        "cores": os.cpu_count(),
        "l3": lscpu.get("L3 cache", "unknown"),
        "memory_gib": round(mem_kb / 2**20, 1),
        "rustc": _out(["rustc", "-V"]),
        "commit": _out(["git", "describe", "--always", "--dirty"], cwd=root),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "kernel": _out(["uname", "-r"]),
        "vector": _vector_isa(),
    }


def _vector_isa():
    """The widest vector instructions the CPU reports: the kernels pick their code by it, and a VM
    may hide AVX-512 on a CPU that has it."""
    try:
        flags = next(line for line in open("/proc/cpuinfo") if line.startswith("flags")).split()
    except (OSError, StopIteration):
        return "unknown"
    return next((name for flag, name in [("avx512f", "AVX-512"), ("avx2", "AVX2"), ("sse2", "SSE2")] if flag in flags),
                "unknown")


def load():
    return os.getloadavg()[0]
