"""Start the GUI: load everything first, then open the window, or show what is wrong."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

# isort: off
# The scene (pyvista, VTK, scipy) is imported before Qt on purpose: once PySide6
# is loaded it reads the source of every module imported after it (looking for
# ``from __feature__ import``) and keeps that text in ``linecache``, tens of MiB.
import explorer.scene.anatomy_scene  # noqa: F401
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

# isort: on

from explorer import startup_gc
from explorer.locations import APP_DIR_NAME
from explorer.model.errors import ExplorerError
from explorer.model.project import load_project
from explorer.qt.error_dialog import build_error_dialog
from explorer.qt.icon import make_app_icon
from explorer.qt.kiosk.none_guard import immortalise_none

#: The collector is back on by now even if the window never painted (see below).
RESUME_AT_LATEST_MS = 10_000


def open_window(content_path: Path, atlas_path: Path, **window_options):
    """Create the application and show the main window; return ``(app, window)``.

    The content and the atlas are loaded completely before any window is
    built, so a broken file ends in an error dialog (and ``window`` None),
    never in a half-loaded app. ``window_options`` go to ``MainWindow``.
    """
    # PySide6 6.12 on Python 3.11 drops a reference to None on every void
    # call; a long session would otherwise abort in none_dealloc (found by the soak).
    immortalise_none()
    # cli.main paused the collector before importing this module (its imports are
    # part of start-up); pausing here too covers any other caller.
    startup_gc.pause()
    try:
        app, window = _open_window(content_path, atlas_path, **window_options)
    except BaseException:
        startup_gc.resume()
        raise
    if window is None:
        startup_gc.resume()
    else:
        resume_collector_after_first_frame(window)
    return app, window


def resume_collector_after_first_frame(window) -> None:
    """Turn the paused collector back on once ``window``'s first frame is on screen.

    The first collection after start-up walks every object start-up made
    (about a quarter of a second with 5,000 trigger points, issue 18): with
    the collector on at ``show()`` it ran inside the first frame. After the
    frame, it runs while the user looks at the model. A window that never
    paints (minimised, closed at once) still turns it on: at its destruction,
    or after :data:`RESUME_AT_LATEST_MS` of event loop.
    """
    window.viewport.frameSwapped.connect(
        lambda: QTimer.singleShot(0, startup_gc.resume), Qt.ConnectionType.SingleShotConnection
    )
    window.destroyed.connect(startup_gc.resume)
    QTimer.singleShot(RESUME_AT_LATEST_MS, startup_gc.resume)


def _open_window(content_path: Path, atlas_path: Path, **window_options):
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Trigger Point Explorer")
    # Anything of Qt's that falls back on the organisation name (a default QSettings,
    # QStandardPaths) then lands in the app's one folder (see explorer/locations.py).
    app.setOrganizationName(APP_DIR_NAME)
    app.setWindowIcon(make_app_icon())
    try:
        project = load_project(content_path, atlas_path)
    except ExplorerError as error:
        startup_gc.resume()  # the dialog may stay open for long
        build_error_dialog(error).exec()
        return app, None
    from explorer.qt.main_window import MainWindow

    window = MainWindow(project, **window_options)
    # Drop the module sources PySide6 read while importing (see above); tracebacks reload them.
    linecache.clearcache()
    window.show()
    return app, window


def run_gui(content_path: Path, atlas_path: Path) -> int:
    """Run the explorer until its window closes; return the exit code."""
    app, window = open_window(content_path, atlas_path)
    if window is None:
        return 1
    return app.exec()
