"""Free heap pages go back to the system after the precompute and after each movement."""

from __future__ import annotations

import pytest

from explorer.qt import main_window as main_window_module
from explorer.qt import viewport as viewport_module


@pytest.fixture
def trims(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(main_window_module, "trim_heap", lambda: calls.append("precompute"))
    monkeypatch.setattr(viewport_module, "trim_heap", lambda: calls.append("movement"))
    return calls


def _frame(qtbot, window) -> None:
    with qtbot.waitSignal(window.viewport.frameSwapped, timeout=10_000):
        window.viewport.update()


def test_the_heap_is_trimmed_once_when_the_precompute_is_done(qtbot, trims, window):
    qtbot.waitUntil(lambda: not window._pending_fields, timeout=30_000)
    qtbot.waitUntil(lambda: "precompute" in trims, timeout=2000)
    qtbot.wait(50)
    assert trims.count("precompute") == 1


def test_the_first_full_frame_after_a_movement_trims_the_heap_and_still_frames_do_not(
    qtbot, trims, window
):
    qtbot.waitUntil(lambda: not window._pending_fields, timeout=30_000)
    _frame(qtbot, window)
    _frame(qtbot, window)
    qtbot.wait(20)
    assert "movement" not in trims  # still frames only
    motion = window.scene.motion
    motion.begin("drag")
    _frame(qtbot, window)
    _frame(qtbot, window)  # a second moving frame: still nothing to give back
    qtbot.wait(20)
    assert "movement" not in trims
    with qtbot.waitSignal(window.viewport.frameSwapped, timeout=10_000):
        motion.end("drag")  # asks for the full frame itself
    qtbot.waitUntil(lambda: "movement" in trims, timeout=2000)
    _frame(qtbot, window)
    qtbot.wait(20)
    assert trims.count("movement") == 1
