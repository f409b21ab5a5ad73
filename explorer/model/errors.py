"""Domain errors that carry the place of every problem in a source file.

The model raises them; only the Qt layer and the command line show them.
Each :class:`Problem` prints as ``file:line:col: message`` so that editors
and terminals can jump to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
