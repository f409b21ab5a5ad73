"""The numpy PLY reader: trimesh's arrays, every layout, and exact errors for bad headers."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest
import trimesh

from explorer.model.mesh_formats import Limits, MeshFormatError
from explorer.model.mesh_formats.ply import read_ply

ATLAS = Path(__file__).resolve().parents[1] / "data" / "tiny_atlas"
LIMITS = Limits(max_triangles=100_000)
HEADER = (
    "ply\nformat {format} 1.0\nelement vertex {vertices}\nproperty float x\nproperty float y\n"
    "property float z\nelement face {faces}\nproperty list uchar int vertex_indices\nend_header\n"
)
SQUARE = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], dtype=np.float32)


def header(format: str = "binary_little_endian", vertices: int = 4, faces: int = 2) -> bytes:
    return HEADER.format(format=format, vertices=vertices, faces=faces).encode()


def failure(data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(MeshFormatError) as caught:
        read_ply(data, limits)
    return caught.value.reason


@pytest.mark.parametrize("name", ["skin.ply", "skull.ply", "demo_muscle_left.ply"])
def test_same_arrays_as_trimesh(name):
    data = (ATLAS / name).read_bytes()
    vertices, faces = read_ply(data, LIMITS)
    reference = trimesh.load(io.BytesIO(data), file_type="ply", force="mesh", process=False)
    np.testing.assert_array_equal(vertices, np.asarray(reference.vertices, dtype=np.float64))
    np.testing.assert_array_equal(faces, np.asarray(reference.faces, dtype=np.int64))
    assert vertices.dtype == np.float64 and faces.dtype == np.int64


@pytest.mark.parametrize("encoding", ["ascii", "binary"])
def test_trimesh_exports_read_back_exactly(encoding):
    mesh = trimesh.creation.icosphere(subdivisions=2)
    data = trimesh.exchange.ply.export_ply(mesh, encoding=encoding)
    vertices, faces = read_ply(data, LIMITS)
    np.testing.assert_allclose(vertices, mesh.vertices, atol=1e-6)
    np.testing.assert_array_equal(faces, mesh.faces)


def test_big_endian_doubles_and_mixed_polygons_become_fans():
    data = (
        header("binary_big_endian")
        .replace(b"float", b"double")
        .replace(b"int vertex", b"uint vertex")
        + SQUARE.astype(">f8").tobytes()
        + struct.pack(">B4I", 4, 0, 1, 2, 3)
        + struct.pack(">B3I", 3, 0, 2, 3)
    )
    vertices, faces = read_ply(data, LIMITS)
    np.testing.assert_array_equal(vertices, SQUARE)
    assert faces.tolist() == [[0, 1, 2], [0, 2, 3], [0, 2, 3]]


def test_ascii_quads_and_extra_properties():
    data = (
        b"ply\nformat ascii 1.0\ncomment made by hand\nelement vertex 4\nproperty float x\n"
        b"property float y\nproperty float z\nproperty uchar red\nelement face 1\n"
        b"property list uchar int vertex_indices\nend_header\n"
        b"0 0 0 255\n1 0 0 255\n1 1 0 255\n0 1 0 255\n4 0 1 2 3\n"
    )
    vertices, faces = read_ply(data, LIMITS)
    np.testing.assert_array_equal(vertices, SQUARE)
    assert faces.tolist() == [[0, 1, 2], [0, 2, 3]]


def test_a_header_claiming_two_billion_vertices_in_1_kb_fails_before_allocating():
    data = header(vertices=2**31) + bytes(1024)
    assert failure(data) == (
        "it declares 2,147,483,648 vertices of at least 12 byte(s) each, but only 1,024 "
        "bytes follow"
    )


def test_counts_over_the_limits_are_refused_from_the_header():
    data = header(vertices=4, faces=2) + SQUARE.tobytes() + struct.pack("<B3i", 3, 0, 1, 2) * 2
    assert failure(data, Limits(max_triangles=1)) == (
        "it declares 2 faces, over the limit of 1 triangles"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00" * 4096, "it does not start with the line 'ply'"),
        (
            b"ply\nformat ascii 1.0\n" + b"comment x\n" * 8000,
            "no 'end_header' line in its first 64 KiB",
        ),
        (
            b"ply\nformat ascii 2.0\nend_header\n",
            "header line 2: expected 'format ascii 1.0', 'format binary_little_endian 1.0' or "
            "big; found 'format ascii 2.0'",
        ),
        (
            b"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nend_header\n",
            "its header needs exactly one 'face' element",
        ),
        (
            header().replace(b"property float z\n", b"property float w\n"),
            "its 'vertex' element needs properties x, y and z",
        ),
        (
            header().replace(b"end_header", b"end_hedaer\nend_header"),
            "header line 9: expected 'element', 'property' or 'comment'; found 'end_hedaer'",
        ),
    ],
    ids=["zeros", "no-end", "format", "no-face", "no-z", "typo"],
)
def test_bad_headers_say_what_is_wrong(data, reason):
    assert failure(data) == reason


def test_truncated_and_padded_bodies_are_refused():
    body = SQUARE.tobytes() + struct.pack("<B3i", 3, 0, 1, 2) + struct.pack("<B3i", 3, 0, 2, 3)
    # 169 header bytes, 48 of vertices, then the second face is cut short.
    assert failure(header() + body[:-5]) == (
        "its faces need 12 bytes from byte 231, but the file ends at 238"
    )
    assert failure(header() + body + b"\x00\x00") == (
        "2 bytes follow the last element its header declares"
    )


def test_faces_with_fewer_than_three_corners_are_refused():
    body = SQUARE.tobytes() + struct.pack("<B2i", 2, 0, 1) + struct.pack("<B3i", 3, 0, 2, 3)
    assert failure(header() + body) == "face 0 has 2 corner(s); a face needs at least 3"
