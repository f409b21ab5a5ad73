"""Read one mesh file of the atlas safely: inside the atlas folder, size-capped, verified.

Every failure raises :class:`MeshFileError` with a message and a fix sentence;
:mod:`explorer.model.atlas` turns it into a located :class:`~explorer.model.errors.Problem`.
No Qt, VTK or pyvista here: meshes are parsed into numpy arrays, binary PLY
(what the atlas ships) by :mod:`explorer.model.ply_fast`, other formats by trimesh.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np

from explorer.model.ply_fast import read_binary_ply

# Formats trimesh reads from a single self-contained file. glTF (.gltf) is left
# out on purpose: it refers to side files that could live outside the atlas.
MESH_FORMATS = (".glb", ".obj", ".off", ".ply", ".stl")

# The byte cap is derived from the triangle cap so one setting bounds memory.
# ASCII STL, the most verbose format accepted, needs about 230 bytes per
# triangle; binary PLY needs about 20.
BYTES_PER_TRIANGLE = 256
HEADER_BYTES = 64 * 1024

UNIT_TO_MM = {"mm": 1.0, "cm": 10.0, "dm": 100.0, "m": 1000.0}


class MeshFileError(Exception):
    """A mesh file is missing, unsafe, too large or unreadable.

    Parameters
    ----------
    message
        What is wrong, naming the file.
    fix
        One sentence telling the user how to repair it.
    field
        The manifest field the problem belongs to, so the error points at its line.
    """

    def __init__(self, message: str, fix: str, field: str = "file") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.field = field


def max_bytes_for(max_triangles: int) -> int:
    """Return the largest mesh file size, in bytes, allowed for ``max_triangles``."""
    return HEADER_BYTES + BYTES_PER_TRIANGLE * max_triangles


def resolve_inside(root: Path, relative: str) -> Path:
    """Resolve ``relative`` against ``root`` and refuse anything that leaves ``root``.

    Symlinks are followed before the check, so a link pointing outside the
    atlas folder is refused just like ``../x.ply``.

    Raises
    ------
    MeshFileError
        If ``relative`` is absolute or resolves outside ``root``.
    """
    fix = "Put the mesh inside the atlas folder and give its path relative to the manifest."
    if Path(relative).is_absolute() or relative.startswith(("/", "\\")):
        raise MeshFileError(
            f"mesh path '{relative}' is absolute; only relative paths are allowed.", fix
        )
    root = root.resolve()
    resolved = (root / relative).resolve()
    if not resolved.is_relative_to(root):
        raise MeshFileError(
            f"mesh path '{relative}' resolves to {resolved}, outside the atlas folder {root}.", fix
        )
    return resolved


def read_mesh_bytes(path: Path, max_bytes: int, sha256: str | None) -> bytes:
    """Read a mesh file's bytes after checking its size, then verify ``sha256`` if given.

    The size is checked from ``stat`` before reading and again on the bytes
    read, so a file that grows in between still cannot exhaust memory.

    Raises
    ------
    MeshFileError
        If the file is missing, too large, unreadable or its hash differs.
    """
    if not path.is_file():
        raise MeshFileError(
            f"mesh file not found: {path}.", "Check the 'file' path, or rebuild the atlas."
        )
    size_fix = "Decimate the mesh, or raise max_triangles if the machine has the memory."
    size = path.stat().st_size
    if size > max_bytes:
        raise MeshFileError(
            f"mesh file {path} is {size} bytes, over the limit of {max_bytes} bytes.", size_fix
        )
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise MeshFileError(
            f"mesh file {path} could not be read ({exc}).", "Check its permissions."
        ) from None
    if len(data) > max_bytes:
        raise MeshFileError(f"mesh file {path} grew over the limit of {max_bytes} bytes.", size_fix)
    if sha256 is not None:
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256.lower():
            raise MeshFileError(
                f"mesh file {path} has sha256 {actual}, but the manifest expects {sha256}.",
                "Restore the original file, or update 'sha256' if the change is intended.",
                field="sha256",
            )
    return data


def parse_mesh(path: Path, data: bytes, max_triangles: int) -> tuple[np.ndarray, np.ndarray]:
    """Parse mesh bytes into ``(vertices float64 (N,3), faces int64 (M,3))``.

    Raises
    ------
    MeshFileError
        If trimesh cannot read it, it has no triangles, too many triangles,
        non-finite coordinates or face indices out of range.
    """
    fix = f"Re-export it as a valid {path.suffix.lstrip('.').upper()} triangle mesh."
    try:
        parsed = read_binary_ply(data) if path.suffix.lower() == ".ply" else None
        if parsed is None:
            # Imported here: trimesh costs about a second of start-up, and the
            # shipped atlas never needs it (see ply_fast).
            import trimesh

            # process=False keeps the file's vertex order, so per-vertex data and
            # landmarks authored against it stay valid; it is also faster.
            mesh = trimesh.load(
                io.BytesIO(data),
                file_type=path.suffix.lstrip(".").lower(),
                force="mesh",
                process=False,
            )
            parsed = mesh.vertices, mesh.faces
        vertices = np.asarray(parsed[0], dtype=np.float64)
        faces = np.asarray(parsed[1], dtype=np.int64)
    except Exception as exc:  # trimesh raises many unrelated types on bad bytes
        reason = str(exc)[:200] or type(exc).__name__
        raise MeshFileError(f"mesh file {path} could not be read ({reason}).", fix) from None
    if faces.ndim != 2 or faces.shape[1] != 3 or len(faces) == 0:
        raise MeshFileError(f"mesh file {path} could not be read (it has no triangles).", fix)
    if len(faces) > max_triangles:
        raise MeshFileError(
            f"mesh file {path} has {len(faces)} triangles, over the limit of {max_triangles}.",
            "Decimate the mesh, or raise max_triangles if the machine has the memory.",
        )
    if faces.min() < 0 or faces.max() >= len(vertices) or not np.isfinite(vertices).all():
        raise MeshFileError(
            f"mesh file {path} could not be read (bad face indices or non-finite coordinates).",
            fix,
        )
    return vertices, faces


def to_atlas_frame(
    vertices: np.ndarray, faces: np.ndarray, units: str, transform: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Scale ``vertices`` to millimetres, then apply the optional 4x4 affine ``transform``.

    A transform with a negative determinant (a mirror) turns the mesh inside
    out, so the face winding is reversed to keep normals pointing outward.
    """
    vertices = vertices * UNIT_TO_MM[units]
    if transform is not None:
        linear, offset = transform[:3, :3], transform[:3, 3]
        vertices = vertices @ linear.T + offset
        if np.linalg.det(linear) < 0:
            faces = faces[:, ::-1]
    return np.ascontiguousarray(vertices), np.ascontiguousarray(faces)
