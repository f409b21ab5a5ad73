"""Domain errors that carry the place of every problem in a source file.

The model raises them; only the Qt layer and the command line show them.
Each :class:`Problem` prints as ``file:line:col: message`` so that editors
and terminals can jump to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Longest piece of an input file quoted in a message: enough to recognise a
#: value, short enough that a 10 MB name cannot flood a terminal or a dialog.
ECHO_LIMIT = 80
#: Longest message a problem keeps, whatever it quotes (a last safety net).
MESSAGE_LIMIT = 1000
_CUT = "..."


def clip(text: object, limit: int = ECHO_LIMIT) -> str:
    """``text`` as a string of at most ``limit`` characters, cut with ``...`` at the end."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - len(_CUT)] + _CUT


def clip_path(path: object, limit: int = ECHO_LIMIT) -> str:
    """Like :func:`clip`, but keeps the end of a path: its file name says the most."""
    text = str(path)
    return text if len(text) <= limit else _CUT + text[len(text) - limit + len(_CUT) :]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file.

    Parameters
    ----------
    file
        The file that holds the problem.
    line, column
        1-based position in ``file``; ``None`` when the file could not be read.
    message
        What was expected and what was found.
    yaml_path
        Where in the document, e.g. ``muscles[2].trigger_points[0].at``.
    fix
        One sentence telling the user how to repair it.
    """

    file: Path
    line: int | None
    column: int | None
    message: str
    yaml_path: str = ""
    fix: str = ""

    def __post_init__(self) -> None:
        # Frozen dataclass: the safety net has to go through object.__setattr__.
        object.__setattr__(self, "message", clip(self.message, MESSAGE_LIMIT))
        object.__setattr__(self, "yaml_path", clip(self.yaml_path, 2 * ECHO_LIMIT))
        object.__setattr__(self, "fix", clip(self.fix, MESSAGE_LIMIT))

    def __str__(self) -> str:
        place = f"{self.file}"
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        text = f"{place}: "
        if self.yaml_path:
            text += f"{self.yaml_path}: "
        text += self.message
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class ExplorerError(Exception):
    """Base class: one or more :class:`Problem` found while loading input."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("an ExplorerError needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ContentError(ExplorerError):
    """``trigger_points.yaml`` (or another content file) is invalid."""


class AtlasError(ExplorerError):
    """The atlas manifest or one of its mesh files is invalid."""
