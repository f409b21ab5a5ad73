"""A numpy reader for the one PLY layout the atlas ships: binary, vertices then triangles.

trimesh reads every format, but importing it costs about a second and
tens of MiB at every start-up (it pulls in much of scipy). The atlas build
writes binary little-endian PLY with float vertices and triangle lists, so
that layout is read here directly; anything else returns ``None`` and the
caller falls back to trimesh.
"""

from __future__ import annotations

import numpy as np

_SCALARS = {
    "char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1",
    "short": "i2", "int16": "i2", "ushort": "u2", "uint16": "u2",
    "int": "i4", "int32": "i4", "uint": "u4", "uint32": "u4",
    "float": "f4", "float32": "f4", "double": "f8", "float64": "f8",
}  # fmt: skip
_END = b"end_header\n"


def read_binary_ply(data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """``(vertices float64 (N, 3), faces int64 (M, 3))``, or None if the layout is another."""
    if not data.startswith(b"ply\n") or _END not in data[:65536]:
        return None
    header_end = data.index(_END) + len(_END)
    elements = _parse_header(data[:header_end].decode("ascii", "replace"))
    if elements is None or [name for name, *_ in elements] != ["vertex", "face"]:
        return None
    (_, n_vertices, vertex_props), (_, n_faces, face_props) = elements
    names = [name for name, _ in vertex_props]
    if names[:3] != ["x", "y", "z"] or any(kind is None for _, kind in vertex_props):
        return None
    vertex_dtype = np.dtype([(name, "<" + kind) for name, kind in vertex_props])
    if len(face_props) != 1 or face_props[0][1] is not None:
        return None
    count_kind, index_kind = face_props[0][0]
    face_dtype = np.dtype([("n", "<" + count_kind), ("i", "<" + index_kind, 3)])
    vertex_bytes, face_bytes = n_vertices * vertex_dtype.itemsize, n_faces * face_dtype.itemsize
    if len(data) != header_end + vertex_bytes + face_bytes:
        return None  # not all triangles (or trailing data): let trimesh handle it
    raw = np.frombuffer(data, vertex_dtype, n_vertices, header_end)
    faces = np.frombuffer(data, face_dtype, n_faces, header_end + vertex_bytes)
    if n_faces and not (faces["n"] == 3).all():
        return None
    vertices = np.column_stack([raw["x"], raw["y"], raw["z"]]).astype(np.float64)
    return vertices, faces["i"].astype(np.int64)


def _parse_header(text: str) -> list[tuple[str, int, list]] | None:
    lines = text.splitlines()
    if "format binary_little_endian 1.0" not in lines:
        return None
    elements: list[tuple[str, int, list]] = []
    for line in lines:
        words = line.split()
        if words[:1] == ["element"] and len(words) == 3:
            elements.append((words[1], int(words[2]), []))
        elif words[:1] == ["property"] and elements:
            if words[1] == "list" and len(words) == 5:
                kinds = (_SCALARS.get(words[2]), _SCALARS.get(words[3]))
                if None in kinds:
                    return None
                elements[-1][2].append((kinds, None))
            elif len(words) == 3 and words[1] in _SCALARS:
                elements[-1][2].append((words[2], _SCALARS[words[1]]))
            else:
                return None
    return elements
