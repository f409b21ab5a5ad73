"""A ``kiosk.json`` must be strict JSON, though it is read as YAML (which JSON is, nearly).

YAML reads a ``.json`` file for the line of every value, but it also takes
single quotes, trailing commas, comments and bare ``NaN`` that a JSON tool
the admin uses next would choke on; those are refused here, at their line.
"""

from __future__ import annotations

import json
from pathlib import Path

from explorer.model.errors import ExplorerError, Problem, clip


def check_strict_json(path: Path, text: str, error_type: type[ExplorerError]) -> None:
    """Refuse ``text`` of the ``.json`` file ``path`` unless it is strict JSON.

    Raises
    ------
    error_type
        With one problem at the line and column where JSON reading stopped
        (or of the first ``NaN`` / ``Infinity``). Empty text (the defaults)
        and nesting too deep for Python's JSON reader (which the YAML reader
        refuses already, at its place) pass.
    """
    if not text.strip():
        return  # empty: the defaults, as for an empty YAML file

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not a JSON number")

    try:
        json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as error:
        problem = Problem(
            path,
            error.lineno,
            error.colno,
            f"invalid JSON: {clip(error.msg)}.",
            fix="Use double quotes, no trailing commas, and plain numbers; or rename it .yaml.",
        )
        raise error_type([problem]) from None
    except ValueError as error:  # NaN or Infinity, which YAML reads as text anyway
        line, column = _first(text, ("NaN", "Infinity"))
        problem = Problem(
            path,
            line,
            column,
            f"invalid JSON: {error}.",
            fix="Write a plain number of seconds, such as 6.",
        )
        raise error_type([problem]) from None
    except RecursionError:
        return  # nested past YAML's limit as well, and the YAML error says where


def _first(text: str, words: tuple[str, ...]) -> tuple[int, int]:
    """1-based (line, column) of the first of ``words`` in ``text`` (1, 1 if none)."""
    found = [index for index in (text.find(word) for word in words) if index >= 0]
    if not found:
        return 1, 1
    offset = min(found)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
