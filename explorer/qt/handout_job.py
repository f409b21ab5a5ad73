"""A handout made in a child process, so the window stays responsive while it renders.

The child runs ``app.py handout ... --progress``: the same command
as on the command line (:mod:`explorer.cli_handout`), so the GUI and the
CLI make the same page. Rendering off-screen takes a few seconds with
software OpenGL; in this process it would freeze the viewport for all of
them. The child's ``progress N/M what`` lines drive a progress dialog, and
Cancel ends the child.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from explorer.model.handout import HandoutOptions

#: The child's program: the command line's own entry point.
CHILD_MAIN = "import sys; from explorer.cli import main; sys.exit(main())"
PROGRESS_LINE = re.compile(r"^progress (\d+)/(\d+) (.*)$")
WROTE_LINE = re.compile(r"^wrote .* \((\d+) pages?, ([\d.]+) s\)$")


def handout_arguments(
    content: Path, atlas: Path, point_ids: tuple[str, ...], options: HandoutOptions, output: Path
) -> list[str]:
    """The child's command line after the interpreter."""
    # A frozen build is its own command line; a Python install runs the CLI's entry point.
    launcher = [] if getattr(sys, "frozen", False) else ["-c", CHILD_MAIN]
    arguments = [*launcher, "handout", "--content", str(content), "--atlas", str(atlas)]
    for tp_id in point_ids:
        arguments += ["--select", tp_id]
    if options.clinic.strip():
        arguments += ["--clinic", options.clinic.strip()]
    if options.logo is not None:
        arguments += ["--logo", str(options.logo)]
    return [*arguments, "--paper", options.paper, "-o", str(output), "--progress"]


class HandoutJob(QObject):
    """One handout being made; emits progress, then ``finished`` exactly once.

    Signals
    -------
    progress(step, total, what)
        A step began.
    finished(ok, message, pages)
        Done (``ok``), failed or cancelled; ``message`` says which in plain words.
    """

    progress = Signal(int, int, str)
    finished = Signal(bool, str, int)

    def __init__(self, arguments: list[str], output: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.output = output
        self.pages = 0
        self._cancelled = False
        self._buffer = ""
        self.process = QProcess(self)
        self.process.setProgram(sys.executable)
        self.process.setArguments(arguments)
        self.process.readyReadStandardOutput.connect(self._on_output)
        self.process.finished.connect(self._on_finished)
        self.process.errorOccurred.connect(self._on_error)

    def start(self) -> None:
        """Start the child process."""
        self.process.start()

    def cancel(self) -> None:
        """End the child; ``finished`` reports the cancellation."""
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self._cancelled = True
            self.process.kill()

    @property
    def running(self) -> bool:
        """Whether the child is still working."""
        return self.process.state() != QProcess.ProcessState.NotRunning

    def _on_output(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            if match := PROGRESS_LINE.match(line.strip()):
                self.progress.emit(int(match[1]), int(match[2]), match[3])
            elif match := WROTE_LINE.match(line.strip()):
                self.pages = int(match[1])

    def _on_finished(self, exit_code: int, _status) -> None:
        self._on_output()
        if self._cancelled:
            self.finished.emit(False, "The handout was cancelled.", 0)
        elif exit_code == 0 and self.output.is_file():
            self.finished.emit(True, f"Handout saved: {self.output}", self.pages)
        else:
            errors = bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
            reason = errors.strip().splitlines()[-1] if errors.strip() else f"code {exit_code}"
            self.finished.emit(False, f"The handout could not be made: {reason}", 0)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.finished.emit(False, "The handout could not be made: Python did not start.", 0)
