"""Binary glTF 2.0 (``.glb``): the triangles of every mesh its scene places, transforms applied.

Only the geometry is read: positions (float ``VEC3``) and indices of
triangle primitives, placed by the node hierarchy of the default scene (or
every mesh once, if there is no scene). Textures, materials and animations
are never decoded, so an image inside cannot cost memory. Every length,
offset and count in the JSON is checked against the binary chunk, and the
vertex and triangle totals against the limits, before any array is made.
"""

from __future__ import annotations

import struct

import numpy as np

from explorer.model.mesh_formats.common import Limits, MeshFormatError
from explorer.model.mesh_formats.glb_json import GltfJson, node_matrices

#: Largest JSON chunk read: a mesh's description takes a few kB; the cap keeps
#: the parsed JSON (about ten times its text) small.
MAX_JSON_BYTES = 4 * 1024 * 1024
_COMPONENTS = {5121: "u1", 5123: "<u2", 5125: "<u4"}
_FLOAT = 5126


def read_glb(data: bytes, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    """``(vertices (N, 3) float64, faces (M, 3) int64)`` of a GLB file's bytes."""
    gltf, binary = _chunks(data)
    placed = [
        (primitive, matrix)
        for mesh, matrix in node_matrices(gltf)
        for primitive in gltf.primitives(mesh)
    ]
    sizes = [_sizes(gltf, primitive, binary) for primitive, _ in placed]
    limits.check_vertices(sum(vertices for vertices, _ in sizes), declared=True)
    limits.check_triangles(sum(triangles for _, triangles in sizes), declared=True)
    all_vertices, all_faces, offset = [], [], 0
    for primitive, matrix in placed:
        vertices, faces = _primitive(gltf, primitive, binary)
        # In place where possible: a million-triangle mesh must stay within 3x its file.
        if not np.array_equal(matrix, np.eye(4)):
            vertices = vertices @ matrix[:3, :3].T
            vertices += matrix[:3, 3]
        if np.linalg.det(matrix[:3, :3]) < 0:  # a mirror turns the mesh inside out
            faces[:] = faces[:, ::-1]
        faces += offset
        all_vertices.append(vertices)
        all_faces.append(faces)
        offset += len(vertices)
    if not all_vertices:
        raise MeshFormatError("its scene places no mesh")
    if len(all_vertices) == 1:
        return all_vertices[0], all_faces[0]
    return np.concatenate(all_vertices), np.concatenate(all_faces)


def _chunks(data: bytes) -> tuple[GltfJson, memoryview]:
    """The parsed JSON chunk and the binary chunk (empty if absent), both checked."""
    if len(data) < 20 or data[:4] != b"glTF":
        raise MeshFormatError("it does not start with 'glTF' (a binary glTF file does)")
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2:
        raise MeshFormatError(f"it is glTF version {version}; only version 2 is supported")
    if length != len(data):
        raise MeshFormatError(f"its header says {length:,} bytes, but the file has {len(data):,}")
    json_length, json_type = struct.unpack_from("<I4s", data, 12)
    if json_type != b"JSON" or 20 + json_length > len(data):
        raise MeshFormatError("its first chunk is not a JSON chunk that fits in the file")
    if json_length > MAX_JSON_BYTES:
        raise MeshFormatError(
            f"its JSON chunk is {json_length:,} bytes, over the limit of {MAX_JSON_BYTES:,}",
            too_large=True,
        )
    gltf = GltfJson.parse(data[20 : 20 + json_length])
    binary = memoryview(b"")
    start = 20 + json_length
    if start + 8 <= len(data):
        bin_length, bin_type = struct.unpack_from("<I4s", data, start)
        if bin_type != b"BIN\x00" or start + 8 + bin_length > len(data):
            raise MeshFormatError("its second chunk is not a binary chunk that fits in the file")
        binary = memoryview(data)[start + 8 : start + 8 + bin_length]
    return gltf, binary


def _sizes(gltf: GltfJson, primitive: dict, binary: memoryview) -> tuple[int, int]:
    """(vertices, triangles) of ``primitive``, checked against the binary chunk."""
    position = gltf.accessor(primitive["attributes"]["POSITION"], {_FLOAT: "<f4"}, "VEC3")
    vertices = gltf.check_fits(position, binary)
    if "indices" not in primitive:
        if vertices % 3:
            raise MeshFormatError(
                f"a primitive without indices has {vertices} vertices, not 3 per triangle"
            )
        return vertices, vertices // 3
    indices = gltf.accessor(primitive["indices"], _COMPONENTS, "SCALAR")
    count = gltf.check_fits(indices, binary)
    if count % 3:
        raise MeshFormatError(f"a primitive has {count} indices, not 3 per triangle")
    return vertices, count // 3


def _primitive(
    gltf: GltfJson, primitive: dict, binary: memoryview
) -> tuple[np.ndarray, np.ndarray]:
    position = gltf.accessor(primitive["attributes"]["POSITION"], {_FLOAT: "<f4"}, "VEC3")
    vertices = gltf.read(position, binary).astype(np.float64)
    if "indices" in primitive:
        faces = gltf.read(gltf.accessor(primitive["indices"], _COMPONENTS, "SCALAR"), binary)
        faces = faces.astype(np.int64).reshape(-1, 3)
    else:
        faces = np.arange(len(vertices), dtype=np.int64).reshape(-1, 3)
    return vertices, faces
