"""Start the GUI: load everything first, then open the window, or show what is wrong."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from explorer.model.errors import ExplorerError
from explorer.model.project import load_project
from explorer.qt.error_dialog import build_error_dialog
from explorer.qt.icon import make_app_icon


def run_gui(content_path: Path, atlas_path: Path) -> int:
    """Run the explorer until its window closes; return the exit code.

    The content and the atlas are loaded completely before any window is
    built, so a broken file ends in an error dialog and never in a
    half-loaded app.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Trigger Point Explorer")
    app.setOrganizationName("TriggerPointExplorer")
    app.setWindowIcon(make_app_icon())
    try:
        project = load_project(content_path, atlas_path)
    except ExplorerError as error:
        build_error_dialog(error).exec()
        return 1
    from explorer.qt.main_window import MainWindow

    window = MainWindow(project)
    window.show()
    return app.exec()
