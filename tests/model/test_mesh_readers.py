"""Mesh readers on hostile bytes: lying headers fail before allocating, text errors name a line."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import trimesh

from explorer.model.mesh_formats import Limits, MeshFormatError, read_mesh

LIMITS = Limits(max_triangles=1000)
BOX = trimesh.creation.box(extents=(20, 20, 20))


def reason(suffix: str, data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(MeshFormatError) as caught:
        read_mesh(suffix, data, limits)
    return caught.value.reason


def exported(kind: str) -> bytes:
    data = BOX.export(file_type=kind)
    return data.encode() if isinstance(data, str) else data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"v 0 0 0\nv 1 0 0\nv 0 1\nf 1 2 3\n",
            "line 3: expected three numbers after 'v'; found 'v 0 1'",
        ),
        (
            b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2\n",
            "line 4: expected three or more vertex numbers after 'f', such as 'f 1 2 3'; "
            "found 'f 1 2'",
        ),
        (
            b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 0\n",
            "line 4: vertex 0 does not exist (3 defined so far; OBJ counts from 1, or back "
            "from -1)",
        ),
        (
            b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf -1 -2 -4\n",
            "line 4: vertex -4 does not exist (3 defined so far; OBJ counts from 1, or back "
            "from -1)",
        ),
        (
            b"v 0 0 0\nwhat is this\n",
            "line 2: unknown statement 'what'; OBJ lines start with v, vt, vn, f, o, g, s, "
            "usemtl, mtllib or #",
        ),
        (b"v 0 0 0\n\x00\x00", "byte 8 (line 2) is a NUL byte: this is not a text OBJ file"),
        (
            b"v 0 0 0\n" * 3001,
            "it has more than 3,000 vertices, over the limit of 3,000 (three per triangle of the "
            "1,000 allowed)",
        ),
    ],
    ids=[
        "short-vertex",
        "short-face",
        "index-zero",
        "relative-too-far",
        "junk-line",
        "nul",
        "too-many",
    ],
)
def test_obj_errors_name_their_line(data, expected):
    assert reason(".obj", data) == expected


def test_obj_relative_indices_polygons_and_comments_read_as_triangles():
    data = b"# square\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf -4/1 -3/2 -2/3 -1/4 # quad\n"
    vertices, faces = read_mesh(".obj", data, LIMITS)
    assert len(vertices) == 4 and faces.tolist() == [[0, 1, 2], [0, 2, 3]]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (bytes(84), None),  # a header for no triangles: read, then refused for having none
        (
            bytes(1000),
            "it is neither binary STL, whose header here promises 0 triangles (84 bytes) while "
            "the file has 1,000 bytes, nor ASCII STL, which starts with 'solid'",
        ),
        (
            exported("stl")[:80] + struct.pack("<I", 2**31) + exported("stl")[84:],
            "it is neither binary STL, whose header here promises 2,147,483,648 triangles "
            "(107,374,182,484 bytes) while the file has 684 bytes, nor ASCII STL, which starts "
            "with 'solid'",
        ),
        (
            b"solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\n"
            b"endfacet\nendsolid x\n",
            "line 2: expected a 'facet normal ... endfacet' block with three 'vertex x y z' "
            "lines; found 'facet normal 0 0 1'",
        ),
        (
            exported("stl_ascii").rsplit(b"endsolid", 1)[0],
            "it does not end with 'endsolid'; the file may be cut short",
        ),
    ],
    ids=["empty-binary", "zeros", "count-lie", "two-corners", "cut-short"],
)
def test_stl_tells_binary_from_ascii_and_checks_both(data, expected):
    if expected is None:
        _vertices, faces = read_mesh(".stl", data, LIMITS)
        assert faces.shape == (0, 3)
    else:
        assert reason(".stl", data) == expected


def test_stl_triangles_over_the_limit_are_refused_from_the_header():
    assert reason(".stl", exported("stl"), Limits(max_triangles=11)) == (
        "it declares 12 faces, over the limit of 11 triangles"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"OF\n3 1 0\n", "line 1: it does not start with 'OFF'"),
        (
            b"OFF\n2000000000 1 0\n0 0 0\n",
            "it declares 2,000,000,000 vertices of at least 6 byte(s) each, but only 25 bytes "
            "are in the whole file",
        ),
        (
            b"OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n",
            "the header declares 1 faces, but the file ends after 0",
        ),
        (
            b"OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 -2\n",
            "line 6: vertex -2 does not exist (OFF counts vertices from 0)",
        ),
        (
            b"OFF\n3 1\n0 0 0\n1 x 0\n0 1 0\n3 0 1 2\n",
            "line 4: expected three numbers x y z for a vertex; found '1 x 0'",
        ),
    ],
    ids=["header", "count-lie", "cut-short", "negative", "bad-number"],
)
def test_off_errors(data, expected):
    assert reason(".off", data) == expected


def _glb_with(edit) -> bytes:
    data = exported("glb")
    length = struct.unpack_from("<I", data, 12)[0]
    gltf = json.loads(data[20 : 20 + length])
    binary = data[20 + length + 8 :]
    edit(gltf)
    text = json.dumps(gltf).encode()
    text += b" " * (-len(text) % 4)
    body = struct.pack("<I4s", len(text), b"JSON") + text
    body += struct.pack("<I4s", len(binary), b"BIN\x00") + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(body)) + body


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda gltf: gltf["accessors"][0].update(count=2**31),
            "an accessor of 2,147,483,648 items needs bytes up to",
        ),
        (
            lambda gltf: gltf.update(extensionsRequired=["KHR_draco_mesh_compression"]),
            "it needs the extension KHR_draco_mesh_compression, which is not supported",
        ),
        (
            lambda gltf: gltf["nodes"][0].update(children=[0]),
            "its node 0 is reached twice; nodes must form a tree",
        ),
        (
            lambda gltf: gltf["buffers"][0].update(uri="../../secret.bin"),
            "its buffers[0] points to another file; a .glb must hold its data",
        ),
    ],
    ids=["count-lie", "draco", "node-cycle", "outside-buffer"],
)
def test_glb_json_is_checked_against_the_binary_chunk(edit, expected):
    assert reason(".glb", _glb_with(edit)).startswith(expected)


def test_glb_header_length_must_match_the_file():
    data = exported("glb")
    assert reason(".glb", data + b"\x00" * 4) == (
        f"its header says {len(data):,} bytes, but the file has {len(data) + 4:,}"
    )


def test_all_formats_read_the_same_box():
    reference = np.sort(BOX.vertices[BOX.faces].reshape(-1, 3), axis=0)
    for kind, suffix in [
        ("ply", ".ply"),
        ("obj", ".obj"),
        ("off", ".off"),
        ("glb", ".glb"),
        ("stl", ".stl"),
    ]:
        vertices, faces = read_mesh(suffix, exported(kind), LIMITS)
        np.testing.assert_allclose(np.sort(vertices[faces].reshape(-1, 3), axis=0), reference)
