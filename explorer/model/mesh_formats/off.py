"""OFF (Object File Format): a header, counts, then vertex lines and face lines.

``OFF`` (or ``COFF``, ``NOFF``, ``CNOFF`` with colours or normals after the
coordinates), then ``vertices faces [edges]``, then one ``x y z ...`` line
per vertex and one ``n i1 ... in [colour]`` line per face; ``#`` starts a
comment. The counts are checked against the limits and the file's size before
anything is read; polygons are split into triangle fans.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from explorer.model.errors import clip
from explorer.model.mesh_formats.common import (
    GrowingArray,
    Limits,
    MeshFormatError,
    fan,
    need_bytes,
)
from explorer.model.mesh_formats.text import (
    bad_line,
    data_lines,
    parse_floats,
    parse_ints,
    refuse_binary,
    windows,
)

_HEADERS = (b"OFF", b"COFF", b"NOFF", b"CNOFF")
_COUNTS = "the counts 'vertices faces edges', such as '8 12 0'"
_VERTEX = "three numbers x y z for a vertex"
_FACE = "a face: its corner count n, then n vertex numbers"


def read_off(data: bytes, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    """``(vertices (N, 3) float64, faces (M, 3) int64)`` of an OFF file's bytes."""
    refuse_binary(data, "OFF")
    lines = _data_lines(data)
    number, line = next(lines, (1, b""))
    tokens = line.split()
    if not tokens or tokens[0].upper() not in _HEADERS:
        raise MeshFormatError(f"line {number}: it does not start with 'OFF'")
    tokens = tokens[1:]
    if tokens[:1] == [b"BINARY"]:
        raise MeshFormatError("binary OFF is not supported; save it as text OFF")
    if not tokens:
        number, line = next(lines, (number, b""))
        tokens = line.split()
    if len(tokens) < 2:
        raise bad_line(number, line, _COUNTS)
    n_vertices, n_faces = parse_ints(tokens[:2], number, line, _COUNTS)
    # "0 0 0\n" is the shortest vertex line and "3 0 1 2\n" the shortest face.
    need_bytes(len(data), n_vertices, 6, "vertices", "are in the whole file")
    need_bytes(len(data), n_faces, 8, "faces", "are in the whole file")
    limits.check_triangles(n_faces, declared=True)
    limits.check_vertices(n_vertices, declared=True)
    vertices = np.empty((n_vertices, 3), dtype=np.float64)
    for index in range(n_vertices):
        number, line = _next(lines, f"{n_vertices:,} vertices", index)
        vertices[index] = parse_floats(line.split(), 3, number, line, _VERTEX)
    faces = GrowingArray(3, np.int64, n_faces, limits.max_triangles, limits.check_triangles)
    for index in range(n_faces):
        number, line = _next(lines, f"{n_faces:,} faces", index)
        faces.extend(_face(line, number))
    return vertices, faces.result()


def _data_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Every line holding data, with its number, window by window."""
    first_line = 1
    for _offset, chunk in windows(data):
        yield from data_lines(chunk, first_line)
        first_line += chunk.count(b"\n")


def _next(lines: Iterator[tuple[int, bytes]], declared: str, done: int) -> tuple[int, bytes]:
    try:
        return next(lines)
    except StopIteration:
        raise MeshFormatError(
            f"the header declares {declared}, but the file ends after {done:,}"
        ) from None


def _face(line: bytes, number: int) -> np.ndarray:
    tokens = line.split()
    count = parse_ints(tokens[:1], number, line, _FACE)[0]
    if count < 3 or len(tokens) < 1 + count:
        raise bad_line(number, line, _FACE)
    corners = parse_ints(tokens[1 : 1 + count], number, line, _FACE)
    if min(corners) < 0 or max(corners) > 2**62:
        raise MeshFormatError(
            f"line {number}: vertex {clip(min(corners) if min(corners) < 0 else max(corners), 20)} "
            "does not exist (OFF counts vertices from 0)"
        )
    return fan(corners)
