"""Safe YAML loading that remembers where every value came from.

pydantic reports an error location as a tuple such as
``("muscles", 2, "trigger_points", 0, "at")``. :class:`YamlDocument` maps that
tuple back to a line and column in the file, so errors can say exactly where
to look.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

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


class _Yaml12Loader(yaml.CSafeLoader):
    """libyaml's safe loader with the YAML 1.2 core schema for plain scalars.

    PyYAML resolves YAML 1.1, where ``on``, ``yes`` and ``no`` are booleans
    and ``010`` is octal; the manifest's ``on:`` keys and every file written
    for a YAML 1.2 reader would be misread. Only these implicit types are
    replaced; quoting always gives a string.
    """

    yaml_implicit_resolvers: ClassVar[dict] = {}


MERGE_TAG = "tag:yaml.org,2002:merge"
_CORE_SCHEMA = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    (MERGE_TAG, r"^<<$", "<"),
)
for _tag, _pattern, _first in _CORE_SCHEMA:
    _Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
# The empty plain scalar (``key:`` with nothing after it) is null.
_Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


def _construct_core_int(loader: yaml.CSafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    unsigned = text.lstrip("+-").lower()
    # YAML 1.2: ``0o17`` and ``0x1f`` are octal and hex, but ``010`` is ten.
    return int(text, 0) if unsigned.startswith(("0o", "0x")) else int(text, 10)


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_core_int)


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
    try:
        # libyaml's safe loader builds only plain YAML types (maps, sequences,
        # scalars), never Python objects; its node tree keeps every position.
        loader = _Yaml12Loader(text)
        try:
            root = loader.get_single_node()
            document = YamlDocument(path, None, {(): (1, 1)})
            document.data = _Plain(loader, document.locations).convert(root, ())
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
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
                    fix=getattr(exc, "fix", None)
                    or "Check indentation, colons and quotes on this line.",
                )
            ]
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise error_type(
            [Problem(path, None, None, f"invalid YAML: {exc}.", fix="Check the file is YAML text.")]
        ) from None
    return document


class _DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping (YAML forbids it; PyYAML would keep the last)."""

    def __init__(self, key: str, mark) -> None:
        super().__init__(problem=f'found duplicate key "{key}"', problem_mark=mark)
        self.fix = f"Keep one '{key}' entry in this mapping and delete the other."


class _Plain:
    """Turns a composed node tree into plain data, recording each child's position.

    Positions are those of a mapping's *key* and of a sequence's *item*:
    "unknown field" and "bad value" errors both read best pointing at the
    start of the entry.
    """

    def __init__(self, loader: _Yaml12Loader, locations: dict) -> None:
        self._loader = loader
        self._locations = locations
        self._open: set[int] = set()  # nodes being converted, to stop recursive aliases

    def convert(self, node: yaml.Node | None, key_path: tuple[str | int, ...]) -> Any:
        if node is None:  # an empty file
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._loader.construct_object(node)
        if id(node) in self._open:
            raise yaml.MarkedYAMLError(
                problem="an alias refers to the collection that contains it",
                problem_mark=node.start_mark,
            )
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, key_path)
            return self._sequence(node, key_path)
        finally:
            self._open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, key_path: tuple) -> dict:
        own: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                continue
            key = str(self.convert(key_node, key_path))
            if key in own:
                raise _DuplicateKey(key, key_node.start_mark)
            own.add(key)
        # Resolves "<<" merge keys in place: merged entries first, so the
        # mapping's own keys (later) override them.
        self._loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(self.convert(key_node, key_path))
            mark = key_node.start_mark
            self._locations[(*key_path, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.convert(value_node, (*key_path, key))
        return result

    def _sequence(self, node: yaml.SequenceNode, key_path: tuple) -> list:
        result = []
        for index, item in enumerate(node.value):
            mark = item.start_mark
            self._locations[(*key_path, index)] = (mark.line + 1, mark.column + 1)
            result.append(self.convert(item, (*key_path, index)))
        return result
