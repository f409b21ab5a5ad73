"""Resident memory of this process, from ``/proc`` (no psutil needed on Linux)."""

from __future__ import annotations

import resource
from pathlib import Path


def rss_mb() -> float:
    """Current resident set size in MiB (peak RSS where ``/proc`` is missing)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
