"""Wavefront OBJ: ``v x y z`` vertices and ``f a b c ...`` faces, read in windows.

Vertices keep their file order (nothing is merged or dropped), so landmarks
and per-vertex data authored against the file stay valid. Faces may give
``a``, ``a/t``, ``a//n`` or ``a/t/n`` per corner and negative (relative)
indices; polygons are split into triangle fans. The other statements of the
format (``vt``, ``vn``, ``o``, ``g``, ``usemtl``...) are skipped, since only
the shape matters; a line that is no OBJ statement at all is an error.
"""

from __future__ import annotations

import re

import numpy as np

from explorer.model.errors import clip
from explorer.model.mesh_formats.common import GrowingArray, Limits, MeshFormatError, fan
from explorer.model.mesh_formats.text import (
    bad_line,
    data_lines,
    numbers,
    parse_floats,
    refuse_binary,
    windows,
)

#: Every statement of the OBJ specification; all but ``v`` and ``f`` are skipped.
_KNOWN = frozenset(
    b"v vt vn vp f l p o g s mg usemtl mtllib cstype deg bmat step curv curv2 surf parm "
    b"trim hole scrv sp end con bevel c_interp d_interp lod shadow_obj trace_obj ctech "
    b"stech maplib usemap call csh".split()
)
_VERTEX = "three numbers after 'v'"
#: Above any vertex count the limits allow, and small enough for an int64.
_MAX_INDEX = 2**62
#: What numpy reads for a whole number beyond 64 bits.
_SATURATED = np.iinfo(np.int64).max
_FACE = "three or more vertex numbers after 'f', such as 'f 1 2 3'"
#: The first word of every line that is neither blank nor a comment.
_HEAD = re.compile(rb"^[ \t]*([^#\s]\S*)", re.MULTILINE)
#: What follows ``v`` (or ``f``) on its lines; ``vt``, ``vn`` and ``fo`` lines do not match.
_VERTEX_TEXT = re.compile(rb"^[ \t]*v(?![^ \t\r\n])([^\n]*)", re.MULTILINE)
_FACE_TEXT = re.compile(rb"^[ \t]*f(?![^ \t\r\n])([^\n]*)", re.MULTILINE)


def read_obj(data: bytes, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    """``(vertices (N, 3) float64, faces (M, 3) int64)`` of an OBJ file's bytes."""
    refuse_binary(data, "OBJ")
    estimate_vertices = data.count(b"\nv ") + data.startswith(b"v ")
    limits.check_vertices(estimate_vertices)
    estimate_faces = data.count(b"\nf ") + data.startswith(b"f ")
    limits.check_triangles(estimate_faces)
    vertices = GrowingArray(
        3, np.float64, estimate_vertices, limits.max_vertices, limits.check_vertices
    )
    faces = GrowingArray(3, np.int64, estimate_faces, limits.max_triangles, limits.check_triangles)
    first_line = 1
    for _offset, chunk in windows(data):
        _read_window(chunk, first_line, vertices, faces)
        first_line += chunk.count(b"\n")
    vertices, faces = vertices.result(), faces.result()
    # A face may name a vertex defined later in the file, so this is checked at the end;
    # said here in OBJ's own numbering (from 1), which the generic check cannot know.
    if len(faces) and faces.max() >= len(vertices):
        raise MeshFormatError(
            f"a face refers to vertex {int(faces.max()) + 1:,}, but the file defines "
            f"{len(vertices):,} (OBJ counts from 1)"
        )
    return vertices, faces


def _read_window(
    chunk: bytes, first_line: int, vertices: GrowingArray, faces: GrowingArray
) -> None:
    """Add the vertices and faces of one window; numpy for regular lines, else line by line.

    Lines are picked out by regular expressions, not split one by one in
    Python: a file of millions of blank or comment lines (or ``vt`` lines)
    then costs a scan, not a minute.
    """
    heads = set(_HEAD.findall(chunk))
    # A bare "v" or "f" line has no numbers after it, which then fails to parse.
    vertex_text = _VERTEX_TEXT.findall(chunk)
    face_text = _FACE_TEXT.findall(chunk)
    vertex_block = numbers(b" ".join(vertex_text)) if vertex_text else np.empty(0)
    faces_joined = b" ".join(face_text)
    plain_faces = b"/" not in faces_joined and b"#" not in faces_joined
    face_block = numbers(faces_joined, np.int64) if face_text and plain_faces else None
    regular = (
        heads <= _KNOWN
        and vertex_block is not None
        and len(vertex_block) == 3 * len(vertex_text)
        and (not face_text or (face_block is not None and len(face_block) == 3 * len(face_text)))
        # Negative (relative) indices depend on where the face sits among the vertices,
        # and numpy saturates an index beyond 64 bits: the slow path quotes it as written.
        and (face_block is None or bool(((face_block > 0) & (face_block < _SATURATED)).all()))
        # The totals alone could hide a short line beside a long one.
        and all(len(text.split()) == 3 for text in vertex_text)
        and all(len(text.split()) == 3 for text in face_text)
    )
    if not regular:
        _read_lines(chunk, first_line, vertices, faces)
        return
    vertices.extend(vertex_block.reshape(-1, 3))
    if face_text:
        faces.extend(face_block.reshape(-1, 3) - 1)


def _read_lines(chunk: bytes, first_line: int, vertices: GrowingArray, faces: GrowingArray) -> None:
    """The slow path: one statement at a time, with the line of any error."""
    for number, line in data_lines(chunk, first_line):
        tokens = line.split()
        keyword = tokens[0]
        if keyword == b"v":
            vertices.extend(np.array([parse_floats(tokens[1:], 3, number, line, _VERTEX)]))
        elif keyword == b"f":
            corners = [_corner(token, len(vertices), number, line) for token in tokens[1:]]
            if len(corners) < 3:
                raise bad_line(number, line, _FACE)
            faces.extend(fan(corners))
        elif keyword not in _KNOWN:
            shown = clip(keyword.decode("utf-8", "replace"))
            raise MeshFormatError(
                f"line {number}: unknown statement '{shown}'; OBJ lines start with "
                "v, vt, vn, f, o, g, s, usemtl, mtllib or #"
            )


def _corner(token: bytes, count: int, number: int, line: bytes) -> int:
    """One face corner (``a``, ``a/t``, ``a//n``, ``a/t/n``) as a 0-based vertex index."""
    try:
        index = int(token.split(b"/", 1)[0])
    except ValueError:
        raise bad_line(number, line, _FACE) from None
    if index == 0 or index < -count or index > _MAX_INDEX:
        raise MeshFormatError(
            f"line {number}: vertex {clip(index, 20)} does not exist ({count:,} defined so far; "
            "OBJ counts from 1, or back from -1)"
        )
    return index - 1 if index > 0 else count + index
