"""Safe YAML loading that remembers where every value came from.

pydantic reports an error location as a tuple such as
``("muscles", 2, "trigger_points", 0, "at")``. :class:`YamlDocument` maps that
tuple back to a line and column in the file, so errors can say exactly where
to look.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from explorer.model.errors import ECHO_LIMIT, ExplorerError, Problem, clip
from explorer.model.yaml_events import build

#: Largest YAML file read: the content file is about 80 kB, a hundredfold
#: benchmark copy 8 MB. The cap is checked before reading, so memory stays bounded.
MAX_YAML_BYTES = 32 * 1024 * 1024

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
            build(self.text, locations)
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
            name = clip(key, ECHO_LIMIT)
            text += f".{name}" if text else name
    return text


def load_yaml(
    path: Path, error_type: type[ExplorerError], max_bytes: int = MAX_YAML_BYTES
) -> YamlDocument:
    """Read ``path`` safely and index the position of every value.

    Raises
    ------
    error_type
        If the file is missing, unreadable, larger than ``max_bytes``, not
        UTF-8 or not valid YAML. Every problem inside the text names the line
        and column where reading stopped.
    """
    path = Path(path)
    raw = _read_bytes(path, error_type, max_bytes)
    text = _decode(path, raw, error_type)
    try:
        return YamlDocument(path, build(text), text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark and "end of stream" in str(reason) and exc.context:
            # The end of the file is no help; point at what was left open instead.
            opened = exc.context.removeprefix("while scanning ").removeprefix("while parsing ")
            mark, reason = exc.context_mark, f"{opened} starts here and is never closed"
        fix = getattr(exc, "fix", None) or (
            _FLATTEN if "nesting depth" in str(reason) else _CHECK_LINE
        )
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = clip(f"invalid YAML: {reason}.", 300)
        raise error_type([Problem(path, line, column, message, fix=fix)]) from None
    except yaml.reader.ReaderError as exc:
        # libyaml reports a character it refuses (NUL, other control codes) by
        # its byte offset in the UTF-8 text; turn that into a line and column.
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        message = f"invalid YAML: control character {code} is not allowed in a text file."
        fix = "Delete it: binary data and control codes cannot go in this file."
        raise error_type([_text_problem(path, text, exc.position, message, fix)]) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        message = f"invalid YAML: {clip(exc)}."
        raise error_type([Problem(path, None, None, message, fix=_NOT_YAML)]) from None


_NOT_YAML = "Check the file is YAML text."
_CHECK_LINE = "Check indentation, colons and quotes on this line."
_FLATTEN = "Flatten the structure: these files need only a few levels of lists and maps."


def _read_bytes(path: Path, error_type: type[ExplorerError], max_bytes: int) -> bytes:
    """The file's bytes, refusing it unread when it is over ``max_bytes``."""
    raw, regular = b"", True
    try:
        status = path.stat()
        # A FIFO would block the read forever and a device never ends: refuse both unread.
        regular = stat.S_ISREG(status.st_mode)
        size = status.st_size
        if regular and size <= max_bytes:
            with path.open("rb") as stream:
                # One byte more than allowed: a file that grew since stat() is still refused.
                raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        message = "file not found" + (", only a link to it." if path.is_symlink() else ".")
        problem = Problem(path, None, None, message, fix="Check the path and spelling.")
        raise error_type([problem]) from None
    except (OSError, ValueError) as exc:
        reason = clip(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
        problem = Problem(
            path, None, None, f"cannot read the file ({reason}).", fix="Check the path is a file."
        )
        raise error_type([problem]) from None
    if not regular:
        kind = "a folder" if stat.S_ISDIR(status.st_mode) else "a pipe or a device"
        message = f"this is {kind}, not a text file."
        problem = Problem(path, None, None, message, fix="Give the path of the file itself.")
        raise error_type([problem])
    if size > max_bytes or len(raw) > max_bytes:
        message = (
            f"the file is {max(size, len(raw)):,} bytes, over the limit of {max_bytes:,} bytes."
        )
        fix = "Check it is the right file; content and settings files are far smaller."
        # The whole file is the problem: point at its start, where an editor opens it.
        raise error_type([Problem(path, 1, 1, message, fix=fix)])
    return raw


def _decode(path: Path, raw: bytes, error_type: type[ExplorerError]) -> str:
    """``raw`` as UTF-8 text (a UTF-8 byte-order mark is dropped), or a located error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        message = (
            f"the file is not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot "
            f"{'start' if exc.reason == 'invalid start byte' else 'continue'} a character."
        )
        fix = "Save the file as UTF-8 text, or delete the stray byte."
        raise error_type([Problem(path, line, column, message, fix=fix)]) from None


def _text_problem(path: Path, text: str, offset: int, message: str, fix: str) -> Problem:
    """A problem at byte ``offset`` of ``text`` encoded as UTF-8, as a 1-based line and column."""
    before = text.encode("utf-8")[: max(0, offset)].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return Problem(path, line, column, message, fix=fix)
