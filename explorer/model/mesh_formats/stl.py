"""STL, binary or ASCII: a list of triangles, each with its own three corners.

Binary STL is an 80-byte header, a triangle count and 50 bytes per triangle;
the count must match the file's size exactly, which is also how binary is
told from ASCII (a binary header may itself begin with ``solid``). ASCII STL
is ``solid name``, then ``facet normal .. outer loop, vertex x3, endloop,
endfacet`` blocks, then ``endsolid``; every block is checked whole.

As in the file, every triangle gets its own three vertices (none are merged).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

from explorer.model.mesh_formats.common import GrowingArray, Limits, MeshFormatError
from explorer.model.mesh_formats.text import WINDOW_BYTES, bad_line, numbers, refuse_binary

_HEADER = 84
_RECORD = np.dtype([("normal", "<f4", 3), ("corners", "<f4", (3, 3)), ("attributes", "<u2")])
_NUMBER = rb"(\S+)"
_FACET = re.compile(
    rb"[ \t\r\n]*facet[ \t]+normal[ \t]+" + rb"[ \t]+".join([_NUMBER] * 3)
    + rb"\s+outer[ \t]+loop"
    + rb"".join([rb"\s+vertex[ \t]+" + rb"[ \t]+".join([_NUMBER] * 3)] * 3)
    + rb"\s+endloop\s+endfacet[ \t\r]*(?:\n|$)"
)  # fmt: skip
_BETWEEN = re.compile(rb"(?:[ \t\r]*(?:(?:end)?solid\b[^\n]*)?(?:\n|$))*")
_FACET_TEXT = "a 'facet normal ... endfacet' block with three 'vertex x y z' lines"


def read_stl(data: bytes, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    """``(vertices (3M, 3) float64, faces (M, 3) int64)`` of an STL file's bytes."""
    if len(data) >= _HEADER:
        count = int.from_bytes(data[80:84], "little")
        if _HEADER + _RECORD.itemsize * count == len(data):
            return _binary(data, count, limits)
    if re.match(rb"\s*solid\b", data[:1024], re.IGNORECASE):
        refuse_binary(data, "ASCII STL")
        return _ascii(data, limits)
    if len(data) < _HEADER:
        raise MeshFormatError(
            f"it has {len(data)} bytes: too short for binary STL (an {_HEADER}-byte header), "
            "and it does not start with 'solid' as ASCII STL does"
        )
    raise MeshFormatError(
        f"it is neither binary STL, whose header here promises {count:,} triangles "
        f"({_HEADER + _RECORD.itemsize * count:,} bytes) while the file has {len(data):,} bytes, "
        "nor ASCII STL, which starts with 'solid'"
    )


def _binary(data: bytes, count: int, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    limits.check_triangles(count, declared=True)
    records = np.frombuffer(data, _RECORD, count, _HEADER)
    # Converted straight into the result: reshaping the strided field first would copy it.
    vertices = np.empty((3 * count, 3), dtype=np.float64)
    vertices.reshape(count, 9)[:] = records["corners"].reshape(count, 9)
    return vertices, np.arange(3 * count, dtype=np.int64).reshape(-1, 3)


def _ascii(data: bytes, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    estimate = data.count(b"endfacet")
    limits.check_triangles(estimate)
    corners = GrowingArray(9, np.float64, estimate, limits.max_triangles, limits.check_triangles)
    first_line = 1
    for chunk in _windows(data):
        corners.extend(_facets(chunk, first_line))
        first_line += chunk.count(b"\n")
    end = _content_end(data)
    if not re.search(rb"endsolid\b[^\n]*\s*$", data[max(0, end - 4096) : end], re.IGNORECASE):
        raise MeshFormatError("it does not end with 'endsolid'; the file may be cut short")
    vertices = corners.result().reshape(-1, 3)
    return vertices, np.arange(len(vertices), dtype=np.int64).reshape(-1, 3)


def _content_end(data: bytes) -> int:
    """Where ``data`` ends once trailing blank space is left off (found from the end)."""
    end = len(data)
    while end > 0:
        # A slice at a time: stripping the whole file would copy it.
        start = max(0, end - 65536)
        kept = len(data[start:end].rstrip())
        if kept:
            return start + kept
        end = start
    return 0


def _windows(data: bytes) -> Iterator[bytes]:
    """Lower-case chunks of ``data`` that each end just after an ``endfacet`` line."""
    position = 0
    while position < len(data):
        chunk = data[position : position + WINDOW_BYTES].lower()
        if position + len(chunk) < len(data):
            cut = chunk.rfind(b"endfacet")
            if cut < 0:
                line = data.count(b"\n", 0, position) + 1
                raise MeshFormatError(
                    f"line {line}: no 'endfacet' in the next {len(chunk):,} bytes"
                )
            newline = chunk.find(b"\n", cut)
            chunk = chunk[: newline + 1 if newline >= 0 else cut + len(b"endfacet")]
        yield chunk
        position += len(chunk)


def _facets(chunk: bytes, first_line: int) -> np.ndarray:
    """The nine corner coordinates of every facet of ``chunk``, which must hold only facets."""
    texts, starts, position = [], [], 0
    for match in _FACET.finditer(chunk):
        if match.start() != position:
            _check_between(chunk, position, match.start(), first_line)
        texts.append(b" ".join(match.groups()))
        # The match takes in the blank lines before the facet: name the line "facet" is on.
        starts.append(chunk.find(b"facet", match.start()))
        position = match.end()
    _check_between(chunk, position, len(chunk), first_line)
    values = numbers(b" ".join(texts))
    if values is None or len(values) != 12 * len(texts):
        bad = next(index for index, text in enumerate(texts) if numbers(text) is None)
        line = first_line + chunk.count(b"\n", 0, starts[bad])
        raise bad_line(line, _line_at(chunk, starts[bad]), _FACET_TEXT)
    return values.reshape(-1, 12)[:, 3:]


def _check_between(chunk: bytes, start: int, end: int, first_line: int) -> None:
    """Between facets only blank lines and ``solid`` / ``endsolid`` lines may appear."""
    gap = _BETWEEN.match(chunk, start, end)
    if gap.end() != end:
        offset = gap.end()
        raise bad_line(
            first_line + chunk.count(b"\n", 0, offset), _line_at(chunk, offset), _FACET_TEXT
        )


def _line_at(chunk: bytes, offset: int) -> bytes:
    start = chunk.rfind(b"\n", 0, offset) + 1
    end = chunk.find(b"\n", offset)
    return chunk[start : end if end >= 0 else len(chunk)]
