"""The GLB reader, case by case: each test builds a tiny file by hand and checks the exact outcome.

The file is assembled here from a JSON document and a binary chunk, so each test
changes one thing. ``reason`` is the reader's own clause (``MeshFormatError.reason``);
``mesh_io`` wraps it as ``mesh file NAME could not be read (REASON).``.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from explorer.model.errors import clip
from explorer.model.mesh_formats import Limits, MeshFormatError, read_mesh
from explorer.model.mesh_io import MeshFileError, parse_mesh

#: One triangle with distinct, non-symmetric corners (float32 holds them exactly).
TRIANGLE = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]], dtype=np.float32)
POSITIONS = TRIANGLE.tobytes()  # 36 bytes
INDICES = np.array([0, 1, 2], dtype=np.uint16).tobytes()  # 6 bytes
#: Positions, then indices, then two bytes of padding to a multiple of four: 44 bytes.
BINARY = POSITIONS + INDICES + b"\0\0"
LIMITS = Limits(max_triangles=100)


def chunk(kind: bytes, payload: bytes, length: int | None = None) -> bytes:
    """A GLB chunk: its length (``length`` if given, else the payload's), type and payload."""
    return struct.pack("<I4s", len(payload) if length is None else length, kind) + payload


def json_payload(document: dict) -> bytes:
    text = json.dumps(document).encode()
    return text + b" " * (-len(text) % 4)


def container(body: bytes, version: int = 2, length: int | None = None) -> bytes:
    """The 12-byte GLB header in front of ``body``; ``length`` defaults to the true total."""
    total = 12 + len(body) if length is None else length
    return b"glTF" + struct.pack("<II", version, total) + body


def glb(document: dict, binary: bytes | None = BINARY) -> bytes:
    body = chunk(b"JSON", json_payload(document))
    if binary is not None:
        body += chunk(b"BIN\x00", binary)
    return container(body)


def document(**changes) -> dict:
    """A one-triangle document laid over ``BINARY``; ``changes`` replace top-level keys."""
    base = {
        "asset": {"version": "2.0"},
        "buffers": [{"byteLength": len(BINARY)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": 36},
            {"buffer": 0, "byteOffset": 36, "byteLength": 6},
        ],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3"},
            {"bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR"},
        ],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
    }
    base.update(changes)
    return base


def reason(data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(MeshFormatError) as caught:
        read_mesh(".glb", data, limits)
    return caught.value.reason


def wrapped(data: bytes, max_triangles: int = 100) -> MeshFileError:
    with pytest.raises(MeshFileError) as caught:
        parse_mesh(Path("part.glb"), data, max_triangles)
    return caught.value


def positions_only(count: int = 3, view_length: int = 36) -> dict:
    """A document whose one primitive has no indices: every three vertices are a triangle."""
    return document(
        bufferViews=[{"buffer": 0, "byteOffset": 0, "byteLength": view_length}],
        accessors=[{"bufferView": 0, "componentType": 5126, "count": count, "type": "VEC3"}],
        meshes=[{"primitives": [{"attributes": {"POSITION": 0}}]}],
    )


# The container: header and chunks -----------------------------------------------------------

NOT_GLTF = "it does not start with 'glTF' (a binary glTF file does)"


def test_a_file_with_another_magic_is_refused_even_when_the_rest_is_valid():
    data = glb(document())
    assert reason(b"GLTF" + data[4:]) == NOT_GLTF
    assert reason(b"gltf" + data[4:]) == NOT_GLTF


def test_a_file_shorter_than_the_two_headers_is_refused_by_its_magic_check():
    # 19 bytes: the 12-byte header plus 7 of the 8-byte JSON chunk header.
    assert reason(b"glTF" + struct.pack("<II", 2, 19) + b"\0" * 7) == NOT_GLTF


def test_exactly_twenty_bytes_is_read_as_an_empty_json_chunk():
    # 12 + 8 bytes: a JSON chunk of length 0 fits; its empty text is not JSON.
    data = container(chunk(b"JSON", b""))
    assert len(data) == 20
    assert reason(data) == ("its JSON chunk is not valid JSON (line 1, column 1: Expecting value)")


def test_the_version_is_named_unsigned():
    data = glb(document())
    assert reason(data[:4] + struct.pack("<I", 1) + data[8:]) == (
        "it is glTF version 1; only version 2 is supported"
    )
    # 0xFFFFFFFF is 4294967295 as an unsigned 32-bit number, not -1.
    assert reason(data[:4] + struct.pack("<I", 0xFFFFFFFF) + data[8:]) == (
        "it is glTF version 4294967295; only version 2 is supported"
    )


def test_a_header_length_over_two_gigabytes_is_named_unsigned():
    data = glb(document())
    lied = data[:8] + struct.pack("<I", 0xFFFFFFFF) + data[12:]
    assert reason(lied) == f"its header says 4,294,967,295 bytes, but the file has {len(data):,}"


FIRST_CHUNK = "its first chunk is not a JSON chunk that fits in the file"


def test_the_first_chunk_must_be_typed_json():
    payload = json_payload(document())
    assert reason(container(chunk(b"BIN\x00", payload) + chunk(b"BIN\x00", BINARY))) == FIRST_CHUNK
    assert reason(container(chunk(b"json", payload) + chunk(b"BIN\x00", BINARY))) == FIRST_CHUNK


def test_a_json_chunk_one_byte_longer_than_the_file_is_refused():
    payload = json_payload({"asset": {"version": "2.0"}})
    assert reason(container(chunk(b"JSON", payload, len(payload) + 1))) == FIRST_CHUNK


def test_a_json_length_over_two_gigabytes_is_unsigned_and_does_not_fit():
    payload = json_payload({"asset": {"version": "2.0"}})
    assert reason(container(chunk(b"JSON", payload, 0xFFFFFFFF))) == FIRST_CHUNK


def test_a_json_chunk_that_ends_the_file_exactly_is_read():
    # No binary chunk at all: the JSON ends the file, and the scene places nothing.
    data = container(chunk(b"JSON", json_payload({"asset": {"version": "2.0"}})))
    assert reason(data) == "its scene places no mesh"


def test_a_json_chunk_of_exactly_four_mebibytes_is_allowed():
    text = json.dumps({"asset": {"version": "2.0"}}).encode()
    payload = text + b" " * (4 * 1024 * 1024 - len(text))  # trailing spaces are valid JSON
    assert reason(container(chunk(b"JSON", payload))) == "its scene places no mesh"


def test_a_json_chunk_over_four_mebibytes_is_too_large_before_it_is_parsed():
    payload = b" " * (4 * 1024 * 1024 + 4)  # not even JSON: the size is refused first
    data = container(chunk(b"JSON", payload))
    with pytest.raises(MeshFormatError) as caught:
        read_mesh(".glb", data, LIMITS)
    assert caught.value.reason == ("its JSON chunk is 4,194,308 bytes, over the limit of 4,194,304")
    assert caught.value.too_large is True
    error = wrapped(data)
    assert error.message == (
        "mesh file part.glb: its JSON chunk is 4,194,308 bytes, over the limit of 4,194,304."
    )
    assert error.fix == "Decimate the mesh, or raise max_triangles if the machine has the memory."


SECOND_CHUNK = "its second chunk is not a binary chunk that fits in the file"


def test_an_empty_second_chunk_of_the_wrong_type_is_refused():
    # Only the 8-byte chunk header follows the JSON: it still has to say BIN.
    body = chunk(b"JSON", json_payload({"asset": {"version": "2.0"}})) + chunk(b"ABCD", b"")
    assert reason(container(body)) == SECOND_CHUNK


def test_an_empty_binary_chunk_that_ends_the_file_is_accepted():
    body = chunk(b"JSON", json_payload({"asset": {"version": "2.0"}})) + chunk(b"BIN\x00", b"")
    assert reason(container(body)) == "its scene places no mesh"


def test_a_second_chunk_that_fits_but_is_not_binary_is_refused():
    body = chunk(b"JSON", json_payload(document())) + chunk(b"BIN ", BINARY)
    assert reason(container(body)) == SECOND_CHUNK


@pytest.mark.parametrize("extra", [4, 16, 0x80000000], ids=["4", "16", "2**31"])
def test_a_binary_chunk_longer_than_the_file_is_refused(extra):
    body = chunk(b"JSON", json_payload(document())) + chunk(b"BIN\x00", BINARY, 44 + extra)
    assert reason(container(body)) == SECOND_CHUNK


def test_bytes_after_the_binary_chunk_are_not_part_of_it():
    # A third chunk follows BIN; an accessor reaching past BIN's 44 bytes must be refused,
    # and the message counts only BIN's own bytes.
    changed = document()
    changed["bufferViews"][0]["byteLength"] = 45
    body = chunk(b"JSON", json_payload(changed)) + chunk(b"BIN\x00", BINARY)
    body += chunk(b"EXTR", b"\1\2\3\4")
    assert reason(container(body)) == (
        "an accessor of 3 items needs bytes up to 36, beyond its buffer view or the 44-byte "
        "binary chunk"
    )


# What read_glb does with what it finds --------------------------------------------------------


def test_without_a_transform_coordinates_pass_through_bit_for_bit():
    # A -0.0 stays -0.0: no identity matrix is multiplied in (which would turn it into +0.0).
    corners = np.array([[-0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]], dtype=np.float32)
    binary = corners.tobytes() + INDICES + b"\0\0"
    vertices, faces = read_mesh(".glb", glb(document(), binary), LIMITS)
    assert np.signbit(vertices[0, 0])
    assert vertices.tolist() == [[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]]
    assert faces.tolist() == [[0, 1, 2]]
    # The same through a scene node with no transform.
    scene = {"scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}]}
    vertices, _ = read_mesh(".glb", glb(document(**scene), binary), LIMITS)
    assert np.signbit(vertices[0, 0])


@pytest.mark.parametrize("scale", [[0.5, 1, 1], [0, 1, 1]], ids=["half", "flat"])
def test_a_scale_that_is_not_a_mirror_keeps_the_winding(scale):
    # Determinant 0.5 and 0: neither is negative, so the faces keep their order.
    node = {"mesh": 0, "scale": scale}
    changed = document(scenes=[{"nodes": [0]}], nodes=[node])
    vertices, faces = read_mesh(".glb", glb(changed), LIMITS)
    assert faces.tolist() == [[0, 1, 2]]
    np.testing.assert_array_equal(vertices, TRIANGLE * scale)


def test_three_placements_get_consecutive_vertex_offsets():
    # Nodes are visited last root first: 2, 1, 0. Each copy's faces point at its own vertices.
    nodes = [{"mesh": 0, "translation": [0, 0, 10 * k]} for k in range(3)]
    changed = document(scenes=[{"nodes": [0, 1, 2]}], nodes=nodes)
    vertices, faces = read_mesh(".glb", glb(changed), LIMITS)
    assert faces.tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    np.testing.assert_array_equal(
        vertices, np.concatenate([TRIANGLE + [0, 0, 20], TRIANGLE + [0, 0, 10], TRIANGLE])
    )


def test_the_vertex_total_of_every_placement_is_checked_as_declared():
    # Two copies of three vertices: 6 declared, over 3 (one triangle allowed).
    changed = document(scenes=[{"nodes": [0, 1]}], nodes=[{"mesh": 0}, {"mesh": 0}])
    data = glb(changed)
    with pytest.raises(MeshFormatError) as caught:
        read_mesh(".glb", data, Limits(max_triangles=1))
    assert caught.value.reason == (
        "it declares 6 vertices, over the limit of 3 (three per triangle of the 1 allowed)"
    )
    assert caught.value.too_large is True
    assert wrapped(data, 1).message == (
        "mesh file part.glb: it declares 6 vertices, over the limit of 3 (three per triangle "
        "of the 1 allowed)."
    )


def _two_triangle_indices() -> tuple[dict, bytes]:
    """Three vertices, six indices: two triangles sharing every corner (0 1 2, then 0 2 1)."""
    indices = np.array([0, 1, 2, 0, 2, 1], dtype=np.uint16).tobytes()  # 12 bytes
    changed = document()
    changed["bufferViews"][1]["byteLength"] = 12
    changed["accessors"][1]["count"] = 6
    return changed, POSITIONS + indices


def test_the_triangle_total_of_every_placement_is_checked_as_declared():
    changed, binary = _two_triangle_indices()
    changed.update(scenes=[{"nodes": [0, 1]}], nodes=[{"mesh": 0}, {"mesh": 0}])
    # 6 vertices fit two triangles' worth (6); 4 triangles do not fit 2.
    assert reason(glb(changed, binary), Limits(max_triangles=2)) == (
        "it declares 4 faces, over the limit of 2 triangles"
    )


def test_six_indices_are_two_triangles_for_the_limit():
    changed, binary = _two_triangle_indices()
    assert reason(glb(changed, binary), Limits(max_triangles=1)) == (
        "it declares 2 faces, over the limit of 1 triangles"
    )
    _vertices, faces = read_mesh(".glb", glb(changed, binary), Limits(max_triangles=2))
    assert faces.tolist() == [[0, 1, 2], [0, 2, 1]]


def test_a_primitive_without_indices_counts_a_triangle_per_three_vertices():
    # Primitive 0: three vertices, no indices (1 triangle). Primitive 1: two indexed triangles.
    changed, binary = _two_triangle_indices()
    changed["meshes"] = [
        {
            "primitives": [
                {"attributes": {"POSITION": 0}},
                {"attributes": {"POSITION": 0}, "indices": 1},
            ]
        }
    ]
    # 6 vertices fit 2 triangles' worth; 1 + 2 = 3 triangles do not fit 2 (a whole count).
    assert reason(glb(changed, binary), Limits(max_triangles=2)) == (
        "it declares 3 faces, over the limit of 2 triangles"
    )
    vertices, faces = read_mesh(".glb", glb(changed, binary), Limits(max_triangles=3))
    assert faces.tolist() == [[0, 1, 2], [3, 4, 5], [3, 5, 4]]
    np.testing.assert_array_equal(vertices, np.concatenate([TRIANGLE, TRIANGLE]))


def test_vertices_not_in_threes_without_indices_are_named():
    assert reason(glb(positions_only(count=2))) == (
        "a primitive without indices has 2 vertices, not 3 per triangle"
    )


def test_an_accessor_of_no_items_in_an_empty_view_reads_as_an_empty_mesh():
    vertices, faces = read_mesh(".glb", glb(positions_only(count=0, view_length=0)), LIMITS)
    assert vertices.shape == (0, 3) and faces.shape == (0, 3)


def test_an_accessor_of_no_items_must_still_start_inside_its_view():
    # The view holds 0 bytes at offset 0; the accessor starts 12 bytes in, inside the
    # 36-byte chunk but outside its view: malformed, even though nothing would be read.
    changed = positions_only(count=0, view_length=0)
    changed["accessors"][0]["byteOffset"] = 12
    expected = (
        "an accessor of 0 items needs bytes up to 12, beyond its buffer view or the "
        "36-byte binary chunk"
    )
    with pytest.raises(MeshFormatError) as refused:
        read_mesh(".glb", glb(changed, POSITIONS), LIMITS)
    assert str(refused.value) == expected


def test_an_empty_accessor_starting_past_the_binary_chunk_is_a_format_error():
    # check_fits once passed a count of 0 whatever its offset, then numpy refused the
    # view: parse_mesh showed "internal error, ValueError: strides is incompatible ...".
    changed = positions_only(count=0, view_length=0)
    changed["accessors"][0]["byteOffset"] = 100  # the binary chunk has 44 bytes
    expected = (
        "an accessor of 0 items needs bytes up to 100, beyond its buffer view or the "
        "44-byte binary chunk"
    )
    with pytest.raises(MeshFormatError) as refused:
        read_mesh(".glb", glb(changed), LIMITS)
    assert str(refused.value) == expected


def test_a_view_that_ends_exactly_at_the_binary_chunks_end_is_read():
    vertices, faces = read_mesh(".glb", glb(positions_only(), POSITIONS), LIMITS)
    np.testing.assert_array_equal(vertices, TRIANGLE)
    assert faces.tolist() == [[0, 1, 2]]


def test_a_view_longer_than_the_binary_chunk_is_refused_even_if_the_items_fit():
    changed = document()
    changed["bufferViews"][0]["byteLength"] = 100  # the 3 positions take 36 of the 44 bytes
    assert reason(glb(changed)) == (
        "an accessor of 3 items needs bytes up to 36, beyond its buffer view or the 44-byte "
        "binary chunk"
    )


def test_offsets_of_the_view_and_the_accessor_add_up():
    # Skip 12 bytes through the view and 12 more through the accessor: vertices 2 and 3
    # of a five-vertex buffer, so the triangle reads rows 2..4.
    five = np.array(
        [[9, 9, 9], [8, 8, 8], [1, 0, 0], [0, 2, 0], [0, 0, 3]], dtype=np.float32
    ).tobytes()  # 60 bytes
    changed = positions_only()
    changed["bufferViews"] = [{"buffer": 0, "byteOffset": 12, "byteLength": 48}]
    changed["accessors"][0]["byteOffset"] = 12
    vertices, _ = read_mesh(".glb", glb(changed, five), LIMITS)
    np.testing.assert_array_equal(vertices, TRIANGLE)


def test_a_view_without_byte_offset_or_buffer_starts_at_byte_zero_of_buffer_zero():
    changed = positions_only()
    changed["bufferViews"] = [{"byteLength": 36}]
    vertices, _ = read_mesh(".glb", glb(changed, POSITIONS), LIMITS)
    np.testing.assert_array_equal(vertices, TRIANGLE)


def test_a_stride_equal_to_the_item_size_is_allowed():
    changed = positions_only()
    changed["bufferViews"][0]["byteStride"] = 12
    vertices, _ = read_mesh(".glb", glb(changed, POSITIONS), LIMITS)
    np.testing.assert_array_equal(vertices, TRIANGLE)


def test_the_largest_stride_252_is_allowed_and_253_is_not():
    # Three positions 252 bytes apart: 2 * 252 + 12 = 516 bytes.
    binary = bytearray(516)
    for row, corner in enumerate(TRIANGLE):
        binary[252 * row : 252 * row + 12] = corner.tobytes()
    changed = positions_only(view_length=516)
    changed["bufferViews"][0]["byteStride"] = 252
    vertices, _ = read_mesh(".glb", glb(changed, bytes(binary)), LIMITS)
    np.testing.assert_array_equal(vertices, TRIANGLE)
    changed["bufferViews"][0]["byteStride"] = 253
    assert reason(glb(changed, bytes(binary))) == (
        "its JSON accessors[0] byteStride is 253, not a whole number 0..252"
    )


def test_strided_indices_read_every_other_item():
    # uint16 indices four bytes apart: 0, junk, 1, junk, 2.
    indices = np.array([0, 7, 1, 7, 2], dtype=np.uint16).tobytes()  # 10 bytes
    changed = document()
    changed["bufferViews"][1] = {"buffer": 0, "byteOffset": 36, "byteLength": 10, "byteStride": 4}
    _, faces = read_mesh(".glb", glb(changed, POSITIONS + indices + b"\0\0"), LIMITS)
    assert faces.tolist() == [[0, 1, 2]]


def test_one_byte_and_four_byte_indices_are_read():
    for component, dtype in [(5121, np.uint8), (5125, np.uint32)]:
        indices = np.array([2, 1, 0], dtype=dtype).tobytes()
        changed = document()
        changed["bufferViews"][1]["byteLength"] = len(indices)
        changed["accessors"][1]["componentType"] = component
        binary = POSITIONS + indices
        _, faces = read_mesh(".glb", glb(changed, binary + b"\0" * (-len(binary) % 4)), LIMITS)
        assert faces.tolist() == [[2, 1, 0]], component


# The JSON chunk -------------------------------------------------------------------------------


def raw_json(text: bytes) -> bytes:
    return container(chunk(b"JSON", text + b" " * (-len(text) % 4)))


def test_json_that_is_not_utf8_is_named():
    assert reason(raw_json(b'{"a": "\xff"}')) == "its JSON chunk is not UTF-8 text"


def test_invalid_json_names_its_line_and_column():
    assert reason(raw_json(b'{\n  "asset": x}')) == (
        "its JSON chunk is not valid JSON (line 2, column 12: Expecting value)"
    )


def test_nan_and_infinity_constants_are_refused_as_numbers():
    text = b'{"asset": {"version": "2.0"}, "nodes": [{"translation": [NaN, 0, 0]}]}'
    assert reason(raw_json(text)) == "its JSON chunk cannot be read ('NaN' is not a JSON number)"
    assert reason(raw_json(b'{"a": -Infinity}')) == (
        "its JSON chunk cannot be read ('-Infinity' is not a JSON number)"
    )


def test_json_nested_too_deeply_is_refused_with_the_parsers_reason():
    text = b"[" * 100_000 + b"]" * 100_000
    try:
        json.loads(text)
    except RecursionError as exc:
        expected = f"its JSON chunk cannot be read ({clip(exc)})"
    assert reason(raw_json(text)) == expected
    assert expected.startswith("its JSON chunk cannot be read (maximum recursion depth")


def test_json_that_is_not_an_object_is_refused():
    assert reason(raw_json(b"[1, 2]")) == "its JSON chunk is not a JSON object"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"asset": None}, "its JSON asset is not an object"),
        ({"asset": {}}, "its asset.version is None, not 2.x"),
        ({"asset": {"version": 2}}, "its asset.version is 2, not 2.x"),
        ({"asset": {"version": "12.0"}}, "its asset.version is 12.0, not 2.x"),
        ({"extensionsRequired": "KHR_x"}, "its JSON extensionsRequired is not a list"),
        ({"buffers": {"byteLength": 44}}, "its JSON buffers is not a list"),
        ({"buffers": [7]}, "its JSON buffers[0] is not an object"),
        (
            {"buffers": [{"byteLength": 44}, {"byteLength": 4, "uri": "x.bin"}]},
            "its buffers[1] points to another file; a .glb must hold its data",
        ),
    ],
    ids=[
        "asset-null",
        "no-version",
        "number-version",
        "version-12",
        "extensions-text",
        "buffers-object",
        "buffer-number",
        "second-buffer-uri",
    ],
)
def test_the_top_level_is_checked(changes, expected):
    assert reason(glb(document(**changes))) == expected


def test_an_asset_missing_entirely_is_a_missing_version():
    changed = document()
    del changed["asset"]
    assert reason(glb(changed)) == "its asset.version is None, not 2.x"


def test_a_long_extension_name_is_clipped_to_eighty_characters():
    name = "X" * 100
    assert reason(glb(document(extensionsRequired=[name]))) == (
        f"it needs the extension {'X' * 77}..., which is not supported"
    )


# Meshes, primitives and accessors -----------------------------------------------------------


def _primitive(**changes) -> dict:
    changed = document()
    changed["meshes"][0]["primitives"][0].update(changes)
    return changed


def _accessor(index: int, **changes) -> dict:
    changed = document()
    changed["accessors"][index].update(changes)
    return changed


def _view(index: int, **changes) -> dict:
    changed = document()
    changed["bufferViews"][index].update(changes)
    return changed


BIG = 2**32  # the largest whole number a count or an offset may hold

BAD = {
    "node-mesh-none": (
        document(meshes=[], scenes=[{"nodes": [0]}], nodes=[{"mesh": 0}]),
        "its JSON node.mesh refers to meshes, but there are none",
    ),
    "node-mesh-text": (
        document(scenes=[{"nodes": [0]}], nodes=[{"mesh": "0"}]),
        "its JSON node.mesh is 0, not a whole number 0..0",
    ),
    "mesh-not-object": (
        document(meshes=[{"primitives": []}, 5], scenes=[{"nodes": [0]}], nodes=[{"mesh": 1}]),
        "its JSON meshes[1] is not an object",
    ),
    "primitives-not-list": (
        document(meshes=[{"primitives": {}}]),
        "its JSON meshes[0].primitives is not a list",
    ),
    "primitive-not-object": (
        document(meshes=[{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}, 3]}]),
        "its JSON meshes[0].primitives[1] is not an object",
    ),
    "second-primitive-mode": (
        document(
            meshes=[
                {
                    "primitives": [
                        {"attributes": {"POSITION": 0}, "indices": 1},
                        {"attributes": {"POSITION": 0}, "mode": 1},
                    ]
                }
            ]
        ),
        "its meshes[0].primitives[1] has mode 1; only triangles (4) are read",
    ),
    "mode-text": (
        _primitive(mode="4"),
        f"its JSON meshes[0].primitives[0].mode is 4, not a whole number 0..{BIG}",
    ),
    "no-attributes": (
        document(meshes=[{"primitives": [{"indices": 1}]}]),
        "its meshes[0].primitives[0] has no POSITION attribute",
    ),
    "attributes-list": (
        _primitive(attributes=[0]),
        "its JSON meshes[0].primitives[0].attributes is not an object",
    ),
    "accessor-not-object": (
        document(accessors=[5, {}]),
        "its JSON accessors[0] is not an object",
    ),
    "accessor-index-long-text": (
        _primitive(attributes={"POSITION": "a" * 30}),
        f"its JSON accessors[{'a' * 17}...] is {'a' * 30}, not a whole number 0..1",
    ),
    "no-component-type": (
        document(accessors=[{"bufferView": 0, "count": 3, "type": "VEC3"}]),
        "its accessors[0] holds VEC3 of type None; expected VEC3 of 5126",
    ),
    "long-type": (
        _accessor(0, type="T" * 30),
        f"its accessors[0] holds {'T' * 17}... of type 5126; expected VEC3 of 5126",
    ),
    "long-component-type": (
        _accessor(0, componentType="c" * 30),
        f"its accessors[0] holds VEC3 of type {'c' * 17}...; expected VEC3 of 5126",
    ),
    "positions-as-vec4": (
        _accessor(0, type="VEC4"),
        "its accessors[0] holds VEC4 of type 5126; expected VEC3 of 5126",
    ),
    "float-indices": (
        _accessor(1, componentType=5126),
        "its accessors[1] holds SCALAR of type 5126; expected SCALAR of 5121, 5123, 5125",
    ),
    "no-buffer-view": (
        document(accessors=[{"componentType": 5126, "count": 3, "type": "VEC3"}, {}]),
        "its JSON accessors[0].bufferView is None, not a whole number 0..1",
    ),
    "no-byte-length": (
        document(bufferViews=[{"buffer": 0}, {"buffer": 0, "byteOffset": 36, "byteLength": 6}]),
        f"its JSON accessors[0] byteLength is None, not a whole number 0..{BIG}",
    ),
    "negative-view-offset": (
        _view(0, byteOffset=-4),
        f"its JSON accessors[0] byteOffset is -4, not a whole number 0..{BIG}",
    ),
    "negative-accessor-offset": (
        _accessor(0, byteOffset=-12),
        f"its JSON accessors[0].byteOffset is -12, not a whole number 0..{BIG}",
    ),
    "negative-count": (
        _accessor(0, count=-1),
        f"its JSON accessors[0].count is -1, not a whole number 0..{BIG}",
    ),
    "boolean-count": (
        _accessor(0, count=True),
        f"its JSON accessors[0].count is True, not a whole number 0..{BIG}",
    ),
    "float-count": (
        _accessor(0, count=3.0),
        f"its JSON accessors[0].count is 3.0, not a whole number 0..{BIG}",
    ),
    "count-over-the-largest": (
        _accessor(0, count=BIG + 1),
        f"its JSON accessors[0].count is {BIG + 1}, not a whole number 0..{BIG}",
    ),
    "count-the-largest": (
        _accessor(0, count=BIG),
        f"an accessor of {BIG:,} items needs bytes up to {12 * BIG:,}, beyond its buffer view "
        "or the 44-byte binary chunk",
    ),
    "stride-under-the-item": (
        _view(1, byteStride=1),
        "its accessors[1] has a byteStride of 1, under 2",
    ),
    "no-accessors": (
        document(accessors=[]),
        "its JSON accessors[0] refers to accessors, but there are none",
    ),
    "index-past-the-last": (
        _primitive(indices=2),
        "its JSON accessors[2] is 2, not a whole number 0..1",
    ),
    "indices-not-in-threes": (
        _accessor(1, count=1),
        "a primitive has 1 indices, not 3 per triangle",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_each_bad_part_is_named_exactly(case):
    changed, expected = BAD[case]
    assert reason(glb(changed)) == expected


# Scenes and nodes ---------------------------------------------------------------------------


def placed(*nodes: dict, roots=(0,), **changes) -> tuple[np.ndarray, np.ndarray]:
    changes.setdefault("scenes", [{"nodes": list(roots)}])
    changed = document(nodes=list(nodes), **changes)
    return read_mesh(".glb", glb(changed), LIMITS)


def test_without_a_scene_key_the_first_scene_is_the_default():
    vertices, _ = placed(
        {"mesh": 0, "translation": [0, 0, 5]},
        {"mesh": 0, "translation": [0, 0, 50]},
        scenes=[{"nodes": [0]}, {"nodes": [1]}],
    )
    np.testing.assert_array_equal(vertices, TRIANGLE + [0, 0, 5])


def test_without_scenes_every_mesh_is_placed_once_in_order():
    changed, binary = _two_triangle_indices()
    changed["meshes"] = [
        {"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]},
        {"primitives": [{"attributes": {"POSITION": 0}}]},
    ]
    vertices, faces = read_mesh(".glb", glb(changed, binary), LIMITS)
    assert faces.tolist() == [[0, 1, 2], [0, 2, 1], [3, 4, 5]]
    np.testing.assert_array_equal(vertices, np.concatenate([TRIANGLE, TRIANGLE]))


def test_a_node_without_a_mesh_places_nothing_but_its_children():
    vertices, faces = placed({"translation": [7, 0, 0], "children": [1]}, {"mesh": 0})
    np.testing.assert_array_equal(vertices, TRIANGLE + [7, 0, 0])
    assert faces.tolist() == [[0, 1, 2]]


def test_a_node_with_several_children_places_each():
    vertices, faces = placed(
        {"children": [1, 2]}, {"mesh": 0, "translation": [0, 1, 0]}, {"mesh": 0}
    )
    # Children are pushed in order and popped last first: node 2, then node 1.
    np.testing.assert_array_equal(vertices, np.concatenate([TRIANGLE, TRIANGLE + [0, 1, 0]]))
    assert faces.tolist() == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize(
    ("nodes", "roots", "expected"),
    [
        ([{"mesh": 0, "children": 1}], [0], "its JSON nodes[0] is not a list"),
        ([{"mesh": 0}], {"a": 0}, "its JSON scene.nodes is not a list"),
        ([{"mesh": 0}, 3], [1], "its JSON nodes[1] is not an object"),
        ([{"mesh": 0, "matrix": 5}], [0], "its nodes[0].matrix is not 16 numbers"),
        ([{"mesh": 0, "matrix": [1] * 17}], [0], "its nodes[0].matrix is not 16 numbers"),
        ([{"mesh": 0, "scale": 5}], [0], "its nodes[0].scale is not 3 numbers"),
        (
            [{"mesh": 0, "scale": {"x": 1, "y": 1, "z": 1}}],
            [0],
            "its nodes[0].scale is not 3 numbers",
        ),
        ([{"mesh": 0, "scale": [1, 1, 1, 1]}], [0], "its nodes[0].scale is not 3 numbers"),
        (
            [{"mesh": 0, "translation": [0, 0, 0, 0]}],
            [0],
            "its nodes[0].translation is not 3 numbers",
        ),
        (
            [{"mesh": 0, "rotation": [0, 0, 0, 1, 0]}],
            [0],
            "its nodes[0].rotation is not 4 numbers",
        ),
        (
            [{"mesh": 0, "scale": [1, None, 1]}],
            [0],
            "its JSON nodes[0].scale is None, not a finite number",
        ),
        (
            [{"mesh": 0, "rotation": [0, 0, False, 1]}],
            [0],
            "its JSON nodes[0].rotation is False, not a finite number",
        ),
        (
            [{"mesh": 0, "matrix": [1] * 15 + ["x"]}],
            [0],
            "its JSON nodes[0].matrix is x, not a finite number",
        ),
        ([{}, {"mesh": 0, "rotation": [0, 0, 0, 0]}], [1], "its nodes[1].rotation is all zeros"),
        (
            [{"children": [1]}, {"mesh": 0, "children": [0]}],
            [0],
            "its node 0 is reached twice; nodes must form a tree",
        ),
    ],
    ids=[
        "children-number",
        "roots-object",
        "node-number",
        "matrix-number",
        "matrix-17",
        "scale-number",
        "scale-object",
        "scale-4",
        "translation-4",
        "rotation-5",
        "scale-null",
        "rotation-boolean",
        "matrix-text",
        "second-node-zero-rotation",
        "cycle-through-a-child",
    ],
)
def test_each_bad_node_is_named_exactly(nodes, roots, expected):
    changed = document(scenes=[{"nodes": roots}], nodes=nodes)
    assert reason(glb(changed)) == expected


def test_a_number_too_large_for_a_float_is_not_finite():
    # 1e999 is valid JSON text; Python reads it as infinity.
    changed = document(scenes=[{"nodes": [0]}], nodes=[{"mesh": 0, "translation": [7, 0, 0]}])
    payload = json_payload(changed).replace(b"[7, 0, 0]", b"[1e999, 0, 0]")
    data = container(
        chunk(b"JSON", payload + b" " * (-len(payload) % 4)) + chunk(b"BIN\x00", BINARY)
    )
    assert reason(data) == "its JSON nodes[0].translation is inf, not a finite number"


def test_scene_index_out_of_range_is_named():
    changed = document(scenes=[{"nodes": [0]}], nodes=[{"mesh": 0}], scene=1)
    assert reason(glb(changed)) == "its JSON scene is 1, not a whole number 0..0"


def test_a_node_placed_under_two_parents_is_refused():
    changed = document(
        scenes=[{"nodes": [0, 1]}], nodes=[{"children": [2]}, {"children": [2]}, {"mesh": 0}]
    )
    assert reason(glb(changed)) == "its node 2 is reached twice; nodes must form a tree"


def test_a_matrix_is_column_major_with_its_linear_part_too():
    # Columns: x -> (0, 1, 0), y -> (-1, 0, 0), z -> (0, 0, 2); then translate (5, 6, 7).
    matrix = [0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 2, 0, 5, 6, 7, 1]  # fmt: skip
    vertices, faces = placed({"mesh": 0, "matrix": matrix})
    # (1,0,0) -> (0,1,0)+t; (0,2,0) -> (-2,0,0)+t; (0,0,3) -> (0,0,6)+t.
    np.testing.assert_array_equal(vertices, [[5, 7, 7], [3, 6, 7], [5, 6, 13]])
    assert faces.tolist() == [[0, 1, 2]]


def test_a_mirroring_matrix_flips_the_winding():
    matrix = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1]  # fmt: skip
    vertices, faces = placed({"mesh": 0, "matrix": matrix})
    np.testing.assert_array_equal(vertices, TRIANGLE * [1, 1, -1])
    assert faces.tolist() == [[2, 1, 0]]


@pytest.mark.parametrize(
    ("quaternion", "expected"),
    [
        # A half turn about x: (x, y, z) -> (x, -y, -z).
        ([1, 0, 0, 0], [[1, 0, 0], [0, -2, 0], [0, 0, -3]]),
        # A half turn about y: (x, y, z) -> (-x, y, -z).
        ([0, 1, 0, 0], [[-1, 0, 0], [0, 2, 0], [0, 0, -3]]),
        # A half turn about z: (x, y, z) -> (-x, -y, z).
        ([0, 0, 1, 0], [[-1, 0, 0], [0, -2, 0], [0, 0, 3]]),
        # A quarter turn about x, written with length 2: (x, y, z) -> (x, -z, y).
        ([2**0.5, 0, 0, 2**0.5], [[1, 0, 0], [0, 0, 2], [0, -3, 0]]),
        # A quarter turn about y: (x, y, z) -> (z, y, -x).
        ([0, 0.5**0.5, 0, 0.5**0.5], [[0, 0, -1], [0, 2, 0], [3, 0, 0]]),
        # A third of a turn about (1, 1, 1), length 4: x -> y -> z -> x.
        ([2, 2, 2, 2], [[0, 1, 0], [0, 0, 2], [3, 0, 0]]),
        # The same turn the other way: x -> z -> y -> x.
        ([-1, -1, -1, 1], [[0, 0, 1], [2, 0, 0], [0, 3, 0]]),
    ],
    ids=["x-half", "y-half", "z-half", "x-quarter", "y-quarter", "xyz-third", "xyz-back"],
)
def test_each_rotation_moves_the_corners_where_a_hand_rotation_puts_them(quaternion, expected):
    vertices, faces = placed({"mesh": 0, "rotation": quaternion})
    np.testing.assert_allclose(vertices, expected, atol=1e-12)
    assert faces.tolist() == [[0, 1, 2]]


def test_scale_rotation_and_translation_defaults_leave_a_node_in_place():
    vertices, _ = placed({"mesh": 0})
    np.testing.assert_array_equal(vertices, TRIANGLE)
    vertices, _ = placed({"mesh": 0, "rotation": [0, 0, 0, 1]})
    np.testing.assert_array_equal(vertices, TRIANGLE)


def test_scale_multiplies_each_axis_before_the_rotation():
    # Scale (2, 3, 4), then a quarter turn about z: (x, y, z) -> (-y, x, z).
    vertices, _ = placed({"mesh": 0, "scale": [2, 3, 4], "rotation": [0, 0, 0.5**0.5, 0.5**0.5]})
    np.testing.assert_allclose(vertices, [[0, 2, 0], [-6, 0, 0], [0, 0, 12]], atol=1e-12)


def test_six_vertices_without_indices_are_two_triangles():
    six = np.concatenate([TRIANGLE, TRIANGLE + 5]).tobytes()  # 72 bytes
    vertices, faces = read_mesh(".glb", glb(positions_only(count=6, view_length=72), six), LIMITS)
    assert faces.tolist() == [[0, 1, 2], [3, 4, 5]]
    np.testing.assert_array_equal(vertices, np.concatenate([TRIANGLE, TRIANGLE + 5]))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"accessors": {"0": {}}}, "its JSON accessors is not a list"),
        ({"bufferViews": "none"}, "its JSON bufferViews is not a list"),
        ({"meshes": {"0": {}}}, "its JSON meshes is not a list"),
        (
            {"meshes": {"0": {}}, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}]},
            "its JSON meshes is not a list",
        ),
        ({"scenes": {}, "nodes": [{"mesh": 0}]}, "its JSON scenes is not a list"),
        ({"scenes": [{"nodes": [0]}], "nodes": {}}, "its JSON nodes is not a list"),
    ],
    ids=["accessors", "buffer-views", "meshes", "meshes-in-a-scene", "scenes", "nodes"],
)
def test_a_table_that_is_not_a_list_is_named(changes, expected):
    assert reason(glb(document(**changes))) == expected


def test_without_a_binary_chunk_an_empty_accessor_reads_as_an_empty_mesh():
    vertices, faces = read_mesh(".glb", glb(positions_only(count=0, view_length=0), None), LIMITS)
    assert vertices.shape == (0, 3) and faces.shape == (0, 3)


def test_without_a_binary_chunk_every_view_must_be_empty():
    assert reason(glb(positions_only(count=0, view_length=4), None)) == (
        "an accessor of 0 items needs bytes up to 0, beyond its buffer view or the 0-byte "
        "binary chunk"
    )
