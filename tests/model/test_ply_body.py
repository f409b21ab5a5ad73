"""PLY bodies: binary faces in one step or one by one, extra properties, both byte orders, ASCII.

Files are written here with numpy's structured arrays (the reader's own code
is not used to write them), so each test states the layout it reads.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.mesh_io import MeshFileError, parse_mesh

#: Five vertices: a square base and an apex (float32 holds these exactly).
POINTS = np.array([[0, 0, 0], [10, 0, 0], [10, 10, 0], [0, 10, 0], [5, 5, 8.5]], dtype=np.float32)
ORDERS = {"<": "binary_little_endian", ">": "binary_big_endian"}


def ply_header(order: str, vertex_props: list[str], faces: int, face_props: list[str]) -> bytes:
    lines = ["ply", f"format {ORDERS[order]} 1.0", f"element vertex {len(POINTS)}"]
    lines += [f"property {prop}" for prop in vertex_props]
    lines += [f"element face {faces}", *[f"property {prop}" for prop in face_props], "end_header"]
    return ("\n".join(lines) + "\n").encode()


def plain_vertices(order: str) -> bytes:
    return POINTS.astype(order + "f4").tobytes()


def polygon_records(order: str, polygons: list[list[int]], flags: bool = False) -> bytes:
    """Each face: [uchar flags], uchar count, int corners..., [float quality]."""
    out = b""
    for number, polygon in enumerate(polygons):
        if flags:
            out += np.array([7], dtype="u1").tobytes()
        out += np.array([len(polygon)], dtype="u1").tobytes()
        out += np.array(polygon, dtype=order + "i4").tobytes()
        if flags:
            out += np.array([number * 0.5], dtype=order + "f4").tobytes()
    return out


def read(data: bytes) -> tuple[list, list]:
    vertices, faces = parse_mesh(Path("m.ply"), data, max_triangles=100)
    return vertices.tolist(), faces.tolist()


def error_of(data: bytes) -> str:
    with pytest.raises(MeshFileError) as caught:
        parse_mesh(Path("m.ply"), data, max_triangles=100)
    return str(caught.value)


XYZ = ["float x", "float y", "float z"]
LIST = ["list uchar int vertex_indices"]
SIDES = [[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4]]


@pytest.mark.parametrize("order", ORDERS)
def test_triangles_in_either_byte_order(order):
    data = ply_header(order, XYZ, 4, LIST) + plain_vertices(order) + polygon_records(order, SIDES)
    vertices, faces = read(data)
    assert vertices == POINTS.tolist()
    assert faces == SIDES


@pytest.mark.parametrize("order", ORDERS)
def test_quads_are_split_into_two_triangles_each(order):
    quads = [[0, 1, 2, 3], [3, 2, 1, 0]]
    data = ply_header(order, XYZ, 2, LIST) + plain_vertices(order) + polygon_records(order, quads)
    assert read(data)[1] == [[0, 1, 2], [0, 2, 3], [3, 2, 1], [3, 1, 0]]


@pytest.mark.parametrize("order", ORDERS)
def test_mixed_polygons_are_walked_one_by_one(order):
    polygons = [[0, 1, 4], [0, 3, 2, 1], [1, 2, 4, 3, 0]]
    data = (
        ply_header(order, XYZ, 3, LIST) + plain_vertices(order) + polygon_records(order, polygons)
    )
    assert read(data)[1] == [[0, 1, 4], [0, 3, 2], [0, 2, 1], [1, 2, 4], [1, 4, 3], [1, 3, 0]]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("polygons", [SIDES, [[0, 1, 2, 3]], [[0, 1, 4], [0, 3, 2, 1]]])
def test_scalar_properties_around_the_list_are_skipped(order, polygons):
    face_props = ["uchar flags", *LIST, "float quality"]
    body = plain_vertices(order) + polygon_records(order, polygons, flags=True)
    data = ply_header(order, XYZ, len(polygons), face_props) + body
    expected = [
        [polygon[0], polygon[i], polygon[i + 1]]
        for polygon in polygons
        for i in range(1, len(polygon) - 1)
    ]
    assert read(data)[1] == expected


@pytest.mark.parametrize("order", ORDERS)
def test_vertex_properties_in_any_order_and_precision(order):
    records = np.zeros(
        len(POINTS), dtype=[("z", order + "f8"), ("s", order + "i2"), ("x", order + "f4"),
                            ("y", order + "f8")],
    )  # fmt: skip
    records["x"], records["y"], records["z"] = POINTS[:, 0], POINTS[:, 1], POINTS[:, 2]
    header = ply_header(order, ["double z", "short s", "float x", "double y"], 4, LIST)
    vertices, faces = read(header + records.tobytes() + polygon_records(order, SIDES))
    assert vertices == POINTS.tolist()
    assert faces == SIDES


def test_a_face_of_two_corners_is_named():
    polygons = [[0, 1, 4], [0, 1]]
    data = ply_header("<", XYZ, 2, LIST) + plain_vertices("<") + polygon_records("<", polygons)
    assert error_of(data) == (
        "mesh file m.ply could not be read (face 1 has 2 corner(s); a face needs at least 3)."
    )


def test_faces_cut_short_name_the_bytes_they_need():
    body = plain_vertices("<") + polygon_records("<", [[0, 1, 4], [0, 3, 2, 1]])
    header = ply_header("<", XYZ, 2, LIST)
    data = header + body[:-6]
    ends_at = len(data)
    corners_start = len(header) + len(plain_vertices("<")) + 13 + 1
    assert error_of(data) == (
        f"mesh file m.ply could not be read (its faces need 16 bytes from byte "
        f"{corners_start:,}, but the file ends at {ends_at:,})."
    )


def test_bytes_after_the_last_element_are_refused():
    data = ply_header("<", XYZ, 4, LIST) + plain_vertices("<") + polygon_records("<", SIDES)
    assert error_of(data + b"\x00" * 5) == (
        "mesh file m.ply could not be read (5 bytes follow the last element its header declares)."
    )


def ascii_ply(vertex_lines: list[str], face_lines: list[str], extra: str = "") -> bytes:
    header = [
        "ply",
        "format ascii 1.0",
        f"element vertex {len(vertex_lines)}",
        "property float x",
        "property float y",
        "property float z",
        f"element face {len(face_lines)}",
        "property list uchar int vertex_indices",
    ]
    if extra:
        header += ["element note 1", "property int value"]
    lines = [*header, "end_header", *vertex_lines, *face_lines]
    if extra:
        lines.append(extra)
    return ("\n".join(lines) + "\n").encode()


ASCII_VERTICES = [" ".join(f"{v:g}" for v in point) for point in POINTS]


def test_ascii_mixed_polygons_and_a_skipped_element():
    data = ascii_ply(ASCII_VERTICES, ["3 0 1 4", "4 0 3 2 1"], extra="42")
    vertices, faces = read(data)
    assert vertices == POINTS.tolist()
    assert faces == [[0, 1, 4], [0, 3, 2], [0, 2, 1]]


def test_ascii_vertex_numbers_must_be_whole():
    data = ascii_ply(ASCII_VERTICES, ["3 0 1.5 4"])
    assert error_of(data) == (
        "mesh file m.ply could not be read (a face's vertex numbers are not all whole numbers)."
    )
