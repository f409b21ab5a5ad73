"""The header of a PLY file: its format and the elements with their properties.

The header is checked whole before any data is touched: every line must be
``format``, ``element``, ``property``, ``comment`` or ``obj_info``; the
``vertex`` element must have scalar ``x``, ``y`` and ``z`` and the ``face``
element one list of whole-number vertex indices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.model.errors import clip
from explorer.model.mesh_formats.common import MeshFormatError

#: PLY type names -> numpy type codes (without byte order).
SCALARS = {
    "char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1",
    "short": "i2", "int16": "i2", "ushort": "u2", "uint16": "u2",
    "int": "i4", "int32": "i4", "uint": "u4", "uint32": "u4",
    "float": "f4", "float32": "f4", "double": "f8", "float64": "f8",
}  # fmt: skip
FORMATS = {"ascii": None, "binary_little_endian": "<", "binary_big_endian": ">"}
HEADER_LIMIT = 64 * 1024
_INDEX_NAMES = ("vertex_indices", "vertex_index")


@dataclass
class Property:
    """A scalar property (``kind``) or a list (``count_kind`` then ``kind`` items)."""

    name: str
    kind: str
    count_kind: str | None = None

    @property
    def is_list(self) -> bool:
        return self.count_kind is not None


@dataclass
class Element:
    """An element of the body: ``count`` records of ``properties``."""

    name: str
    count: int
    properties: list[Property] = field(default_factory=list)

    def index(self, name: str) -> int:
        """The position of property ``name``."""
        return [prop.name for prop in self.properties].index(name)


@dataclass
class Header:
    """A parsed PLY header; ``size`` is its length in bytes, ``byte_order`` None for ASCII."""

    size: int
    byte_order: str | None
    elements: list[Element]

    def element(self, name: str) -> Element:
        """The element ``name`` (the header check guarantees vertex and face)."""
        return next(element for element in self.elements if element.name == name)


def parse_header(data: bytes) -> Header:
    """Read and check the header at the start of ``data``."""
    if not data.startswith((b"ply\n", b"ply\r\n")):
        raise MeshFormatError("it does not start with the line 'ply'")
    marker = data.find(b"end_header", 0, HEADER_LIMIT)
    newline = data.find(b"\n", marker) if marker >= 0 else -1
    if marker < 0 or newline < 0:
        raise MeshFormatError(f"no 'end_header' line in its first {HEADER_LIMIT // 1024} KiB")
    try:
        text = data[:newline].decode("ascii")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MeshFormatError(f"header line {line} is not plain ASCII text") from None
    lines = text.split("\n")
    byte_order, elements = None, []
    for number, line in enumerate(lines[1:-1], start=2):
        words = line.split()
        if not words or words[0] in ("comment", "obj_info"):
            continue
        if words[0] == "format" and number == 2:
            byte_order = _format(words, number, line)
        elif words[0] == "element" and len(words) == 3:
            elements.append(Element(words[1], _count(words[2], number, line)))
        elif words[0] == "property" and elements:
            elements[-1].properties.append(_property(words, number, line))
        else:
            raise _bad(number, line, "'element', 'property' or 'comment'")
    if len(lines) < 3 or not lines[1].startswith("format"):
        raise _bad(2, lines[1] if len(lines) > 1 else "", "'format ascii 1.0' or a binary format")
    if lines[-1].strip() != "end_header":
        raise _bad(len(lines), lines[-1], "'end_header'")
    _check_elements(elements)
    return Header(newline + 1, byte_order, elements)


def _format(words: list[str], number: int, line: str) -> str | None:
    if len(words) != 3 or words[1] not in FORMATS or words[2] != "1.0":
        raise _bad(number, line, "'format ascii 1.0', 'format binary_little_endian 1.0' or big")
    return FORMATS[words[1]]


def _count(word: str, number: int, line: str) -> int:
    if not word.isdigit() or len(word) > 18:
        raise _bad(number, line, "'element <name> <count>' with a whole count")
    return int(word)


def _property(words: list[str], number: int, line: str) -> Property:
    if len(words) == 3 and words[1] in SCALARS:
        return Property(words[2], SCALARS[words[1]])
    if len(words) == 5 and words[1] == "list" and words[2] in SCALARS and words[3] in SCALARS:
        if SCALARS[words[2]][0] == "f":
            raise _bad(number, line, "a whole-number type for the list's count")
        return Property(words[4], SCALARS[words[3]], SCALARS[words[2]])
    raise _bad(number, line, "'property <type> <name>' or 'property list <type> <type> <name>'")


def _check_elements(elements: list[Element]) -> None:
    names = [element.name for element in elements]
    for required in ("vertex", "face"):
        if names.count(required) != 1:
            raise MeshFormatError(f"its header needs exactly one '{required}' element")
    for element in elements:
        lists = [prop for prop in element.properties if prop.is_list]
        if element.name == "face":
            if len(lists) != 1 or lists[0].name not in _INDEX_NAMES or lists[0].kind[0] == "f":
                raise MeshFormatError(
                    "its 'face' element needs one list of whole numbers named vertex_indices"
                )
        elif lists:
            raise MeshFormatError(f"element '{clip(element.name)}' has a list property")
    vertex_names = [prop.name for prop in elements[names.index("vertex")].properties]
    if not {"x", "y", "z"} <= set(vertex_names):
        raise MeshFormatError("its 'vertex' element needs properties x, y and z")


def _bad(number: int, line: str, expected: str) -> MeshFormatError:
    return MeshFormatError(
        f"header line {number}: expected {expected}; found '{clip(line.strip())}'"
    )
