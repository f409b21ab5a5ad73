"""The GLB reader places meshes by the node tree, and names exactly what is wrong in a bad file.

The files are built here byte by byte from a JSON description, so each test
states the one thing it changes. Expected positions come from scipy's
rotation code, not from the reader's own quaternion formula.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from explorer.model.mesh_io import MeshFileError, parse_mesh

#: One triangle, not in any symmetric position, so every axis and sign shows.
TRIANGLE = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]], dtype=np.float32)
INDICES = np.array([0, 1, 2], dtype=np.uint16)


def glb(document: dict, binary: bytes | None = None) -> bytes:
    """A binary glTF file holding ``document`` and ``binary``, each padded to 4 bytes."""
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    body = struct.pack("<I4s", len(text), b"JSON") + text
    if binary is not None:
        binary += b"\0" * (-len(binary) % 4)
        body += struct.pack("<I4s", len(binary), b"BIN\x00") + binary
    return b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body


def triangle_document(**changes) -> tuple[dict, bytes]:
    """A one-triangle glTF document and its binary chunk; ``changes`` replace top-level keys."""
    positions, indices = TRIANGLE.tobytes(), INDICES.tobytes()
    document = {
        "asset": {"version": "2.0"},
        "buffers": [{"byteLength": len(positions) + 8}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": len(positions)},
            {"buffer": 0, "byteOffset": len(positions), "byteLength": len(indices)},
        ],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3"},
            {"bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR"},
        ],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
    }
    document.update(changes)
    return document, positions + indices + b"\0\0"


def read(document: dict, binary: bytes) -> tuple[np.ndarray, np.ndarray]:
    return parse_mesh(Path("part.glb"), glb(document, binary), max_triangles=100)


def error_of(document: dict, binary: bytes | None) -> str:
    with pytest.raises(MeshFileError) as caught:
        parse_mesh(Path("part.glb"), glb(document, binary), max_triangles=100)
    return str(caught.value)


def scene(*nodes: dict, roots: list[int] | None = None) -> dict:
    return {"scenes": [{"nodes": roots if roots is not None else [0]}], "nodes": list(nodes)}


def test_without_a_scene_each_mesh_is_read_once_where_it_stands():
    vertices, faces = read(*triangle_document())
    np.testing.assert_array_equal(vertices, TRIANGLE)
    assert faces.tolist() == [[0, 1, 2]]


def test_translation_rotation_and_scale_apply_in_the_order_t_r_s():
    quaternion = [0.2, -0.4, 0.6, 0.66]  # not unit length: the reader normalises it
    node = {"mesh": 0, "translation": [10, -20, 30], "rotation": quaternion, "scale": [2, 3, 4]}
    vertices, _ = read(*triangle_document(**scene(node)))
    expected = Rotation.from_quat(quaternion).apply(TRIANGLE * [2, 3, 4]) + [10, -20, 30]
    np.testing.assert_allclose(vertices, expected, atol=1e-9)


def test_a_childs_transform_is_applied_after_its_parents():
    half = 0.5**0.5  # a quarter turn about z
    parent = {"translation": [100, 0, 0], "rotation": [0, 0, half, half], "children": [1]}
    child = {"mesh": 0, "translation": [0, 5, 0]}
    vertices, _ = read(*triangle_document(**scene(parent, child)))
    quarter_turn = Rotation.from_euler("z", 90, degrees=True)
    expected = quarter_turn.apply(TRIANGLE + [0, 5, 0]) + [100, 0, 0]
    np.testing.assert_allclose(vertices, expected, atol=1e-9)


def test_a_matrix_is_read_column_major():
    # glTF lists the columns one after another: the translation is the last four numbers.
    matrix = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 7, 8, 9, 1]  # fmt: skip
    vertices, _ = read(*triangle_document(**scene({"mesh": 0, "matrix": matrix})))
    np.testing.assert_allclose(vertices, TRIANGLE + [7, 8, 9])


def test_a_mirroring_scale_flips_the_winding_so_the_mesh_stays_outward():
    vertices, faces = read(*triangle_document(**scene({"mesh": 0, "scale": [-1, 1, 1]})))
    np.testing.assert_allclose(vertices, TRIANGLE * [-1, 1, 1])
    assert faces.tolist() == [[2, 1, 0]]


def test_the_default_scene_is_the_one_named_by_scene():
    document, binary = triangle_document(
        scenes=[{"nodes": [0]}, {"nodes": [1]}],
        nodes=[{"mesh": 0}, {"mesh": 0, "translation": [0, 0, 50]}],
        scene=1,
    )
    vertices, _ = read(document, binary)
    np.testing.assert_allclose(vertices, TRIANGLE + [0, 0, 50])


def test_a_mesh_placed_twice_gives_two_copies_with_their_own_faces():
    document, binary = triangle_document(
        **scene({"mesh": 0}, {"mesh": 0, "translation": [1, 1, 1]}, roots=[0, 1])
    )
    vertices, faces = read(document, binary)
    assert len(vertices) == 6
    assert sorted(faces.tolist()) == [[0, 1, 2], [3, 4, 5]]
    np.testing.assert_allclose(np.sort(vertices, axis=0), np.sort(
        np.concatenate([TRIANGLE, TRIANGLE + 1]), axis=0))  # fmt: skip


def test_a_strided_view_reads_every_other_item():
    padded = np.zeros((3, 6), dtype=np.float32)
    padded[:, :3] = TRIANGLE  # 12 bytes of position, 12 bytes of something else, per vertex
    positions, indices = padded.tobytes(), INDICES.tobytes()
    document, _ = triangle_document()
    document["bufferViews"] = [
        {"buffer": 0, "byteOffset": 0, "byteLength": len(positions), "byteStride": 24},
        {"buffer": 0, "byteOffset": len(positions), "byteLength": len(indices)},
    ]
    vertices, _ = read(document, positions + indices + b"\0\0")
    np.testing.assert_array_equal(vertices, TRIANGLE)


def test_without_indices_every_three_vertices_are_a_triangle():
    document, binary = triangle_document()
    document["meshes"] = [{"primitives": [{"attributes": {"POSITION": 0}}]}]
    vertices, faces = read(document, binary)
    np.testing.assert_array_equal(vertices, TRIANGLE)
    assert faces.tolist() == [[0, 1, 2]]


def _with_node(node: dict) -> tuple[dict, bytes]:
    return triangle_document(**scene(node))


def _accessor_changed(index: int, **changes) -> tuple[dict, bytes]:
    document, binary = triangle_document()
    document["accessors"][index].update(changes)
    return document, binary


def _view_changed(index: int, **changes) -> tuple[dict, bytes]:
    document, binary = triangle_document()
    document["bufferViews"][index].update(changes)
    return document, binary


def _primitive_changed(**changes) -> tuple[dict, bytes]:
    document, binary = triangle_document()
    document["meshes"][0]["primitives"][0].update(changes)
    return document, binary


BAD = {
    "zero rotation": (
        _with_node({"mesh": 0, "rotation": [0, 0, 0, 0]}),
        "its nodes[0].rotation is all zeros",
    ),
    "short matrix": (
        _with_node({"mesh": 0, "matrix": [1, 0, 0]}),
        "its nodes[0].matrix is not 16 numbers",
    ),
    "matrix of text": (
        _with_node({"mesh": 0, "matrix": ["1"] * 16}),
        "its JSON nodes[0].matrix is 1, not a finite number",
    ),
    "short scale": (
        _with_node({"mesh": 0, "scale": [1, 1]}),
        "its nodes[0].scale is not 3 numbers",
    ),
    "boolean translation": (
        _with_node({"mesh": 0, "translation": [True, 0, 0]}),
        "its JSON nodes[0].translation is True, not a finite number",
    ),
    "rotation of three": (
        _with_node({"mesh": 0, "rotation": [0, 0, 1]}),
        "its nodes[0].rotation is not 4 numbers",
    ),
    "node reached twice": (
        triangle_document(**scene({"mesh": 0, "children": [0]})),
        "its node 0 is reached twice; nodes must form a tree",
    ),
    "node out of range": (
        triangle_document(**scene({"mesh": 0}, roots=[3])),
        "its JSON scene node is 3, not a whole number 0..0",
    ),
    "no nodes at all": (
        triangle_document(scenes=[{"nodes": [0]}]),
        "its JSON scene node refers to nodes, but there are none",
    ),
    "scene places nothing": (
        triangle_document(scenes=[{"nodes": []}], nodes=[]),
        "its scene places no mesh",
    ),
    "sparse accessor": (
        _accessor_changed(0, sparse={"count": 1}),
        "its accessors[0] is sparse, which is not supported",
    ),
    "integer positions": (
        _accessor_changed(0, componentType=5125),
        "its accessors[0] holds VEC3 of type 5125; expected VEC3 of 5126",
    ),
    "vector indices": (
        _accessor_changed(1, type="VEC3"),
        "its accessors[1] holds VEC3 of type 5123; expected SCALAR of 5121, 5123, 5125",
    ),
    "second buffer": (
        _view_changed(0, buffer=1),
        "its JSON accessors[0] buffer is 1, not a whole number 0..0",
    ),
    "stride under the item": (
        _view_changed(0, byteStride=8),
        "its accessors[0] has a byteStride of 8, under 12",
    ),
    "stride over the limit": (
        _view_changed(0, byteStride=256),
        "its JSON accessors[0] byteStride is 256, not a whole number 0..252",
    ),
    "count beyond the view": (
        _accessor_changed(0, count=4),
        "an accessor of 4 items needs bytes up to 48, beyond its buffer view or the 44-byte "
        "binary chunk",
    ),
    "indices not in threes": (
        _accessor_changed(1, count=2),
        "a primitive has 2 indices, not 3 per triangle",
    ),
    "points, not triangles": (
        _primitive_changed(mode=0),
        "its meshes[0].primitives[0] has mode 0; only triangles (4) are read",
    ),
    "no position": (
        _primitive_changed(attributes={"NORMAL": 0}),
        "its meshes[0].primitives[0] has no POSITION attribute",
    ),
    "external buffer": (
        triangle_document(buffers=[{"byteLength": 44, "uri": "data.bin"}]),
        "its buffers[0] points to another file; a .glb must hold its data",
    ),
    "required extension": (
        triangle_document(extensionsRequired=["KHR_draco_mesh_compression"]),
        "it needs the extension KHR_draco_mesh_compression, which is not supported",
    ),
    "version one": (
        triangle_document(asset={"version": "1.0"}),
        "its asset.version is 1.0, not 2.x",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_each_bad_description_is_named_exactly(case):
    (document, binary), reason = BAD[case]
    assert error_of(document, binary) == f"mesh file part.glb could not be read ({reason})."
