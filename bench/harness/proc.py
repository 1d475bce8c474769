"""Running one measurement: a child process that prints one JSON object on its last stdout line.
Peak memory is reported by the children themselves (VmHWM): the ru_maxrss that wait4 returns also
counts the harness's own pages from before the child's exec, so it is never below the harness's RSS."""
import json
import os
import subprocess
import tempfile
import time

from .defaults import child_env
from .env import log


class ChildFailed(RuntimeError):
    pass


def run_json(cmd, cwd=None, env=None, timeout=1800):
    """Runs `cmd`; returns (parsed JSON, ru_maxrss in bytes (an upper bound, see above), wall seconds)."""
    full_env = child_env(env)
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


def run_wall(cmd, cwd=None, env=None):
    """Runs `cmd` for its whole-process wall time; returns (seconds, ru_maxrss in bytes: an upper
    bound, stdout text)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=child_env(env), stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise ChildFailed(f"exit {code}: {' '.join(cmd)}\n{stderr.strip()[-2000:]}")
    return wall, usage.ru_maxrss * 1024, stdout


def alternate(ctx, runners, reps=None, weight=1):
    """Runs every (name, fn) once per repetition, reversing the order on odd repetitions so neither
    side always goes first, each run after `ctx.quiet.wait` (the machine quiet, or the time limit
    passed); returns ({name: [result, ...]}, {name: [CPU busy % before each run, ...]}). Under a
    time limit (quick mode) it stops after the repetition that used up this group's share (`weight`,
see time_limit.py)."""
    reps = ctx.reps if reps is None else reps
    results = {name: [] for name, _ in runners}
    busy = {name: [] for name, _ in runners}
    share, start, waited0 = ctx.time_limit.share(weight), time.monotonic(), ctx.quiet.waited_total
    for rep in range(reps):
        spent = time.monotonic() - start
        # The next repetition's cost: the mean so far without the quiet waits (they have their own limit).
        if rep > 0 and spent + (spent - (ctx.quiet.waited_total - waited0)) / rep > share:
            log(f"  stopping after {rep} of {reps} repetitions: the time limit's share ({share:.0f} s) is used")
            break
        order = runners if rep % 2 == 0 else list(reversed(runners))
        for name, fn in order:
            label = f"rep {rep + 1}/{reps}: {name}"
            quiet = ctx.quiet.wait(label)
            busy[name].append(quiet["busy"])
            state = "quiet" if quiet["quiet"] else "NOT quiet: measuring anyway"
            log(f"  {label} (CPU {quiet['busy']:.0f} % busy after {quiet['waited']:.0f} s of waiting; {state})")
            results[name].append(fn(rep))
    ctx.time_limit.done(weight)
    return results, busy
