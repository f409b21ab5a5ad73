"""The whole located line of a bad file, word for word, in the GUI's dialog and the kiosk's log.

tests/qt/test_bad_input_screens.py checks the dialog and ``app.py check`` agree;
these pin the text itself, so a dialog that lost the line and column, the
fix, or showed a traceback would fail here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from explorer.qt import app as gui_app
from explorer.qt.kiosk.config import KioskConfigError, load_config
from explorer.qt.kiosk.crash_guard import LOG_FILE, LOGGER_NAME
from explorer.qt.kiosk.out_of_service import RESTING_TEXT, RESTING_TITLE, build_out_of_service

pytestmark = pytest.mark.gui

DATA = Path(__file__).resolve().parents[1] / "data"
ATLAS = DATA / "tiny_atlas" / "manifest.yaml"
GOOD_POINT = "at: [-71.0, 10.0, 20.0]"
NAN_POINT_MESSAGE = (
    "muscles[0].trigger_points[0].at: expected a position of three finite numbers in mm; "
    "found [-50.0, nan, 1400.0]. Fix: Write ordinary numbers: .nan and .inf are not positions."
)


@pytest.fixture
def bad_content(tmp_path) -> Path:
    text = (DATA / "tiny_content.yaml").read_text()
    assert text.splitlines()[21].strip() == GOOD_POINT  # line 22, column 9
    path = tmp_path / "trigger_points.yaml"
    path.write_text(text.replace(GOOD_POINT, "at: [-50.0, .nan, 1400.0]", 1))
    return path


@pytest.fixture(autouse=True)
def _close_the_kiosk_log():
    yield
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)


def test_starting_the_gui_on_a_bad_file_shows_the_located_line_and_nothing_else(
    qtbot, bad_content, monkeypatch, tmp_path
):
    shown: list[QMessageBox] = []
    build = gui_app.build_error_dialog

    def build_without_blocking(error, parent=None):
        dialog = build(error, parent)
        qtbot.addWidget(dialog)
        monkeypatch.setattr(dialog, "exec", lambda: shown.append(dialog) or 0)
        return dialog

    monkeypatch.setattr(gui_app, "build_error_dialog", build_without_blocking)
    _app, window = gui_app.open_window(bad_content, ATLAS)
    assert window is None
    [dialog] = shown
    line = f"{bad_content}:22:9: {NAN_POINT_MESSAGE}"
    assert dialog.windowTitle() == "Trigger Point Explorer cannot start"
    assert dialog.text() == (
        "The data files have 1 problem. Fix them and start again; nothing was loaded."
    )
    assert dialog.informativeText() == line
    assert dialog.detailedText() == line
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "error_dialog.png"))


def test_the_kiosk_logs_the_whole_located_line_and_shows_only_the_patient_sentence(
    qtbot, tmp_path, capsys
):
    config = tmp_path / "kiosk.yaml"
    config.write_text("clinic_name: Riverside\nattract_step_seconds: 1e308\n")
    with pytest.raises(KioskConfigError) as caught:
        load_config(config)
    line = (
        f"{config}:2:1: attract_step_seconds: expected a positive number of seconds from 1 to "
        "600; found the number 1e+308. Fix: Write a plain number such as 6."
    )
    window = build_out_of_service(caught.value, lambda: load_config(config), log_dir=tmp_path)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    assert capsys.readouterr().err.splitlines() == [line]
    log = (tmp_path / LOG_FILE).read_text()
    assert f"cannot start the kiosk: {line}\n" in log
    assert "Traceback" not in log
    assert [label.text() for label in window.findChildren(QLabel)] == [RESTING_TITLE, RESTING_TEXT]
    window.grab().save(str(tmp_path / "kiosk_out_of_service.png"))
    window.close()
