"""Running one measurement: a child process that prints one JSON object on its last stdout line.
Peak memory is reported by the children themselves (VmHWM): the ru_maxrss that wait4 returns also
counts the harness's own pages from before the child's exec, so it is never below the harness's RSS."""
import json
import os
import subprocess
import tempfile
import time

from .env import log


class ChildFailed(RuntimeError):
    pass


def run_json(cmd, cwd=None, env=None, timeout=1800):
    """Runs `cmd`; returns (parsed JSON, ru_maxrss in bytes (an upper bound, see above), wall seconds)."""
    full_env = dict(os.environ, **(env or {}))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if wall > timeout:
        log(f"warning: {' '.join(cmd)} took {wall:.0f} s")
    if child.returncode != 0:
        raise ChildFailed(f"exit {child.returncode}: {' '.join(cmd)}\n{stderr.strip()[-2000:]}")
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        raise ChildFailed(f"no output: {' '.join(cmd)}\n{stderr.strip()[-2000:]}")
    return json.loads(lines[-1]), usage.ru_maxrss * 1024, wall


def run_wall(cmd, cwd=None, env=None, timeout=600):
    """Runs `cmd` for its whole-process wall time; returns (seconds, ru_maxrss in bytes: an upper bound)."""
    full_env = dict(os.environ, **(env or {}))
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode != 0:
        raise ChildFailed(f"exit {child.returncode}: {' '.join(cmd)}\n{err.strip()[-2000:]}")
    return wall, usage.ru_maxrss * 1024


def alternate(reps, runners):
    """Runs every (name, fn) once per repetition, reversing the order on odd repetitions so neither
    side always goes first; returns {name: [result, ...]}."""
    results = {name: [] for name, _ in runners}
    for rep in range(reps):
        order = runners if rep % 2 == 0 else list(reversed(runners))
        for name, fn in order:
            log(f"  rep {rep + 1}/{reps}: {name}")
            results[name].append(fn(rep))
    return results
