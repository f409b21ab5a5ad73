"""Cases for mesh files of every accepted format, each behind a one-structure manifest."""

from __future__ import annotations

import json
import random
import re
import struct

from explorer.fuzz.cases import Case
from explorer.fuzz.seeds import BINARY_KINDS, MESH_KINDS, Seeds

FAMILIES = ("valid", "truncate", "flip-bytes", "zeros", "junk", "header-lie", "nan",
            "huge-coordinate", "bad-index", "no-faces", "wrong-format", "geometry")  # fmt: skip
#: All-zero file sizes tried; the last is just under the byte cap for a million triangles.
ZERO_SIZES = [0, 1, 84, 1000, 65536, 1 << 20, 16 << 20, 64 << 20, 256_000_000]

#: A manifest whose only structure is the skin, read from ``{file}``.
ONE_MESH_MANIFEST = """\
version: 1
name: Mesh case
frame: RAS
sources:
  s: {{title: Synthetic, licence: CC0-1.0}}
structures:
  - {{id: skin, name: Skin, kind: skin, layer: superficial, side: midline, file: {file},
     color: "#e0b9a0", source: s}}
"""

#: A cube of quads with texture and normal indices, some relative, at a body's height.
QUAD_OBJ = b"""# cube of quads
mtllib cube.mtl
o cube
v -20 -20 1480
v 20 -20 1480
v 20 20 1480
v -20 20 1480
v -20 -20 1520
v 20 -20 1520
v 20 20 1520
v -20 20 1520
vt 0 0
vt 1 0
vt 1 1
vn 0 0 1
usemtl skin
s off
f 1/1/1 4/2/1 3/3/1 2/1/1
f 5//1 6//1 7//1 8//1
g sides
f -8 -7 -3 -4
f 2 3 7 6
f 3 4 8 7
f 4 1 5 8
"""

# The first coordinate of the first vertex, per text format.
_FIRST_COORDINATE = {
    "obj": re.compile(rb"^v +(\S+)", re.MULTILINE),
    "ply_ascii": re.compile(rb"end_header\r?\n(\S+)"),
    "off": re.compile(rb"\AOFF\s+\d+ \d+ \d+\s+(\S+)"),
    "stl_ascii": re.compile(rb"vertex +(\S+)"),
}


def _replace(data: bytes, match: re.Match, value: bytes) -> bytes:
    return data[: match.start(1)] + value + data[match.end(1) :]


def _ply_layout(data: bytes) -> tuple[int, int]:
    """(byte where vertices start, byte where faces start) in the binary PLY sample."""
    start = data.index(b"end_header\n") + len(b"end_header\n")
    vertices = int(re.search(rb"element vertex (\d+)", data).group(1))
    return start, start + 12 * vertices


def _glb_parts(data: bytes) -> tuple[dict, bytes]:
    length = struct.unpack_from("<I", data, 12)[0]
    return json.loads(data[20 : 20 + length]), data[20 + length + 8 :]


def _glb(gltf: dict, binary: bytes) -> bytes:
    text = json.dumps(gltf).encode()
    text += b" " * (-len(text) % 4)
    body = (
        struct.pack("<I4s", len(text), b"JSON")
        + text
        + struct.pack("<I4s", len(binary), b"BIN\x00")
    )
    body += binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(body)) + body


def _glb_accessor_start(gltf: dict, accessor: int) -> int:
    item = gltf["accessors"][accessor]
    return gltf["bufferViews"][item["bufferView"]].get("byteOffset", 0) + item.get("byteOffset", 0)


def with_coordinate(kind: str, data: bytes, value: float) -> bytes:
    """The sample with its first vertex's x set to ``value``."""
    if kind in _FIRST_COORDINATE:
        return _replace(data, _FIRST_COORDINATE[kind].search(data), repr(value).encode())
    edited = bytearray(data)
    if kind == "ply":
        struct.pack_into("<f", edited, _ply_layout(data)[0], value)
    elif kind == "stl":
        struct.pack_into("<f", edited, 84 + 12, value)
    else:
        gltf, binary = _glb_parts(data)
        position = gltf["meshes"][0]["primitives"][0]["attributes"]["POSITION"]
        binary = bytearray(binary)
        struct.pack_into("<f", binary, _glb_accessor_start(gltf, position), value)
        return _glb(gltf, bytes(binary))
    return bytes(edited)


def with_bad_index(kind: str, data: bytes, vertices: int) -> bytes | None:
    """The sample with one face corner past the last vertex (None for STL, which has none)."""
    beyond = vertices + 10
    if kind == "obj":
        return _replace(data, re.search(rb"^f \S+ \S+ (\S+)", data, re.MULTILINE), b"%d" % beyond)
    if kind in ("ply_ascii", "off"):
        return _replace(data, re.search(rb"^3 \S+ \S+ (\S+)", data, re.MULTILINE), b"%d" % beyond)
    if kind == "ply":
        edited = bytearray(data)
        struct.pack_into("<i", edited, _ply_layout(data)[1] + 1, beyond)
        return bytes(edited)
    if kind == "glb":
        gltf, binary = _glb_parts(data)
        indices = gltf["meshes"][0]["primitives"][0]["indices"]
        code = {5121: "<B", 5123: "<H", 5125: "<I"}[gltf["accessors"][indices]["componentType"]]
        binary = bytearray(binary)
        struct.pack_into(code, binary, _glb_accessor_start(gltf, indices), beyond)
        return _glb(gltf, bytes(binary))
    return None


def with_header_lie(rng: random.Random, kind: str, data: bytes) -> bytes | None:
    """The sample whose header claims far more than the file holds (None if it has no header)."""
    huge = rng.choice([2**31, 10**9, 4_000_000])
    if kind in ("ply", "ply_ascii"):
        element = rng.choice([b"vertex", b"face"])
        return re.sub(rb"element " + element + rb" \d+", b"element %s %d" % (element, huge), data)
    if kind == "off":
        return re.sub(rb"\AOFF\n\d+ \d+", b"OFF\n%d %d" % (huge, huge), data)
    if kind == "stl":
        return data[:80] + struct.pack("<I", rng.choice([2**32 - 1, 2**31, 1])) + data[84:]
    if kind == "glb":
        gltf, binary = _glb_parts(data)
        if rng.random() < 0.5:
            return data[:8] + struct.pack("<I", len(data) + rng.choice([4, 10**6])) + data[12:]
        primitive = gltf["meshes"][0]["primitives"][0]
        used = rng.choice([primitive["attributes"]["POSITION"], primitive["indices"]])
        gltf["accessors"][used]["count"] = huge
        return _glb(gltf, binary)
    return None


def without_faces(kind: str, data: bytes) -> bytes | None:
    """The sample with every face removed but still well formed."""
    if kind == "ply":
        return data[: _ply_layout(data)[1]].replace(b"element face 320", b"element face 0")
    if kind == "ply_ascii":
        kept = re.sub(rb"^3 .*\n", b"", data, flags=re.MULTILINE)
        return kept.replace(b"element face 320", b"element face 0")
    if kind == "obj":
        return re.sub(rb"^f .*\n", b"", data, flags=re.MULTILINE)
    if kind == "off":
        kept = re.sub(rb"^3 .*\n", b"", data, flags=re.MULTILINE)
        return re.sub(rb"\AOFF\n(\d+) \d+", rb"OFF\n\1 0", kept)
    if kind == "stl":
        return bytes(80) + struct.pack("<I", 0)
    if kind == "stl_ascii":
        return b"solid empty\nendsolid empty\n"
    return None


def make_case(rng: random.Random, seeds: Seeds, number: int) -> Case:
    """One mesh case: a format, a mutation and the manifest that names the file."""
    kind = rng.choice(list(MESH_KINDS))
    suffix = MESH_KINDS[kind][0]
    family = rng.choice(FAMILIES)
    sample = seeds.meshes[kind]
    name = f"mesh{suffix}"
    case = Case(number, "mesh", family, kind, "invalid", "manifest.yaml",
                files={"manifest.yaml": ONE_MESH_MANIFEST.format(file=name).encode()})  # fmt: skip
    data: bytes | None = None
    if family == "valid":
        data, case.expect, case.name = _valid(rng, kind, sample)
    elif family == "truncate":
        data = sample[: rng.randrange(1, len(sample))]
        case.expect = "invalid" if kind in BINARY_KINDS else "either"
    elif family == "flip-bytes":
        edited = bytearray(sample)
        for _ in range(rng.randint(1, 8)):
            edited[rng.randrange(len(edited))] = rng.randrange(256)
        data, case.expect = bytes(edited), "either"
    elif family == "zeros":
        size = rng.choice(ZERO_SIZES)
        case.zeros[name], case.name = size, f"{kind} {size:,} zero bytes"
    elif family == "junk":
        data = bytes(rng.randrange(256) for _ in range(rng.choice([16, 1000, 20000])))
    elif family == "header-lie":
        data = with_header_lie(rng, kind, sample)
    elif family == "huge-coordinate":
        data = with_coordinate(kind, sample, rng.choice([1e12, -5e6, 3.4e38]))
    elif family == "bad-index":
        data = with_bad_index(kind, sample, seeds.mesh_vertex_count[kind])
    elif family == "no-faces":
        data = without_faces(kind, sample)
    elif family == "geometry":
        variant = rng.choice(["flat", "speck", "some-flat"])
        data, case.name = seeds.mesh_variants[kind][variant], f"{kind} {variant}"
        case.expect = "valid" if variant == "some-flat" else "invalid"
    elif family == "wrong-format":
        other = rng.choice([k for k, (s, _) in MESH_KINDS.items() if s != suffix])
        data, case.name = seeds.meshes[other], f"{other} bytes named {suffix}"
    if data is None and not case.zeros:  # nan, or a mutation this format has no place for
        case.family = "nan"
        data = with_coordinate(
            kind, sample, rng.choice([float("nan"), float("inf"), -float("inf")])
        )
    if data is not None:
        case.files[name] = data
    return case


def _valid(rng: random.Random, kind: str, sample: bytes) -> tuple[bytes, str, str]:
    variant = rng.choice(["as exported", "crlf", "comment", "quads", "upper-case"])
    if variant == "quads" and kind == "obj":
        return QUAD_OBJ, "valid", "obj quads"
    if variant == "crlf" and kind in ("obj", "off", "stl_ascii", "ply_ascii"):
        return sample.replace(b"\n", b"\r\n"), "valid", f"{kind} crlf"
    if variant == "comment" and kind in ("obj", "off"):
        return b"# a comment line\n" + sample, "valid", f"{kind} comment"
    if variant == "upper-case" and kind == "stl_ascii":
        return sample.upper().replace(b"E+", b"e+").replace(b"E-", b"e-"), "valid", "STL upper"
    return sample, "valid", f"{kind} as exported"
