"""Keeping `swcu serve` on one CPU.

The server is one Python process whose threads (SMTP, intake, follow-ups, the outbox) take
turns holding the GIL, a dozen times for every message stored. When those threads sit on
different CPUs each turn means waking a thread on another core; kept on one CPU a turn is
a plain switch. On the two-core development machine this cut the CPU an intake costs by
about a fifth and raised the intake benchmark from about 160 to over 200 referrals a
second. The database server and the senders keep the other CPUs.
"""

from __future__ import annotations

import os
from pathlib import Path


def _current_cpu() -> int | None:
    """The CPU this process last ran on (Linux: field 39 of /proc/self/stat)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[36])
    except (OSError, IndexError, ValueError):
        return None


def keep_to_one_cpu() -> int | None:
    """Confine every thread of this process, and those it starts later, to the CPU it is
    running on. Returns that CPU, or None where the system cannot do it or there is only
    one CPU anyway."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = os.sched_getaffinity(0)
    if len(allowed) <= 1:
        return None
    cpu = _current_cpu()
    if cpu not in allowed:
        cpu = min(allowed)
    try:
        tasks = [int(t) for t in os.listdir("/proc/self/task")]
    except OSError:
        tasks = [0]
    for task in tasks:
        try:
            os.sched_setaffinity(task, {cpu})
        except OSError:
            pass  # a thread that ended meanwhile
    return cpu
