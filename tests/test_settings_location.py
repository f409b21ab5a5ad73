"""One settings folder: the GUI's layout, the kiosk's settings and its log share one name."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings

from explorer.locations import APP_DIR_NAME
from explorer.qt.kiosk.config import default_config_path, default_log_dir
from explorer.qt.settings import gui_settings


@pytest.fixture
def home(tmp_path, monkeypatch):
    """platformdirs reads these on every call (Linux; macOS and Windows use other rules)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the XDG variables steer platformdirs on Linux only")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path


def test_gui_and_kiosk_settings_share_one_folder(home):
    folder = home / "config" / "trigger-point-explorer"
    assert default_config_path() == folder / "kiosk.yaml"
    settings = gui_settings()
    assert settings.fileName() == str(folder / "gui.ini")
    assert settings.format() == QSettings.Format.IniFormat
    settings.setValue("window/geometry", "kept")
    settings.sync()
    assert sorted(path.name for path in (home / "config").iterdir()) == [APP_DIR_NAME]
    assert sorted(path.name for path in folder.iterdir()) == ["gui.ini"]


def test_the_log_folder_has_the_same_name(home):
    assert default_log_dir() == home / "state" / "trigger-point-explorer" / "log"
