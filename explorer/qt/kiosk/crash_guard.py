"""Never show a traceback: log every error to a rotating file and go back to the start screen.

Three doors lead out of a Python error in a Qt app, and all three end here:

* an exception escaping a Qt slot or virtual override (PySide6 reports it
  through ``sys.excepthook``);
* a Qt warning or critical message (``qInstallMessageHandler``);
* a handler wrapped with :meth:`CrashGuard.guarded`.

The guard logs the traceback, counts it (the soak harness reads the count)
and schedules one reset of the UI on the next event-loop turn, so a reset
that itself fails cannot recurse.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler

from explorer.model.errors import ExplorerError

LOGGER_NAME = "explorer.kiosk"
LOG_FILE = "kiosk.log"
#: 1 MiB x 5 files: a week of errors fits, and the disk can never fill up.
LOG_BYTES, LOG_BACKUPS = 1_000_000, 5
#: Qt messages that are noise, not faults (seen under Xvfb and with touch).
IGNORED_QT_MESSAGES = ("QXcbConnection", "propagateSizeHints", "This plugin does not support")


def open_log(log_dir: Path) -> logging.Logger:
    """The kiosk logger, writing to ``log_dir/kiosk.log`` with rotation (idempotent)."""
    logger = logging.getLogger(LOGGER_NAME)
    target = str((log_dir / LOG_FILE).resolve())
    if not any(getattr(h, "baseFilename", None) == target for h in logger.handlers):
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                target, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
        except OSError:
            # An unwritable log folder must not stop the kiosk: the service's journal keeps it.
            handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # nothing reaches stderr, which a kiosk may show
    return logger


class CrashGuard:
    """Routes errors to the log and asks for a reset.

    Parameters
    ----------
    log_dir
        Directory of the rotating log.
    reset
        Called (once, on the next event-loop turn) after an error.
    """

    def __init__(self, log_dir: Path, reset: Callable[[], None]) -> None:
        self.logger = open_log(log_dir)
        self.log_path = log_dir / LOG_FILE
        self.reset = reset
        self.exception_count = 0
        self.qt_message_count = 0
        self._reset_pending = False
        self._previous_hook = None
        self._previous_thread_hook = None

    def install(self) -> None:
        """Take over ``sys.excepthook``, ``threading.excepthook`` and Qt's message handler."""
        self._previous_hook, sys.excepthook = sys.excepthook, self.excepthook
        self._previous_thread_hook = threading.excepthook
        threading.excepthook = lambda args: self.excepthook(
            args.exc_type, args.exc_value, args.exc_traceback
        )
        qInstallMessageHandler(self._on_qt_message)

    def uninstall(self) -> None:
        """Give the hooks back (tests and the soak harness create several kiosks)."""
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook
            self._previous_hook = None
        qInstallMessageHandler(None)

    def excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        """Log ``error`` with its traceback and schedule a reset; never raise."""
        if issubclass(kind, KeyboardInterrupt):
            # An operator at a terminal means it; do not swallow Ctrl+C.
            (self._previous_hook or sys.__excepthook__)(kind, error, trace)
            return
        self.exception_count += 1
        # A full disk must not turn a logged error into a crash loop.
        with contextlib.suppress(Exception):
            self.logger.error("unhandled %s", kind.__name__, exc_info=(kind, error, trace))
            for problem in error.problems if isinstance(error, ExplorerError) else ():
                self.logger.error("bad input: %s", problem)  # file:line:col, readable as is
        self._schedule_reset()

    def guarded(self, handler: Callable) -> Callable:
        """``handler`` wrapped so that an exception is logged and resets instead of escaping."""

        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except Exception:
                self.excepthook(*sys.exc_info())
                return None

        return wrapper

    def _schedule_reset(self) -> None:
        if self._reset_pending:
            return
        self._reset_pending = True
        QTimer.singleShot(0, self._run_reset)

    def _run_reset(self) -> None:
        self._reset_pending = False
        try:
            self.reset()
        except Exception:
            # A reset that fails is logged, not retried: retrying could loop forever.
            self.exception_count += 1
            self.logger.exception("reset after an error failed")

    def _on_qt_message(self, kind: QtMsgType, context, message: str) -> None:
        if any(noise in message for noise in IGNORED_QT_MESSAGES):
            return
        self.qt_message_count += 1
        level = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
        }.get(kind, logging.ERROR)
        self.logger.log(level, "Qt: %s", message)


class GuardedFilter(QObject):
    """Runs another object's ``eventFilter`` so that an exception becomes a log line and a reset."""

    def __init__(self, inner: QObject, guard: CrashGuard) -> None:
        super().__init__(inner)
        self.inner, self.guard = inner, guard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delegate; on an exception, log, reset, and eat the event."""
        try:
            return bool(self.inner.eventFilter(watched, event))
        except Exception:
            self.guard.excepthook(*sys.exc_info())
            return True
