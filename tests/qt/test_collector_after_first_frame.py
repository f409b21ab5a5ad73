"""The collector paused for start-up comes back on after the first frame, not inside it."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QSettings

from explorer import startup_gc
from explorer.qt import app as gui_app
from tests.tiny_paths import ATLAS, CONTENT


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    startup_gc.resume()
    gc.enable()


def _open(qtbot, tmp_path, keep: bool = True):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    _app, window = gui_app.open_window(CONTENT, ATLAS, settings=settings)
    if keep:  # qtbot closes it after the test
        qtbot.addWidget(window)
    return window


def test_the_collector_stays_off_until_the_first_frame_is_on_screen(qtbot, tmp_path):
    startup_gc.pause()  # as cli.main does before importing the GUI
    window = _open(qtbot, tmp_path)
    assert not gc.isenabled()
    frames: list[int] = []
    window.viewport.frameSwapped.connect(lambda: frames.append(gc.isenabled()))
    qtbot.waitUntil(lambda: bool(frames), timeout=10_000)
    assert frames[0] is False  # the first frame was drawn with the collector off
    qtbot.waitUntil(gc.isenabled, timeout=1000)


def test_a_window_closed_before_it_painted_still_turns_the_collector_on(qtbot, tmp_path):
    startup_gc.pause()
    window = _open(qtbot, tmp_path, keep=False)
    window.hide()
    window.deleteLater()
    qtbot.waitUntil(gc.isenabled, timeout=5000)


def test_a_bad_file_turns_the_collector_on_before_its_dialog(tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("muscles: [\n")
    seen: list[bool] = []

    class Dialog:
        def exec(self):
            seen.append(gc.isenabled())

    monkeypatch.setattr(gui_app, "build_error_dialog", lambda error: Dialog())
    startup_gc.pause()
    assert gui_app.open_window(bad, ATLAS)[1] is None
    assert seen == [True]
    assert gc.isenabled()
