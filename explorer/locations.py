"""Where the app keeps its per-user files: one folder name on every platform.

The GUI's window layout, the kiosk's ``kiosk.yaml`` and the kiosk's log all
live under folders named :data:`APP_DIR_NAME`, found by ``platformdirs``
(``~/.config/trigger-point-explorer`` on Linux, ``~/Library/Application
Support/trigger-point-explorer`` on macOS, ``%LOCALAPPDATA%\\trigger-point-explorer``
on Windows). Qt's own default (``QSettings(organisation, application)``) would
pick a second, differently spelled folder and, on Windows, the registry, so the
GUI's settings are an INI file in the same folder instead.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_dir, user_log_dir

#: The folder name under the user's config and log directories.
APP_DIR_NAME = "trigger-point-explorer"


def config_dir() -> Path:
    """The user's settings folder for this app (not created here)."""
    return Path(user_config_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    """The user's log folder for this app (not created here)."""
    return Path(user_log_dir(APP_DIR_NAME, appauthor=False))


def gui_settings_file() -> Path:
    """The INI file the GUI keeps its window layout in, beside ``kiosk.yaml``."""
    return config_dir() / "gui.ini"
