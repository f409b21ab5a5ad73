"""Safe YAML loading that remembers where every value came from.

pydantic reports an error location as a tuple such as
``("muscles", 2, "trigger_points", 0, "at")``. :class:`YamlDocument` maps that
tuple back to a line and column in the file, so errors can say exactly where
to look.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from explorer.model.errors import ExplorerError, Problem

Location = tuple[int, int]  # 1-based (line, column)


@dataclass
class YamlDocument:
    """A parsed YAML file as plain Python data plus a location index.

    The index is built on first use, by reading the text again: a valid
    file never needs it, and skipping it makes loading a large catalogue
    about a quarter faster.

    Attributes
    ----------
    path
        The file that was read.
    data
        Plain dicts, lists and scalars.
    text
        The file's text, kept to build :attr:`locations` when a problem needs one.
    """

    path: Path
    data: Any
    text: str = ""
    _locations: dict[tuple[str | int, ...], Location] | None = field(default=None, repr=False)

    @property
    def locations(self) -> dict[tuple[str | int, ...], Location]:
        """Maps a key path tuple to the 1-based (line, column) of its key (or list item)."""
        if self._locations is None:
            locations: dict[tuple[str | int, ...], Location] = {(): (1, 1)}
            _build(self.text, locations)
            self._locations = locations
        return self._locations

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
    """libyaml's parser with the YAML 1.2 core schema for plain scalars.

    PyYAML resolves YAML 1.1, where ``on``, ``yes`` and ``no`` are booleans
    and ``010`` is octal; the manifest's ``on:`` keys and every file written
    for a YAML 1.2 reader would be misread. Only these implicit types are
    replaced; quoting always gives a string.
    """

    yaml_implicit_resolvers: ClassVar[dict] = {}


STR_TAG = "tag:yaml.org,2002:str"
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


def _core_int(text: str) -> int:
    unsigned = text.lstrip("+-").lower()
    # YAML 1.2: ``0o17`` and ``0x1f`` are octal and hex, but ``010`` is ten.
    return int(text, 0) if unsigned.startswith(("0o", "0x")) else int(text, 10)


def _core_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    return math.nan if lowered == ".nan" else float(text)


#: Resolved tag -> the plain Python value of a scalar's text.
_SCALARS: dict[str, Callable[[str], Any]] = {
    STR_TAG: str,
    "tag:yaml.org,2002:null": lambda _text: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:int": _core_int,
    "tag:yaml.org,2002:float": _core_float,
}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_PLAIN_ONLY = "Remove the tag: these files hold plain text, numbers, lists and maps only."


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
        document = YamlDocument(path, _build(text), text)
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


def _build(text: str, locations: dict | None = None) -> Any:
    """The plain data of ``text``; fills ``locations`` (key path -> position) if given."""
    loader = _Yaml12Loader(text)
    try:
        return _Builder(loader, locations).document()
    finally:
        loader.dispose()


class _DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping (YAML forbids it; PyYAML would keep the last)."""

    def __init__(self, key: str, mark) -> None:
        super().__init__(problem=f'found duplicate key "{key}"', problem_mark=mark)
        self.fix = f"Keep one '{key}' entry in this mapping and delete the other."


def _error(problem: str, mark, fix: str | None = None) -> yaml.MarkedYAMLError:
    error = yaml.MarkedYAMLError(problem=problem, problem_mark=mark)
    error.fix = fix
    return error


class _Builder:
    """Builds plain data straight from libyaml's event stream, recording positions.

    Working from events rather than a composed node tree keeps no node or
    mark objects alive: a large file costs its data, not ten times that.
    Positions are those of a mapping's *key* and of a sequence's *item*:
    "unknown field" and "bad value" errors both read best pointing at the
    start of the entry. Anchors, aliases and ``<<`` merge keys work as in
    YAML; any other tag is refused (the files hold plain data only).
    """

    def __init__(self, loader: _Yaml12Loader, locations: dict | None) -> None:
        self._loader = loader
        self._locations = locations
        self._anchors: dict[str, Any] = {}

    def _record(self, key_path: tuple | None, child: str | int, mark) -> tuple | None:
        """Note where ``child`` of ``key_path`` starts; None when not recording."""
        if key_path is None:
            return None
        path = (*key_path, child)
        self._locations[path] = (mark.line + 1, mark.column + 1)
        return path

    def document(self) -> Any:
        """The single document of the stream (None for an empty file)."""
        loader = self._loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        data = self._value(loader.get_event(), () if self._locations is not None else None)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise _error("expected a single document in the file", loader.peek_event().start_mark)
        return data

    def _value(self, event: yaml.Event, key_path: tuple | None) -> Any:
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self._anchors:
                raise _error(
                    f"alias '*{event.anchor}' refers to no anchor defined before it",
                    event.start_mark,
                    f"Define '&{event.anchor}' earlier, outside the list or map that uses it.",
                )
            return self._anchors[event.anchor]
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event)
        elif event.tag not in _COLLECTION_TAGS:
            raise _error(f"unsupported tag '{event.tag}'", event.start_mark, _PLAIN_ONLY)
        elif isinstance(event, yaml.SequenceStartEvent):
            value = self._sequence(key_path)
        else:
            value = self._mapping(key_path)
        if event.anchor is not None:
            self._anchors[event.anchor] = value
        return value

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        convert = _SCALARS.get(tag)
        if convert is None:
            raise _error(f"unsupported tag '{tag}'", event.start_mark, _PLAIN_ONLY)
        try:
            return convert(event.value)
        except ValueError:
            raise _error(
                f"'{event.value}' is not a valid {tag.rsplit(':', 1)[-1]}", event.start_mark
            ) from None

    def _sequence(self, key_path: tuple | None) -> list:
        loader, result = self._loader, []
        while not loader.check_event(yaml.SequenceEndEvent):
            item = loader.get_event()
            path = self._record(key_path, len(result), item.start_mark)
            result.append(self._value(item, path))
        loader.get_event()
        return result

    def _mapping(self, key_path: tuple | None) -> dict:
        loader, result = self._loader, {}
        merged: list = []
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.get_event()
            if isinstance(key_event, yaml.ScalarEvent) and self._is_merge(key_event):
                value = self._value(loader.get_event(), key_path)
                merged.extend(value if isinstance(value, list) else [value])
                continue
            key = str(self._value(key_event, key_path))
            if key in result:
                raise _DuplicateKey(key, key_event.start_mark)
            path = self._record(key_path, key, key_event.start_mark)
            result[key] = self._value(loader.get_event(), path)
        end = loader.get_event()
        return self._merge(merged, result, end.start_mark) if merged else result

    def _is_merge(self, event: yaml.ScalarEvent) -> bool:
        if event.tag is not None:
            return event.tag == MERGE_TAG
        return self._loader.resolve(yaml.ScalarNode, event.value, event.implicit) == MERGE_TAG

    @staticmethod
    def _merge(merged: list, own: dict, mark) -> dict:
        """YAML merge keys: earlier merged mappings win over later ones, own keys over all."""
        result: dict = {}
        for mapping in merged:
            if not isinstance(mapping, dict):
                raise _error("a '<<' merge key needs a mapping or a list of mappings", mark)
            for key, value in mapping.items():
                result.setdefault(key, value)
        result.update(own)
        return result
