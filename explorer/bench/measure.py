"""Clocks shared by the probes: process age, frames on screen, time inside VTK, peak memory.

Imported by a probe only after its start-up clock has begun; it imports Qt
lazily so that the probe's own import time is what gets measured.
"""

from __future__ import annotations

import os
import resource
import statistics
import time

#: Environment variable carrying the parent's ``time.time()`` just before it spawned us.
SPAWNED_AT = "EXPLORER_BENCH_SPAWNED_AT"


def since_spawn_ms() -> float:
    """Milliseconds since the parent spawned this process (interpreter start included)."""
    spawned = float(os.environ.get(SPAWNED_AT, "nan"))
    return (time.time() - spawned) * 1000.0


def peak_rss_mb() -> float:
    """Peak resident set size of this process (VmHWM), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mb() -> float:
    """Resident set size of this process now (VmRSS), in MiB; NaN where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def summary(samples_ms: list[float]) -> dict[str, float]:
    """Median, p90, min and count of ``samples_ms``."""
    ordered = sorted(samples_ms)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "median_ms": statistics.median(ordered),
        "p90_ms": p90,
        "min_ms": ordered[0],
        "n": len(ordered),
    }


class RenderClock:
    """Wall time spent inside ``vtkRenderWindow.Render`` (every caller: ours, VTK's, paintGL's).

    VTK fires ``StartEvent`` and ``EndEvent`` on the render window around
    each render, so observers see renders that no Python wrapper would.
    """

    def __init__(self, render_window) -> None:
        self.total_ms = 0.0
        self.count = 0
        self._started = 0.0
        self._window = render_window
        self._tags = [
            render_window.AddObserver("StartEvent", self._on_start),
            render_window.AddObserver("EndEvent", self._on_end),
        ]

    def _on_start(self, *_args) -> None:
        self._started = time.perf_counter()

    def _on_end(self, *_args) -> None:
        self.total_ms += (time.perf_counter() - self._started) * 1000.0
        self.count += 1

    def reset(self) -> None:
        """Start counting from zero."""
        self.total_ms, self.count = 0.0, 0

    def close(self) -> None:
        """Remove the observers."""
        for tag in self._tags:
            self._window.RemoveObserver(tag)


class FrameClock:
    """Counts frames the interactor widget put on screen (``QOpenGLWidget.frameSwapped``)."""

    def __init__(self, widget) -> None:
        self.count = 0
        self.last_at = 0.0
        self._loop = None
        widget.frameSwapped.connect(self._on_swapped)

    def _on_swapped(self) -> None:
        # Stamp first: the time the frame reached the screen is what is measured.
        self.last_at = time.perf_counter()
        self.count += 1
        if self._loop is not None:
            self._loop.quit()

    def wait_for(self, count: int, timeout_s: float = 30.0) -> float:
        """Run the event loop until ``count`` frames were swapped; return when the last one was.

        The loop blocks in Qt's dispatcher rather than spinning, so the
        software rasteriser keeps both cores.
        """
        from PySide6.QtCore import QEventLoop, QTimer

        deadline = time.monotonic() + timeout_s
        while self.count < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no frame on screen within {timeout_s} s")
            self._loop = QEventLoop()
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(self._loop.quit)
            timer.start(100)  # wake now and then to check the deadline
            if self.count < count:
                self._loop.exec()
            timer.stop()
            self._loop = None
        return self.last_at


def settle(seconds: float = 0.3) -> None:
    """Let queued events, timers and repaints run for ``seconds``."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
