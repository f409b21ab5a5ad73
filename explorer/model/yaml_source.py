"""Safe YAML loading that remembers where every value came from.

pydantic reports an error location as a tuple such as
``("muscles", 2, "trigger_points", 0, "at")``. :class:`YamlDocument` maps that
tuple back to a line and column in the file, so errors can say exactly where
to look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from explorer.model.errors import ExplorerError, Problem

Location = tuple[int, int]  # 1-based (line, column)


@dataclass
class YamlDocument:
    """A parsed YAML file as plain Python data plus a location index.

    Attributes
    ----------
    path
        The file that was read.
    data
        Plain dicts, lists and scalars (no ruamel types).
    locations
        Maps a key path tuple to the 1-based (line, column) of its key (or list item).
    """

    path: Path
    data: Any
    locations: dict[tuple[str | int, ...], Location] = field(default_factory=dict)

    def locate(self, key_path: Sequence[str | int]) -> Location:
        """Return the position of ``key_path``, or of its nearest located parent."""
        key_path = tuple(key_path)
        while key_path:
            if key_path in self.locations:
                return self.locations[key_path]
            key_path = key_path[:-1]
        return self.locations.get((), (1, 1))

    def problem(self, key_path: Sequence[str | int], message: str, fix: str = "") -> Problem:
        """Build a :class:`Problem` located at ``key_path``."""
        line, column = self.locate(key_path)
        return Problem(self.path, line, column, message, format_key_path(key_path), fix)


def format_key_path(key_path: Sequence[str | int]) -> str:
    """Render ``("muscles", 2, "at")`` as ``muscles[2].at``."""
    text = ""
    for key in key_path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text += f".{key}" if text else str(key)
    return text


def load_yaml(path: Path, error_type: type[ExplorerError]) -> YamlDocument:
    """Read ``path`` safely and index the position of every value.

    Raises
    ------
    error_type
        If the file is missing, unreadable or not valid YAML. The problem names
        the line and column that the parser stopped at.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error_type(
            [Problem(path, None, None, "file not found.", fix="Check the path and spelling.")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error_type(
            [
                Problem(
                    path, None, None, f"cannot read the file ({exc}).", fix="Save it as UTF-8 text."
                )
            ]
        ) from None
    # The round-trip loader keeps line numbers; it builds only plain YAML types
    # (maps, sequences, scalars), never arbitrary Python objects, so it is safe.
    yaml = YAML(typ="rt", pure=True)
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        raise error_type(
            [
                Problem(
                    path,
                    line,
                    column,
                    f"invalid YAML: {reason}.",
                    fix="Check indentation, colons and quotes on this line.",
                )
            ]
        ) from None
    except Exception as exc:  # ruamel raises several unrelated types for bad input
        raise error_type(
            [Problem(path, None, None, f"invalid YAML: {exc}.", fix="Check the file is YAML text.")]
        ) from None
    document = YamlDocument(path, None, {(): (1, 1)})
    document.data = _plain(tree, (), document.locations)
    return document


def _plain(node: Any, key_path: tuple[str | int, ...], locations: dict) -> Any:
    """Convert ruamel nodes to plain data, recording each child's position."""
    if isinstance(node, CommentedMap):
        result = {}
        for key in node:
            # The key's own position: "unknown field" and "bad value" errors
            # both read best pointing at the start of the entry.
            position = node.lc.key(key) if key in node.lc.data else None
            if position is not None:
                locations[(*key_path, str(key))] = (position[0] + 1, position[1] + 1)
            result[str(key)] = _plain(node[key], (*key_path, str(key)), locations)
        return result
    if isinstance(node, CommentedSeq):
        result = []
        for index, item in enumerate(node):
            if index in node.lc.data:
                line, column = node.lc.item(index)
                locations[(*key_path, index)] = (line + 1, column + 1)
            result.append(_plain(item, (*key_path, index), locations))
        return result
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node
