"""Plain data straight from libyaml's event stream, with positions and hard limits.

:mod:`explorer.model.yaml_source` reads the file and reports errors; this
module turns the text into dicts, lists and scalars. Working from events
rather than a composed node tree keeps no node or mark objects alive: a large
file costs its data, not ten times that. Hostile structure is refused here,
each time with the position of the event that crossed the line:

* nesting deeper than :data:`MAX_DEPTH` (a recursive builder would overflow
  Python's stack, and no file of ours needs more than a dozen levels);
* aliases that repeat more than :data:`MAX_ALIAS_VALUES` values in total (an
  "alias bomb" of a few lines can stand for billions of values, and every
  validator downstream would walk them);
* more than :data:`MAX_VALUES` values in all (millions of tiny list items
  fit under the byte cap and would cost gigabytes and minutes to build);
* any tag that is not plain data, lists or maps used as keys, and whole
  numbers too large for any setting to mean.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, ClassVar

import yaml

from explorer.model.errors import clip

#: Deepest nesting of lists and maps accepted; the content file needs about ten.
MAX_DEPTH = 50
#: Values that aliases may repeat, summed over the whole file.
MAX_ALIAS_VALUES = 1_000_000
#: Values a file may hold in all: the content file has about 4,000, the benchmark's
#: hundredfold copy about 370,000. Each costs a few hundred bytes of Python objects
#: and some microseconds, so a file of millions of tiny values near the byte cap
#: would take gigabytes and minutes; it is refused at the value that crosses this.
MAX_VALUES = 500_000
#: Largest whole number accepted: beyond a 64-bit integer nothing in these files makes sense.
MAX_INT = 2**63 - 1

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
PLAIN_ONLY = "Remove the tag: these files hold plain text, numbers, lists and maps only."


class Yaml12Loader(yaml.CSafeLoader):
    """libyaml's parser with the YAML 1.2 core schema for plain scalars.

    PyYAML resolves YAML 1.1, where ``on``, ``yes`` and ``no`` are booleans
    and ``010`` is octal; the manifest's ``on:`` keys and every file written
    for a YAML 1.2 reader would be misread. Only these implicit types are
    replaced; quoting always gives a string.
    """

    yaml_implicit_resolvers: ClassVar[dict] = {}


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
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
# The empty plain scalar (``key:`` with nothing after it) is null.
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


def _core_int(text: str) -> int:
    unsigned = text.lstrip("+-").lower()
    # YAML 1.2: ``0o17`` and ``0x1f`` are octal and hex, but ``010`` is ten.
    value = int(text, 0) if unsigned.startswith(("0o", "0x")) else int(text, 10)
    if abs(value) > MAX_INT:
        # Hex digits have no length limit in int(); a huge value would later
        # fail to print inside an error message.
        raise ValueError("out of range")
    return value


def _core_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    return math.nan if lowered == ".nan" else float(text)


def _core_bool(text: str) -> bool:
    # An explicit ``!!bool yes`` must not quietly become false.
    if text not in ("true", "True", "TRUE", "false", "False", "FALSE"):
        raise ValueError(text)
    return text.lower() == "true"


def _core_null(text: str) -> None:
    if text not in ("", "~", "null", "Null", "NULL"):
        raise ValueError(text)


#: Resolved tag -> the plain Python value of a scalar's text.
_SCALARS: dict[str, Callable[[str], Any]] = {
    STR_TAG: str,
    "tag:yaml.org,2002:null": _core_null,
    "tag:yaml.org,2002:bool": _core_bool,
    "tag:yaml.org,2002:int": _core_int,
    "tag:yaml.org,2002:float": _core_float,
}
_SCALAR_FIXES = {"bool": "Write true or false.", "null": "Write null, or leave the value empty."}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def _too_many(event: yaml.Event) -> yaml.MarkedYAMLError:
    return marked_error(
        f"the file holds more than {MAX_VALUES:,} values",
        event.start_mark,
        "Check it is the right file: content and settings files hold a few thousand values.",
    )


def marked_error(problem: str, mark, fix: str | None = None) -> yaml.MarkedYAMLError:
    """A YAML error at ``mark`` whose ``fix`` sentence :func:`load_yaml` shows."""
    error = yaml.MarkedYAMLError(problem=problem, problem_mark=mark)
    error.fix = fix
    return error


def build(text: str, locations: dict | None = None) -> Any:
    """The plain data of ``text``; fills ``locations`` (key path -> position) if given."""
    loader = Yaml12Loader(text)
    try:
        return _Builder(loader, locations).document()
    finally:
        loader.dispose()


class _Builder:
    """Builds plain data from the event stream, recording positions.

    Positions are those of a mapping's *key* and of a sequence's *item*:
    "unknown field" and "bad value" errors both read best pointing at the
    start of the entry. Anchors, aliases and ``<<`` merge keys work as in
    YAML; any other tag is refused (the files hold plain data only).
    """

    def __init__(self, loader: Yaml12Loader, locations: dict | None) -> None:
        self._loader = loader
        self._locations = locations
        self._anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, values inside)
        self._values = 0  # values built so far, aliases counted as what they repeat
        self._repeated = 0  # values repeated through aliases
        # Resolved tags of short plain scalars: keys and small values repeat thousands of
        # times in a large file, and resolving runs PyYAML's regexes (startup, issue 18).
        self._tags: dict[tuple, str] = {}

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
        data = self._value(loader.get_event(), () if self._locations is not None else None, 0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise marked_error(
                "expected a single document in the file", loader.peek_event().start_mark
            )
        return data

    def _value(self, event: yaml.Event, key_path: tuple | None, depth: int) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent and event.anchor is None:
            # Most values: a plain scalar without an anchor (the fast path, startup).
            self._values += 1
            return self._scalar(event)
        if kind is yaml.AliasEvent:
            return self._alias(event)
        start = self._values
        self._values += 1
        if kind is yaml.ScalarEvent:
            value = self._scalar(event)
        elif event.tag not in _COLLECTION_TAGS:
            raise marked_error(f"unsupported tag '{clip(event.tag)}'", event.start_mark, PLAIN_ONLY)
        elif depth >= MAX_DEPTH:
            raise marked_error(
                f"lists and maps nested more than {MAX_DEPTH} levels deep",
                event.start_mark,
                "Flatten the structure: these files need only a few levels of lists and maps.",
            )
        elif kind is yaml.SequenceStartEvent:
            value = self._sequence(key_path, depth + 1)
        else:
            value = self._mapping(key_path, depth + 1)
        if event.anchor is not None:
            self._anchors[event.anchor] = (value, self._values - start)
        return value

    def _alias(self, event: yaml.AliasEvent) -> Any:
        if event.anchor not in self._anchors:
            name = clip(event.anchor)
            raise marked_error(
                f"alias '*{name}' refers to no anchor defined before it",
                event.start_mark,
                f"Define '&{name}' earlier, outside the list or map that uses it.",
            )
        value, size = self._anchors[event.anchor]
        self._values += size
        self._repeated += size
        if self._repeated > MAX_ALIAS_VALUES:
            raise marked_error(
                f"aliases repeat more than {MAX_ALIAS_VALUES:,} values (an alias bomb?)",
                event.start_mark,
                "Write the shared values out, or alias only small pieces.",
            )
        return value

    def _resolve(self, event: yaml.ScalarEvent) -> str:
        """The implicit tag of a plain scalar (cached for short texts)."""
        if len(event.value) > 32:
            return self._loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        key = (event.value, event.implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = self._loader.resolve(yaml.ScalarNode, *key)
        return tag

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag == "!":
            return event.value  # the non-specific tag: YAML 1.2 makes the scalar a string
        if tag is None:
            text = event.value
            if len(text) <= 32:
                tag = self._tags.get((text, event.implicit))
            if tag is None:
                tag = self._resolve(event)
        if tag == STR_TAG:
            return event.value  # text, most scalars of the content file: nothing to convert
        convert = _SCALARS.get(tag)
        if convert is None:
            raise marked_error(f"unsupported tag '{clip(tag)}'", event.start_mark, PLAIN_ONLY)
        try:
            return convert(event.value)
        except ValueError:
            kind = tag.rsplit(":", 1)[-1]
            raise marked_error(
                f"'{clip(event.value)}' is not a valid {kind}",
                event.start_mark,
                _SCALAR_FIXES.get(kind, "Write a plain number of at most 18 digits, such as 12.5."),
            ) from None

    def _sequence(self, key_path: tuple | None, depth: int) -> list:
        # One get_event per item (no check_event before it): a large file has
        # hundreds of thousands of events, and each call into libyaml counts.
        get_event, value, result = self._loader.get_event, self._value, []
        item = get_event()
        while type(item) is not yaml.SequenceEndEvent:
            if self._values - self._repeated > MAX_VALUES:  # values written out
                raise _too_many(item)
            path = None
            if key_path is not None:
                path = self._record(key_path, len(result), item.start_mark)
            result.append(value(item, path, depth))
            item = get_event()
        return result

    def _mapping(self, key_path: tuple | None, depth: int) -> dict:
        get_event, value, result = self._loader.get_event, self._value, {}
        text_tag = self._tags.get  # resolved tags of short texts seen before (see _scalar)
        merged: list = []
        key_event = get_event()
        while type(key_event) is not yaml.MappingEndEvent:
            if self._values - self._repeated > MAX_VALUES:  # values written out
                raise _too_many(key_event)
            key = None
            # Fast path, most keys of a large file: an untagged key without an anchor whose
            # text already resolved to a string (so not "<<"). The same as _key would
            # build, without its three calls per key (start-up, issue 18).
            if (
                type(key_event) is yaml.ScalarEvent
                and key_event.anchor is None
                and key_event.tag is None
                and text_tag((key_event.value, key_event.implicit)) == STR_TAG
            ):
                self._values += 1
                key = key_event.value
            elif type(key_event) is yaml.ScalarEvent and self._is_merge(key_event):
                merge = value(get_event(), key_path, depth)
                merged.extend(merge if isinstance(merge, list) else [merge])
                key_event = get_event()
                continue
            else:
                key = self._key(key_event, key_path, depth)
            if key in result:
                raise marked_error(
                    f'found duplicate key "{clip(key)}"',
                    key_event.start_mark,
                    f"Keep one '{clip(key)}' entry in this mapping and delete the other.",
                )
            path = None if key_path is None else self._record(key_path, key, key_event.start_mark)
            result[key] = value(get_event(), path, depth)
            key_event = get_event()
        return self._merge(merged, result, key_event.start_mark) if merged else result

    def _key(self, event: yaml.Event, key_path: tuple | None, depth: int) -> str:
        """A mapping key as text; a list or map as a key is refused."""
        key = self._value(event, key_path, depth)
        if type(key) is str:
            return key
        if isinstance(key, list | dict):
            raise marked_error(
                "found a list or mapping used as a key",
                event.start_mark,
                "Keys are plain names, such as 'radius_mm'.",
            )
        return str(key)

    def _is_merge(self, event: yaml.ScalarEvent) -> bool:
        if event.tag is not None:
            return event.tag == MERGE_TAG
        # Only the text "<<" can resolve to a merge key; skip the resolver for the rest.
        return event.value == "<<" and self._resolve(event) == MERGE_TAG

    @staticmethod
    def _merge(merged: list, own: dict, mark) -> dict:
        """YAML merge keys: earlier merged mappings win over later ones, own keys over all."""
        result: dict = {}
        for mapping in merged:
            if not isinstance(mapping, dict):
                raise marked_error("a '<<' merge key needs a mapping or a list of mappings", mark)
            for key, value in mapping.items():
                result.setdefault(key, value)
        result.update(own)
        return result
