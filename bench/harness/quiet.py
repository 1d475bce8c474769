"""Waiting for a quiet machine before each measurement, and recording how quiet it was.

The figure is the share of CPU time, over all cores, that was not idle during the last second:
/proc/stat read twice, 1 s apart (busy = everything but idle and iowait; steal counts as busy, since
a vCPU that the host takes away slows the measurement just the same). The 1-minute load average lags
by minutes, so it is kept only as extra information in the report.

Before each measurement `Quiet.wait` samples until a second was under `below` (default 15 %) or the
time limit passed, and returns the last figure: a measurement taken on a busy machine is recorded as
such rather than hanging the run. `budget` caps the total waiting of a run beyond the one sample every
measurement gets (quick mode), after which every wait is that single 1 s sample.
"""
import os
import resource
import time
from dataclasses import dataclass, field


def _cpu_times():
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal [guest guest_nice: already inside user/nice]
    total = sum(fields[:8])
    idle = fields[3] + fields[4]
    return total - idle, total


def busy_over(seconds=1.0):
    """Percent of all cores' time that was busy over the next `seconds`."""
    busy0, total0 = _cpu_times()
    time.sleep(seconds)
    busy1, total1 = _cpu_times()
    return 100.0 * (busy1 - busy0) / max(1, total1 - total0)


def _own_cpu_seconds():
    """CPU seconds used by this process and its waited-for children so far."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def busy_by_others(run):
    """Runs `run()` (which must wait for the children it starts); returns (its result, the percent of
    all cores' time that other processes kept busy meanwhile): for a measurement that lasts too long
    for the check before it to speak for all of it."""
    tick = os.sysconf("SC_CLK_TCK")
    busy0, total0, own0 = *_cpu_times(), _own_cpu_seconds()
    result = run()
    busy1, total1, own1 = *_cpu_times(), _own_cpu_seconds()
    others = (busy1 - busy0) / tick - (own1 - own0)
    return result, max(0.0, 100.0 * others / max(1e-9, (total1 - total0) / tick))


@dataclass
class Quiet:
    below: float = 15.0  # percent
    timeout: float = 120.0  # seconds per wait
    budget: float = float("inf")  # seconds of waiting for the whole run
    waited_total: float = 0.0
    records: list = field(default_factory=list)

    def wait(self, label):
        """Samples 1 s; while that second was at least `below` percent busy, samples again until the
        time limit. Returns {"busy": percent over the last second, "waited": seconds beyond the first
        sample, "quiet": bool}."""
        start = time.monotonic()
        limit = max(0.0, min(self.timeout, self.budget - self.waited_total))
        busy = busy_over(1.0)
        while busy >= self.below and time.monotonic() - start - 1.0 < limit:
            busy = busy_over(1.0)
        waited = max(0.0, time.monotonic() - start - 1.0)
        self.waited_total += waited
        record = {"busy": round(busy, 1), "waited": round(waited, 1), "quiet": busy < self.below}
        self.records.append({"label": label, **record})
        return record
