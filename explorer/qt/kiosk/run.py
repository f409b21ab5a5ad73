"""``python app.py --kiosk``: load everything, then open the locked kiosk window."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QApplication

from explorer import startup_gc
from explorer.cli_support import EXIT_USAGE, program_name
from explorer.model.errors import ExplorerError
from explorer.model.project import load_project
from explorer.qt.app import resume_collector_after_first_frame
from explorer.qt.kiosk.config import KioskConfigError, default_config_path, load_config
from explorer.qt.kiosk.out_of_service import load_for_kiosk, show_out_of_service

NO_PIN = (
    "No admin PIN is set, so the kiosk could never be left. Set one first:\n"
    "    {prog} kiosk-pin{config}"
)


def run_kiosk(content_path: Path, atlas_path: Path, config_path: Path | None = None) -> int:
    """Run the kiosk until an admin exits it; return the exit code.

    A missing PIN is printed for the person installing it before any window
    opens. A bad settings, content or atlas file is printed and logged with
    its located problems while patients see a calm out-of-service screen
    (:mod:`.out_of_service`), never a traceback; once the window is up,
    nothing is ever shown but the kiosk.
    """
    path = config_path or default_config_path()
    # cli.main paused the collector for start-up (startup_gc); every way out below
    # turns it back on first, so a week-long run collects as usual.
    # A bad file shows patients a calm screen; its located problems go to stderr and the log.
    recheck = partial(load_for_kiosk, content_path, atlas_path, path)
    try:
        config = load_config(path)
    except KioskConfigError as error:
        startup_gc.resume()
        return show_out_of_service(error, recheck)
    if not config.pin_hash:
        suffix = f" --kiosk-config {path}" if config_path else ""
        print(NO_PIN.format(prog=program_name(), config=suffix), file=sys.stderr)
        startup_gc.resume()
        return EXIT_USAGE
    try:
        project = load_project(content_path, atlas_path)
    except ExplorerError as error:
        startup_gc.resume()
        return show_out_of_service(error, recheck)
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
    resume_collector_after_first_frame(window)
    return app.exec()
