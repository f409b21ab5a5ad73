"""The GUI's own settings (window layout, docks): one INI file in the app's settings folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from explorer.locations import gui_settings_file


def gui_settings() -> QSettings:
    """``gui.ini`` beside the kiosk's ``kiosk.yaml`` (see :mod:`explorer.locations`).

    An explicit INI path instead of ``QSettings(organisation, application)``:
    that form picks a folder of Qt's own naming, and the registry on Windows.
    """
    return QSettings(str(gui_settings_file()), QSettings.Format.IniFormat)
