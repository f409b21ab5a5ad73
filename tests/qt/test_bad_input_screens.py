"""Bad input on screen: the GUI's dialog lists the same located lines as ``app.py check``;
the kiosk logs them and shows patients a calm screen, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from explorer.cli import main
from explorer.model.errors import ExplorerError
from explorer.model.project import load_project
from explorer.qt.error_dialog import build_error_dialog
from explorer.qt.kiosk import run as kiosk_run
from explorer.qt.kiosk.config import KioskConfigError
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
