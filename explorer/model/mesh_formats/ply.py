"""PLY, ASCII or binary (either byte order), checked against its header before reading.

Every element's size is known from the header, or bounded below when it has
lists (a face has at least three corners), so a header that claims more than
the file holds fails before anything is allocated. Binary records are read as
numpy views of the file's bytes; faces that are all triangles (or all quads)
are read in one step, mixed polygons one by one. ASCII bodies are read as a
stream of numbers, one window at a time.
"""

from __future__ import annotations

import numpy as np

from explorer.model.mesh_formats.common import Limits, MeshFormatError, fan, need_bytes
from explorer.model.mesh_formats.ply_header import Element, Header, Property, parse_header
from explorer.model.mesh_formats.ply_tokens import Tokens


def read_ply(data: bytes, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    """``(vertices (N, 3) float64, faces (M, 3) int64)`` of a PLY file's bytes."""
    header = parse_header(data)
    vertex, face = header.element("vertex"), header.element("face")
    body = len(data) - header.size
    for element in header.elements:
        if header.byte_order is None:  # the shortest ASCII number and its separator: "0 "
            need_bytes(body, element.count, 2 * _least_numbers(element), _plural(element))
        else:
            need_bytes(body, element.count, _least_bytes(element), _plural(element))
    limits.check_triangles(face.count, declared=True)
    limits.check_vertices(vertex.count, declared=True)
    if header.byte_order is None:
        return _read_ascii(data, header)
    return _read_binary(data, header)


def _plural(element: Element) -> str:
    return {"vertex": "vertices", "face": "faces"}.get(element.name, f"'{element.name}' records")


def _least_numbers(element: Element) -> int:
    return sum(1 + 3 if prop.is_list else 1 for prop in element.properties)


def _least_bytes(element: Element) -> int:
    return sum(_size(prop, 3) for prop in element.properties)


def _size(prop: Property, corners: int) -> int:
    item = np.dtype(prop.kind).itemsize
    return np.dtype(prop.count_kind).itemsize + corners * item if prop.is_list else item


# --- binary ------------------------------------------------------------------------------


def _read_binary(data: bytes, header: Header) -> tuple[np.ndarray, np.ndarray]:
    order, offset = header.byte_order, header.size
    vertices = faces = None
    for element in header.elements:
        if element.name == "face":
            faces, offset = _binary_faces(data, offset, element, order)
            continue
        dtype = np.dtype([(f"p{i}", order + p.kind) for i, p in enumerate(element.properties)])
        _fits(data, offset, element.count * dtype.itemsize, element)
        if element.name == "vertex":
            records = np.frombuffer(data, dtype, element.count, offset)
            vertices = np.empty((element.count, 3), dtype=np.float64)
            for column, name in enumerate("xyz"):
                vertices[:, column] = records[f"p{element.index(name)}"]
        offset += element.count * dtype.itemsize
    if offset != len(data):
        raise MeshFormatError(
            f"{len(data) - offset:,} bytes follow the last element its header declares"
        )
    return vertices, faces


def _fits(data: bytes, offset: int, size: int, element: Element) -> None:
    if offset + size > len(data):
        raise MeshFormatError(
            f"its {_plural(element)} need {size:,} bytes from byte {offset:,}, "
            f"but the file ends at {len(data):,}"
        )


def _binary_faces(data: bytes, offset: int, element: Element, order: str) -> tuple[np.ndarray, int]:
    """Faces as triangles, and the offset after them."""
    if element.count == 0:
        return np.empty((0, 3), dtype=np.int64), offset
    lists = element.index(next(p.name for p in element.properties if p.is_list))
    before = sum(_size(p, 0) for p in element.properties[:lists])
    count_type = np.dtype(order + element.properties[lists].count_kind)
    _fits(data, offset, before + count_type.itemsize, element)
    corners = int(np.frombuffer(data, count_type, 1, offset + before)[0])
    if corners in (3, 4):
        dtype = _face_dtype(element, order, corners)
        if offset + element.count * dtype.itemsize <= len(data):
            records = np.frombuffer(data, dtype, element.count, offset)
            if (records["n"] == corners).all():
                polygons = records["corners"].astype(np.int64)
                if corners == 4:  # each quad (a, b, c, d) as (a, b, c) and (a, c, d)
                    polygons = polygons[:, [0, 1, 2, 0, 2, 3]].reshape(-1, 3)
                return polygons, offset + element.count * dtype.itemsize
    return _binary_polygons(data, offset, element, order)


def _face_dtype(element: Element, order: str, corners: int) -> np.dtype:
    fields = []
    for index, prop in enumerate(element.properties):
        if prop.is_list:
            fields += [("n", order + prop.count_kind), ("corners", order + prop.kind, corners)]
        else:
            fields.append((f"p{index}", order + prop.kind))
    return np.dtype(fields)


def _binary_polygons(
    data: bytes, offset: int, element: Element, order: str
) -> tuple[np.ndarray, int]:
    """Faces of varying corner counts, walked one by one (the count was checked first)."""
    triangles: list[np.ndarray] = []
    for index in range(element.count):
        for prop in element.properties:
            if not prop.is_list:
                offset += np.dtype(prop.kind).itemsize
                continue
            count_type, item_type = np.dtype(order + prop.count_kind), np.dtype(order + prop.kind)
            _fits(data, offset, count_type.itemsize, element)
            corners = int(np.frombuffer(data, count_type, 1, offset)[0])
            _check_corners(index, corners)
            offset += count_type.itemsize
            _fits(data, offset, corners * item_type.itemsize, element)
            polygon = np.frombuffer(data, item_type, corners, offset).tolist()
            offset += corners * item_type.itemsize
            triangles.append(fan(polygon))
    stacked = np.concatenate(triangles) if triangles else np.empty((0, 3), dtype=np.int64)
    return stacked, offset


def _check_corners(index: int, corners: int) -> None:
    if corners < 3:
        raise MeshFormatError(f"face {index} has {corners} corner(s); a face needs at least 3")


# --- ASCII -------------------------------------------------------------------------------


def _read_ascii(data: bytes, header: Header) -> tuple[np.ndarray, np.ndarray]:
    tokens = Tokens(data, header.size)
    vertices = faces = None
    for element in header.elements:
        if element.name == "face":
            faces = _ascii_faces(tokens, element)
            continue
        width = len(element.properties)
        if element.name == "vertex":
            columns = [element.index(name) for name in "xyz"]
            vertices = np.empty((element.count, 3), dtype=np.float64)
            for start, block in tokens.records(element.count, width):
                vertices[start : start + len(block)] = block[:, columns]
        else:
            for _start, _block in tokens.records(element.count, width):
                pass  # another element: its numbers are read and dropped
    tokens.expect_end()
    return vertices, faces


def _ascii_faces(tokens: Tokens, element: Element) -> np.ndarray:
    lists = element.index(next(p.name for p in element.properties if p.is_list))
    after = len(element.properties) - lists - 1
    runs = [triangles for _index, triangles in tokens.polygons(element.count, lists, after)]
    stacked = np.concatenate(runs) if runs else np.empty((0, 3))
    if not (np.isfinite(stacked).all() and np.array_equal(stacked, np.floor(stacked))):
        raise MeshFormatError("a face's vertex numbers are not all whole numbers")
    return stacked.astype(np.int64)
