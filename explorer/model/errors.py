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


def visible(text: str) -> str:
    """``text`` with every unprintable character written as an escape, e.g. ``\\x00``.

    A quoted value may hold a NUL, a line break or a right-to-left override
    (``\\u202e``): shown raw, it would cut a terminal line, split a log entry
    or reverse the rest of a dialog's text, and hide what is wrong.
    """
    return "".join(_pieces(text))


def _pieces(text: str) -> list[str]:
    """Each character of ``text``, unprintable ones as Python's escape (``\\n``, ``\\x00``)."""
    if text.isprintable():
        return list(text)
    return [c if c.isprintable() else repr(c)[1:-1] for c in text]


def _keep(pieces: list[str], limit: int) -> list[str]:
    """The leading ``pieces`` that fit in ``limit`` characters (an escape is never split)."""
    kept, used = [], 0
    for piece in pieces:
        used += len(piece)
        if used > limit:
            break
        kept.append(piece)
    return kept


def clip(text: object, limit: int = ECHO_LIMIT) -> str:
    """``text`` made :func:`visible`, at most ``limit`` characters, cut with ``...`` at the end.

    Only the head of a long text is looked at, so cutting a 10 MB value costs
    no more than cutting a short one.
    """
    text = str(text)
    pieces = _pieces(text[: limit + 1])
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    return "".join(_keep(pieces, limit - len(_CUT))) + _CUT


def clip_path(path: object, limit: int = ECHO_LIMIT) -> str:
    """Like :func:`clip`, but keeps the end of a path: its file name says the most."""
    text = str(path)
    pieces = _pieces(text[-(limit + 1) :])
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    return _CUT + "".join(reversed(_keep(pieces[::-1], limit - len(_CUT))))


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, nothing escaped (for whole messages)."""
    return text if len(text) <= limit else text[: limit - len(_CUT)] + _CUT


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
        # Whole messages are only cut: the values they quote went through clip() already.
        object.__setattr__(self, "message", _cut(self.message, MESSAGE_LIMIT))
        object.__setattr__(self, "yaml_path", clip(self.yaml_path, 2 * ECHO_LIMIT))
        object.__setattr__(self, "fix", _cut(self.fix, MESSAGE_LIMIT))

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
