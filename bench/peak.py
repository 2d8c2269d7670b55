"""A child process's own peak memory, for the benches that measure one."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_kb() -> int:
    """This process's peak resident memory in KB: Linux's ``VmHWM`` (the high-water mark of this
    program's memory alone: ``ru_maxrss`` would also count the parent's memory at the fork, which
    Linux carries over the exec), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
