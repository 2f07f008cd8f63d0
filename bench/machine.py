"""What the benchmarks read off the machine: a process's CPU time and the hypervisor's steal.

On a virtual machine the host may run other guests on our virtual CPUs ("steal"); a process
waiting for its CPU then answers late whatever it does. Latency figures carry the share of CPU
time stolen while they were measured, so runs can be compared.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds a process and its live child processes have used (Linux
    ``/proc``; a service's audit writer, for one)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    total = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    with contextlib.suppress(OSError, ValueError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += cpu_seconds(int(child))
    return total


def cpu_steal() -> tuple[int, int]:
    """(steal, total) CPU ticks of the machine so far, from /proc/stat ((0, 0) off Linux)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
        return steal, user + nice + system + idle + iowait + irq + softirq + steal
    return 0, 0


def steal_percent(before: tuple[int, int], after: tuple[int, int]) -> float:
    """The share of CPU time stolen between two ``cpu_steal`` readings, in per cent."""
    ticks = after[1] - before[1]
    return 100 * (after[0] - before[0]) / ticks if ticks else 0.0
