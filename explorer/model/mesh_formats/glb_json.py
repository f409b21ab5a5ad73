"""The JSON part of a binary glTF file: typed, bounds-checked access to what a mesh needs."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.model.errors import clip
from explorer.model.mesh_formats.common import MeshFormatError

_WIDTHS = {"SCALAR": 1, "VEC3": 3}
_TRIANGLES = 4


@dataclass(frozen=True)
class Accessor:
    """Where an array lies in the binary chunk, as its JSON describes it."""

    dtype: np.dtype
    width: int
    count: int
    start: int  # byte offset in the binary chunk
    stride: int
    view_end: int  # end of its buffer view in the binary chunk


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"'{name}' is not a JSON number")


def _int(value: Any, where: str, maximum: int = 2**32) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise MeshFormatError(
            f"its JSON {where} is {clip(value)!s}, not a whole number 0..{maximum}"
        )
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MeshFormatError(f"its JSON {where} is {clip(value)!s}, not a finite number")
    return float(value)


class GltfJson:
    """The parsed JSON chunk; every getter checks the type and range of what it returns."""

    def __init__(self, root: dict) -> None:
        self.root = root

    @classmethod
    def parse(cls, raw: bytes) -> GltfJson:
        """Parse and check the top level of the JSON chunk."""
        try:
            root = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
        except UnicodeDecodeError:
            raise MeshFormatError("its JSON chunk is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise MeshFormatError(
                f"its JSON chunk is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                f"{exc.msg})"
            ) from None
        except (RecursionError, ValueError) as exc:
            raise MeshFormatError(f"its JSON chunk cannot be read ({clip(exc)})") from None
        if not isinstance(root, dict):
            raise MeshFormatError("its JSON chunk is not a JSON object")
        gltf = cls(root)
        version = gltf.mapping(root, "asset", "asset").get("version")
        if not isinstance(version, str) or not version.startswith("2."):
            raise MeshFormatError(f"its asset.version is {clip(version)!s}, not 2.x")
        for name in gltf.items(root, "extensionsRequired", "extensionsRequired"):
            raise MeshFormatError(f"it needs the extension {clip(name)}, which is not supported")
        for index, buffer in enumerate(gltf.items(root, "buffers", "buffers")):
            if "uri" in gltf.mapping({"b": buffer}, "b", f"buffers[{index}]"):
                raise MeshFormatError(
                    f"its buffers[{index}] points to another file; a .glb must hold its data"
                )
        return gltf

    # Generic checked access ---------------------------------------------------------------

    @staticmethod
    def mapping(parent: dict, key: str, where: str) -> dict:
        value = parent.get(key, {})
        if not isinstance(value, dict):
            raise MeshFormatError(f"its JSON {where} is not an object")
        return value

    @staticmethod
    def items(parent: dict, key: str, where: str) -> list:
        value = parent.get(key, [])
        if not isinstance(value, list):
            raise MeshFormatError(f"its JSON {where} is not a list")
        return value

    def entry(self, key: str, index: Any, where: str) -> dict:
        """``root[key][index]``, an object, with ``index`` checked."""
        entries = self.items(self.root, key, key)
        position = _int(index, where, len(entries) - 1) if entries else None
        if position is None:
            raise MeshFormatError(f"its JSON {where} refers to {key}, but there are none")
        return self.mapping({"e": entries[position]}, "e", f"{key}[{position}]")

    # What a mesh needs ----------------------------------------------------------------------

    def primitives(self, mesh_index: int) -> list[dict]:
        """The triangle primitives of mesh ``mesh_index``, each with a POSITION accessor."""
        mesh = self.entry("meshes", mesh_index, "node.mesh")
        primitives = self.items(mesh, "primitives", f"meshes[{mesh_index}].primitives")
        for index, primitive in enumerate(primitives):
            where = f"meshes[{mesh_index}].primitives[{index}]"
            primitive = self.mapping({"p": primitive}, "p", where)
            mode = _int(primitive.get("mode", _TRIANGLES), f"{where}.mode")
            if mode != _TRIANGLES:
                raise MeshFormatError(f"its {where} has mode {mode}; only triangles (4) are read")
            if "POSITION" not in self.mapping(primitive, "attributes", f"{where}.attributes"):
                raise MeshFormatError(f"its {where} has no POSITION attribute")
        return primitives

    def accessor(self, index: Any, components: dict[int, str], kind: str) -> Accessor:
        """Accessor ``index``, which must hold ``kind`` items of one of ``components``."""
        where = f"accessors[{clip(index, 20)}]"
        accessor = self.entry("accessors", index, where)
        if "sparse" in accessor:
            raise MeshFormatError(f"its {where} is sparse, which is not supported")
        component = accessor.get("componentType")
        if component not in components or accessor.get("type") != kind:
            raise MeshFormatError(
                f"its {where} holds {clip(accessor.get('type'), 20)!s} of type "
                f"{clip(component, 20)!s}; expected {kind} of {', '.join(map(str, components))}"
            )
        view = self.entry("bufferViews", accessor.get("bufferView"), f"{where}.bufferView")
        _int(view.get("buffer", 0), f"{where} buffer", 0)
        dtype, width = np.dtype(components[component]), _WIDTHS[kind]
        size = dtype.itemsize * width
        stride = _int(view.get("byteStride", size), f"{where} byteStride", 252)
        if stride < size:
            raise MeshFormatError(f"its {where} has a byteStride of {stride}, under {size}")
        view_start = _int(view.get("byteOffset", 0), f"{where} byteOffset")
        view_length = _int(view.get("byteLength"), f"{where} byteLength")
        return Accessor(
            dtype,
            width,
            _int(accessor.get("count"), f"{where}.count"),
            view_start + _int(accessor.get("byteOffset", 0), f"{where}.byteOffset"),
            stride,
            view_start + view_length,
        )

    @staticmethod
    def check_fits(accessor: Accessor, binary: memoryview) -> int:
        """The accessor's count, once its bytes are known to lie in its view and the chunk."""
        size = accessor.dtype.itemsize * accessor.width
        # An empty accessor still starts somewhere: past its view, numpy would refuse it.
        last = accessor.stride * (accessor.count - 1) + size if accessor.count else 0
        end = accessor.start + last
        if end > accessor.view_end or accessor.view_end > len(binary):
            raise MeshFormatError(
                f"an accessor of {accessor.count:,} items needs bytes up to {end:,}, beyond its "
                f"buffer view or the {len(binary):,}-byte binary chunk"
            )
        return accessor.count

    @staticmethod
    def read(accessor: Accessor, binary: memoryview) -> np.ndarray:
        """The accessor's items as a (count, width) or (count,) array view."""
        shape = (accessor.count, accessor.width) if accessor.width > 1 else (accessor.count,)
        strides = (accessor.stride, accessor.dtype.itemsize)[: len(shape)]
        return np.ndarray(shape, accessor.dtype, binary, accessor.start, strides)


def node_matrices(gltf: GltfJson) -> list[tuple[int, np.ndarray]]:
    """(mesh index, world matrix) of every node of the default scene that holds a mesh."""
    root = gltf.root
    if "scenes" not in root:  # no scene: every mesh once, where it stands
        return [(index, np.eye(4)) for index in range(len(gltf.items(root, "meshes", "meshes")))]
    scene = gltf.entry("scenes", root.get("scene", 0), "scene")
    stack = [(node, np.eye(4)) for node in gltf.items(scene, "nodes", "scene.nodes")]
    placed, seen = [], set()
    while stack:
        index, parent = stack.pop()
        node = gltf.entry("nodes", index, "scene node")
        if index in seen:
            raise MeshFormatError(f"its node {index} is reached twice; nodes must form a tree")
        seen.add(index)
        matrix = parent @ _local_matrix(node, index)
        if "mesh" in node:
            placed.append((node["mesh"], matrix))
        stack += [(child, matrix) for child in gltf.items(node, "children", f"nodes[{index}]")]
    return placed


def _local_matrix(node: dict, index: int) -> np.ndarray:
    where = f"nodes[{index}]"
    if "matrix" in node:
        values = node["matrix"]
        if not isinstance(values, list) or len(values) != 16:
            raise MeshFormatError(f"its {where}.matrix is not 16 numbers")
        return np.array([_number(v, f"{where}.matrix") for v in values]).reshape(4, 4).T
    matrix = np.eye(4)
    x, y, z, w = _vector(node.get("rotation", [0, 0, 0, 1]), 4, f"{where}.rotation")
    norm = math.sqrt(x * x + y * y + z * z + w * w)
    if norm == 0:
        raise MeshFormatError(f"its {where}.rotation is all zeros")
    x, y, z, w = x / norm, y / norm, z / norm, w / norm
    matrix[:3, :3] = [
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ]
    matrix[:3, :3] *= _vector(node.get("scale", [1, 1, 1]), 3, f"{where}.scale")
    matrix[:3, 3] = _vector(node.get("translation", [0, 0, 0]), 3, f"{where}.translation")
    return matrix


def _vector(value: Any, size: int, where: str) -> list[float]:
    if not isinstance(value, list) or len(value) != size:
        raise MeshFormatError(f"its {where} is not {size} numbers")
    return [_number(item, where) for item in value]
