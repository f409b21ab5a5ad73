"""The explorer, started as ``app.py`` starts it, then clicked through its real input path.

Start-up ends at the first frame the viewport puts on screen after the main
window is shown: by then the atlas and content are validated, every actor is
added and the event loop is running, so the next click is served. The
referral fields still fill in the background after that (as in the app),
and clicks are timed once they are all cached.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def run(atlas: Path, content: Path, size: tuple[int, int], clicks: int) -> dict:
    """Start the explorer, time ``clicks`` clicks on different markers; return the figures."""
    # The app's own start-up path (``app.py`` -> ``run_gui``), minus the event loop.
    from explorer import cli  # noqa: F401  (what app.py imports first)
    from explorer.qt.app import open_window

    settings_dir = tempfile.TemporaryDirectory()
    from PySide6.QtCore import QSettings

    from explorer.bench.measure import FrameClock, since_spawn_ms

    settings = QSettings(str(Path(settings_dir.name) / "s.ini"), QSettings.Format.IniFormat)
    app, window = open_window(content, atlas, settings=settings)
    if window is None:
        raise RuntimeError("the content or atlas did not load")
    frames = FrameClock(window.viewport)
    # Merges with the pending first paint; if that already happened, it only adds a frame.
    window.viewport.update()
    frames.wait_for(1)
    project = window.project
    figures = {
        "startup_ms": since_spawn_ms(),
        "viewport_px": [window.viewport.width(), window.viewport.height()],
        "window_px": [window.width(), window.height()],
        "trigger_points": len(project.catalog.trigger_points()),
        "skin_vertices": int(project.atlas.skin.vertices.shape[0]),
    }
    if tuple(figures["window_px"]) != tuple(size):
        window.resize(*size)  # the default size is 1280x800; only a saved layout differs
    figures["fields_ready_ms"] = _wait_for_fields(window)
    from explorer.bench.clicks import time_clicks

    figures.update(time_clicks(window, frames, clicks))
    window.close()
    app.processEvents()
    settings_dir.cleanup()
    return figures


def _wait_for_fields(window, timeout_s: float = 600.0) -> float:
    """Let the background precompute finish; return when it did (ms since spawn)."""
    from explorer.bench.measure import settle, since_spawn_ms

    deadline = time.monotonic() + timeout_s
    # The window fills the cache one point per event-loop turn; clicks before
    # that would time the geodesic solve, which the app never makes a click wait for.
    while getattr(window, "_pending_fields", None) and time.monotonic() < deadline:
        settle(0.05)
    return since_spawn_ms()
