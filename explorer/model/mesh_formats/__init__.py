"""Readers for the mesh formats the atlas accepts, written for hostile input.

Each reader turns a file's bytes into ``(vertices (N, 3) float64, faces (M, 3)
int64)`` or raises :class:`MeshFormatError` saying what is wrong and where
(a line for text formats, a header field or byte offset for binary ones).
They check what a file declares against its size and the :class:`Limits`
before allocating, and keep temporary memory to a few MB beyond the result,
which trimesh's general-purpose readers do not (an ASCII STL cost it nine
times its size). No Qt, VTK or trimesh is imported here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from explorer.model.mesh_formats.common import Limits, MeshFormatError
from explorer.model.mesh_formats.glb import read_glb
from explorer.model.mesh_formats.obj import read_obj
from explorer.model.mesh_formats.off import read_off
from explorer.model.mesh_formats.ply import read_ply
from explorer.model.mesh_formats.stl import read_stl

Reader = Callable[[bytes, Limits], tuple[np.ndarray, np.ndarray]]

#: File suffix -> reader. glTF (.gltf) is left out on purpose: it refers to
#: side files that could live outside the atlas.
READERS: dict[str, Reader] = {
    ".glb": read_glb,
    ".obj": read_obj,
    ".off": read_off,
    ".ply": read_ply,
    ".stl": read_stl,
}

__all__ = ["READERS", "Limits", "MeshFormatError", "read_mesh"]


def read_mesh(suffix: str, data: bytes, limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    """Read ``data`` as a mesh of the format named by ``suffix`` (e.g. ``".obj"``)."""
    return READERS[suffix.lower()](data, limits)
