"""Bad input on screen: the GUI's dialog lists the same located lines as ``app.py check``;
the kiosk logs them and shows patients a calm screen, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from explorer.cli import main
from explorer.model.errors import ExplorerError
from explorer.model.project import load_project
from explorer.qt import app as gui_app
from explorer.qt.error_dialog import build_error_dialog
from explorer.qt.kiosk import run as kiosk_run
from explorer.qt.kiosk.config import KioskConfigError, load_config
from explorer.qt.kiosk.crash_guard import LOG_FILE, LOGGER_NAME
from explorer.qt.kiosk.out_of_service import (
    RESTING_TEXT,
    RESTING_TITLE,
    build_out_of_service,
    load_for_kiosk,
)
from explorer.qt.kiosk.pin import hash_pin

pytestmark = pytest.mark.gui

DATA = Path(__file__).resolve().parents[1] / "data"
ATLAS = DATA / "tiny_atlas" / "manifest.yaml"
GOOD_POINT = "at: [-71.0, 10.0, 20.0]"
#: The whole located line, word for word: a dialog or log that lost the line and
#: column, or the fix, or showed a traceback, fails the tests that compare with it.
NAN_POINT_MESSAGE = (
    "muscles[0].trigger_points[0].at: expected a position of three finite numbers in mm; "
    "found [-50.0, nan, 1400.0]. Fix: Write ordinary numbers: .nan and .inf are not positions."
)


@pytest.fixture
def bad_content(tmp_path) -> Path:
    """The tiny content with the NaN coordinate of issue 14."""
    text = (DATA / "tiny_content.yaml").read_text()
    assert GOOD_POINT in text
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


def test_the_error_dialog_lists_exactly_what_check_prints(qtbot, bad_content, capsys):
    assert main(["check", "--content", str(bad_content), "--atlas", str(ATLAS)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed and all(":" in line.split(" ", 1)[0] for line in printed)  # file:line:col
    with pytest.raises(ExplorerError) as caught:
        load_project(bad_content, ATLAS)
    dialog = build_error_dialog(caught.value)
    qtbot.addWidget(dialog)
    assert dialog.informativeText().split("\n\n") == printed
    assert dialog.detailedText().splitlines() == printed
    assert "Traceback" not in dialog.detailedText()


def test_a_bad_kiosk_file_is_logged_and_patients_see_a_calm_screen(
    qtbot, tmp_path, bad_content, capsys
):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"pin_hash: '{hash_pin('2468')}'\nattract_step_seconds: 1e308\n")
    recheck = lambda: load_for_kiosk(bad_content, ATLAS, config)  # noqa: E731
    with pytest.raises(KioskConfigError) as caught:
        recheck()
    window = build_out_of_service(caught.value, recheck, log_dir=tmp_path)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    located = str(caught.value.problems[0])
    assert located.startswith(f"{config}:2:1: attract_step_seconds: expected a positive number")
    labels = [label.text() for label in window.findChildren(QLabel)]
    assert labels == [RESTING_TITLE, RESTING_TEXT]
    assert window.isFullScreen() and window.locked
    err = capsys.readouterr().err
    assert located in err.splitlines() and "Traceback" not in err
    log = (tmp_path / LOG_FILE).read_text()
    assert f"cannot start the kiosk: {located}" in log

    # Fixing the settings is not enough: the content is bad too, and that is logged next.
    config.write_text(f"pin_hash: '{hash_pin('2468')}'\n")
    assert window.check_again() is False
    log = (tmp_path / LOG_FILE).read_text()
    assert f"cannot start the kiosk: {bad_content}:" in log and "Traceback" not in log

    fixed = bad_content.read_text().replace("at: [-50.0, .nan, 1400.0]", GOOD_POINT)
    bad_content.write_text(fixed)
    with qtbot.waitSignal(window.files_fixed, timeout=1000):
        assert window.check_again() is True
    assert not window.locked
    window.close()


def test_the_kiosk_command_shows_the_calm_screen_for_a_bad_file(tmp_path, bad_content, monkeypatch):
    shown = []
    monkeypatch.setattr(
        kiosk_run, "show_out_of_service", lambda error, recheck: shown.append(error) or 3
    )
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"pin_hash: '{hash_pin('2468')}'\n")
    assert kiosk_run.run_kiosk(bad_content, ATLAS, config) == 3
    [error] = shown
    assert str(error.problems[0]).startswith(f"{bad_content}:")
    config.write_text("corner_hold_seconds: .nan\n")
    assert kiosk_run.run_kiosk(bad_content, ATLAS, config) == 3
    assert str(shown[1].problems[0]).startswith(f"{config}:1:1: corner_hold_seconds:")


def test_the_crash_guard_logs_a_bad_input_error_by_its_located_lines(qtbot, tmp_path):
    from explorer.model.errors import Problem
    from explorer.qt.kiosk.crash_guard import CrashGuard

    resets = []
    guard = CrashGuard(tmp_path, lambda: resets.append(1))
    problem = Problem(tmp_path / "kiosk.yaml", 3, 1, "corner: expected one of top_left.")
    guard.excepthook(KioskConfigError, KioskConfigError([problem]), None)
    qtbot.waitUntil(lambda: resets == [1], timeout=1000)
    assert (
        f"bad input: {tmp_path / 'kiosk.yaml'}:3:1: corner: expected one of top_left."
        in (tmp_path / LOG_FILE).read_text()
    )


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
