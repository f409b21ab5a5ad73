"""More start-up samples per configuration; the start-up rows take their median.

One start-up on this kind of machine (a shared virtual machine rendering in
software) varies by up to a second from run to run, more than the budgets'
margins. Each configuration's first run is its full probe; afterwards every
configuration starts again :data:`EXTRA_SAMPLES` times, stopping at its
first frame. The rounds go through all configurations in turn, so the
explorer and the floor it is compared with see the same state of the
machine, and the row shows the median of the samples.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

#: Start-ups after the full probe, per configuration (so three samples in all).
EXTRA_SAMPLES = 2
#: The figures sampled; each keeps its samples under ``<key>_samples``.
SAMPLED = ("startup_ms", "startup_cpu_ms")

#: How a configuration is started: its probe kind and options.
Launch = tuple[str, Sequence[str]]


def add_samples(
    configs: dict[str, dict],
    launches: dict[str, Launch],
    start: Callable[[str, Sequence[str]], dict],
    extra: int = EXTRA_SAMPLES,
) -> None:
    """Start each of ``launches`` ``extra`` more times; put the medians into ``configs``.

    ``start(kind, options)`` runs one start-up-only probe and returns its
    figures. A configuration whose full probe failed is not started again;
    a sample that fails is left out and its reason kept under
    ``startup_sample_errors``.
    """
    for _ in range(extra):
        for name, (kind, options) in launches.items():
            figures = configs.get(name, {})
            if "error" in figures or "startup_ms" not in figures:
                continue
            sample = start(kind, options)
            if "error" in sample:
                figures.setdefault("startup_sample_errors", []).append(sample["error"])
                continue
            for key in SAMPLED:
                figures.setdefault(f"{key}_samples", [figures[key]]).append(sample[key])
    for figures in configs.values():
        take_medians(figures)


def take_medians(figures: dict) -> None:
    """Set each sampled figure to the median of its samples (if it has any)."""
    for key in SAMPLED:
        samples = figures.get(f"{key}_samples")
        if samples:
            figures[key] = float(statistics.median(samples))
