"""The calm patient screen a kiosk shows when its files cannot be loaded.

A bad settings file, content file or atlas used to end the kiosk with a
message on the terminal, which on a waiting-room screen means the desktop
showing (and, under a service manager, flashing as it restarts). Instead the
kiosk prints and logs every located problem for whoever set it up, and shows
this locked screen with a plain sentence for the patients in the room. It
checks the files again every :data:`RECHECK_MS`; once they load, it exits with
:data:`EXIT_FILES_FIXED` so the service manager starts the real kiosk.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout

from explorer.model.errors import ExplorerError, Problem
from explorer.model.project import Project, load_project
from explorer.qt.kiosk.config import KioskConfig, KioskConfigError, default_log_dir, load_config
from explorer.qt.kiosk.crash_guard import open_log
from explorer.qt.kiosk.locked_window import LockedWindow
from explorer.qt.kiosk.style import STYLE_SHEET

RESTING_TITLE = "This screen is taking a short break."
RESTING_TEXT = "Please ask at the front desk if you have a question."
RECHECK_MS = 30_000
#: Exit code once the files load: the same as an unrecoverable window, so a
#: service manager with ``Restart=always`` starts a fresh kiosk either way.
EXIT_FILES_FIXED = 3


class OutOfServiceWindow(LockedWindow):
    """A locked fullscreen page with a patient sentence; the problems go to the log.

    Parameters
    ----------
    recheck
        Loads the files again; raises :class:`ExplorerError` while they are still bad.
    logger
        The kiosk log.
    """

    files_fixed = Signal()

    def __init__(self, recheck: Callable[[], object], logger) -> None:
        super().__init__()
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setWindowTitle("Trigger Point Explorer")
        self.setStyleSheet(STYLE_SHEET)
        self.logger = logger
        self._recheck = recheck
        self._last_problems: list[str] = []
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for text, name in ((RESTING_TITLE, "overlay_title"), (RESTING_TEXT, "hint")):
            label = QLabel(text)
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)
        self.recheck_timer = QTimer(self)
        self.recheck_timer.setInterval(RECHECK_MS)
        self.recheck_timer.timeout.connect(self.check_again)

    def log_problems(self, error: ExplorerError) -> None:
        """Write every located problem to the log, unless the last check logged the same."""
        lines = [str(problem) for problem in error.problems]
        if lines != self._last_problems:
            for line in lines:
                self.logger.error("cannot start the kiosk: %s", line)
        self._last_problems = lines

    def check_again(self) -> bool:
        """Load the files again; on success emit :attr:`files_fixed` and return True."""
        try:
            self._recheck()
        except ExplorerError as error:
            self.log_problems(error)
            return False
        except Exception:  # the screen must stay up whatever goes wrong
            self.logger.exception("checking the kiosk's files failed")
            return False
        self.logger.info("the kiosk's files load now; starting the kiosk again")
        self.recheck_timer.stop()
        self.locked = False
        self.files_fixed.emit()
        return True


def load_for_kiosk(
    content_path: Path, atlas_path: Path, config_path: Path
) -> tuple[KioskConfig, Project]:
    """Everything the kiosk needs, or an :class:`ExplorerError` with every located problem."""
    config = load_config(config_path)
    if not config.pin_hash:
        message = "no admin PIN is set, so the kiosk could never be left."
        fix = "Set one with the kiosk-pin command."
        raise KioskConfigError([Problem(config_path, None, None, message, fix=fix)])
    return config, load_project(content_path, atlas_path)


def build_out_of_service(
    error: ExplorerError, recheck: Callable[[], object], log_dir: Path | None = None
) -> OutOfServiceWindow:
    """Print and log ``error``'s problems and return the (not yet shown) patient screen."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
    logger = open_log(log_dir or default_log_dir())
    QApplication.instance() or QApplication(sys.argv)
    window = OutOfServiceWindow(recheck, logger)
    window.log_problems(error)
    return window


def show_out_of_service(
    error: ExplorerError, recheck: Callable[[], object], log_dir: Path | None = None
) -> int:
    """Show the patient screen until the files load (exit :data:`EXIT_FILES_FIXED`)."""
    window = build_out_of_service(error, recheck, log_dir)
    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)
    window.files_fixed.connect(lambda: app.exit(EXIT_FILES_FIXED))
    window.unrecoverable.connect(lambda: app.exit(3))
    window.present()
    window.recheck_timer.start()
    return app.exec()
