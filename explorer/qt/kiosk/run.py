"""``python app.py --kiosk``: load everything, then open the locked kiosk window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from explorer.model.errors import ExplorerError
from explorer.model.project import load_project
from explorer.qt.kiosk.config import KioskConfigError, default_config_path, load_config

NO_PIN = (
    "No admin PIN is set, so the kiosk could never be left. Set one first:\n"
    "    python app.py kiosk-pin{config}"
)


def run_kiosk(content_path: Path, atlas_path: Path, config_path: Path | None = None) -> int:
    """Run the kiosk until an admin exits it; return the exit code.

    Problems that stop the kiosk from starting (bad config, no PIN, bad
    content) are printed for the person installing it, before any window
    opens; once the window is up, nothing is ever shown but the kiosk.
    """
    path = config_path or default_config_path()
    try:
        config = load_config(path)
    except KioskConfigError as error:
        print(error, file=sys.stderr)
        return 2
    if not config.pin_hash:
        suffix = f" --kiosk-config {path}" if config_path else ""
        print(NO_PIN.format(config=suffix), file=sys.stderr)
        return 2
    try:
        project = load_project(content_path, atlas_path)
    except ExplorerError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Trigger Point Explorer kiosk")
    # The admin's "Exit kiosk" ends the app, not a closed window (closing is refused anyway).
    app.setQuitOnLastWindowClosed(False)
    from explorer.qt.kiosk.shell import KioskWindow

    window = KioskWindow(project, config, config_path=path)
    window.exited.connect(app.quit)
    # Code 3: the window was destroyed from outside; a service manager restarts the kiosk.
    window.unrecoverable.connect(lambda: app.exit(3))
    window.present()
    return app.exec()
