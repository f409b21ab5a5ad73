"""Start-up work: one render before the first frame, and the cache fills only after it."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def test_first_frame_costs_one_render_and_precompute_waits_for_it(qtbot, tiny_project, tmp_path):
    from explorer.bench.measure import FrameClock, RenderClock
    from explorer.qt.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # A fresh engine: a shared one would already hold every field.
    window = MainWindow(tiny_project, settings=settings, ease_frames=0)
    qtbot.addWidget(window)
    renders = RenderClock(window.viewport.ren_win)
    frames = FrameClock(window.viewport)
    pending = len(window._pending_fields)
    window.show()
    # Qt paints the hidden widget once during show(); that paint must not render.
    assert renders.count == 0
    frames.wait_for(1)
    assert renders.count == 1
    assert pending == len(tiny_project.catalog.trigger_points())
    qtbot.waitUntil(lambda: not window._pending_fields, timeout=10_000)
    assert len(window.engine._cache) > 0
    renders.close()
    window.close()
