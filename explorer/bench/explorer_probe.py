"""The explorer, started as ``app.py`` starts it, then clicked and moved through its real input.

Start-up ends at the first frame the viewport puts on screen after the main
window is shown: by then the atlas and content are validated, every actor is
added and the event loop is running, so the next click is served. The
referral fields and the coarse meshes still fill in the background after
that (as in the app); clicks and movements are timed once both are ready,
and the time the background work took, with the memory it added, is
reported too.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def run(
    atlas: Path, content: Path, size: tuple[int, int], clicks: int, startup_only: bool = False
) -> dict:
    """Start the explorer, time clicks, a drag, flights and a wheel burst; return the figures.

    ``startup_only`` stops after the first frame (the extra start-up samples).
    """
    # The app's own start-up path (``app.py`` -> ``run_gui``), minus the event loop.
    from explorer import (
        cli,  # noqa: F401  (what app.py imports first)
        startup_gc,
    )

    startup_gc.pause()  # as cli.main does for the gui command, before importing the GUI
    from explorer.qt.app import open_window

    settings_dir = tempfile.TemporaryDirectory()
    from PySide6.QtCore import QSettings

    from explorer.bench.measure import FrameClock, rss_mb, since_spawn_ms

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
        # CPU of every thread of this process (llvmpipe's too), less swayed by a busy machine.
        "startup_cpu_ms": time.process_time() * 1000.0,
        "rss_at_first_frame_mb": rss_mb(),
        "viewport_px": [window.viewport.width(), window.viewport.height()],
        "window_px": [window.width(), window.height()],
        "trigger_points": len(project.catalog.trigger_points()),
        "skin_vertices": int(project.atlas.skin.vertices.shape[0]),
    }
    if tuple(figures["window_px"]) != tuple(size):
        window.resize(*size)  # the default size is 1280x800; only a saved layout differs
    if not startup_only:
        figures.update(_wait_for_background(window, figures["startup_ms"]))
        figures.update(_movement_and_clicks(window, frames, clicks))
    window.close()
    app.processEvents()
    settings_dir.cleanup()
    return figures


def _movement_and_clicks(window, frames, clicks: int) -> dict:
    from explorer.bench.clicks import pickable_targets, time_clicks
    from explorer.bench.motion import time_drag, time_flights, time_wheel_burst

    targets = pickable_targets(window, clicks)
    figures = time_clicks(window, frames, targets)
    figures.update(time_drag(window, frames))
    figures.update(time_flights(window, frames, targets))
    figures.update(time_wheel_burst(window, frames))
    return figures


def _wait_for_background(window, startup_ms: float, timeout_s: float = 1200.0) -> dict:
    """Let the referral precompute and the coarse meshes finish; report what they cost."""
    from explorer.bench.measure import rss_mb, settle, since_spawn_ms

    lod = window.scene.motion.lod
    deadline = time.monotonic() + timeout_s
    # The window fills the cache one point per event-loop turn; clicks before
    # that would time the geodesic solve, which the app never makes a click wait for.
    while (window._pending_fields or not lod.ready) and time.monotonic() < deadline:
        settle(0.05)
    if window._pending_fields or not lod.ready:
        raise TimeoutError(f"background work not done after {timeout_s:.0f} s")
    fields_ready = since_spawn_ms()
    cache = window.engine._cache.values()
    field_bytes = sum(
        field.support.nbytes
        + field.essential_values.nbytes
        + field.spillover_values.nbytes
        + field.combined_values.nbytes
        for field in cache
    )
    return {
        "fields_ready_ms": fields_ready,
        "precompute_ms": fields_ready - startup_ms,
        "fields_cached": len(window.engine._cache),
        "field_cache_mb": field_bytes / 2**20,
        "rss_after_precompute_mb": rss_mb(),
    }
