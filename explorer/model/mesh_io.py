"""Read one mesh file of the atlas safely: inside the atlas folder, size-capped, verified.

Every failure raises :class:`MeshFileError` with a message and a fix sentence;
:mod:`explorer.model.atlas` turns it into a located :class:`~explorer.model.errors.Problem`.
No Qt, VTK, pyvista or trimesh here: :mod:`explorer.model.mesh_formats` parses
the bytes into numpy arrays within bounded memory.

Memory: a file is refused unread when it is over the byte cap; its bytes are
then read once, and the readers check every count a header declares against
the file's size and the triangle cap before allocating. Peak memory while
loading or refusing a mesh is about the file's size plus the arrays of the
largest mesh allowed (72 MB of vertices and 24 MB of faces for a million
triangles), whatever the file claims.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from explorer.model.errors import clip, clip_path
from explorer.model.mesh_formats import READERS, Limits, MeshFormatError, read_mesh
from explorer.model.zones import BODY_LIMIT_MM

MESH_FORMATS = tuple(sorted(READERS))

# The byte cap is derived from the triangle cap so one setting bounds memory.
# ASCII STL, the most verbose format accepted, needs about 230 bytes per
# triangle; binary PLY needs about 20.
BYTES_PER_TRIANGLE = 256
HEADER_BYTES = 64 * 1024
#: Longest file or folder name most file systems allow, in bytes.
MAX_NAME_BYTES = 255
#: Longest resolved path quoted in a message (its end is kept): a path on disk is not a
#: value someone typed, and cutting a temporary folder's name would hide which file it is.
PATH_LIMIT = 160
#: Longest mesh path accepted, in characters.
MAX_PATH_CHARS = 1024

UNIT_TO_MM = {"mm": 1.0, "cm": 10.0, "dm": 100.0, "m": 1000.0}
_SIZE_FIX = "Decimate the mesh, or raise max_triangles if the machine has the memory."


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


def check_mesh_path(relative: str) -> str | None:
    """What is wrong with ``relative`` as a mesh path (e.g. ``"a name of 300 bytes"``), or None.

    Checked before the file system sees the path: a NUL byte or a name over
    the file system's limit would otherwise surface as an OSError.
    """
    if not relative.strip():
        return "an empty path"
    if any(ord(character) < 32 or ord(character) == 127 for character in relative):
        return "a path with a control character in it"
    if len(relative) > MAX_PATH_CHARS:
        return f"a path of {len(relative):,} characters (at most {MAX_PATH_CHARS:,})"
    for name in relative.replace("\\", "/").split("/"):
        if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return (
                f"a name of {len(name.encode('utf-8', 'surrogatepass')):,} bytes, "
                f"'{clip(name, 40)}' (names have at most {MAX_NAME_BYTES} bytes)"
            )
    return None


def resolve_inside(root: Path, relative: str) -> Path:
    """Resolve ``relative`` against ``root`` and refuse anything that leaves ``root``.

    Symlinks are followed before the check, so a link pointing outside the
    atlas folder is refused just like ``../x.ply``.

    Raises
    ------
    MeshFileError
        If ``relative`` is absolute, malformed or resolves outside ``root``.
    """
    fix = "Put the mesh inside the atlas folder and give its path relative to the manifest."
    shown = clip_path(relative)
    wrong = check_mesh_path(relative)
    if wrong:
        raise MeshFileError(f"mesh path '{shown}' is {wrong}.", fix)
    if Path(relative).is_absolute() or relative.startswith(("/", "\\")):
        raise MeshFileError(
            f"mesh path '{shown}' is absolute; only relative paths are allowed.", fix
        )
    try:
        root = root.resolve()
        resolved = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, for one
        raise MeshFileError(f"mesh path '{shown}' cannot be resolved ({clip(exc)}).", fix) from None
    if not resolved.is_relative_to(root):
        raise MeshFileError(
            f"mesh path '{shown}' resolves to {clip_path(resolved, PATH_LIMIT)}, outside the atlas "
            f"folder {clip_path(root, PATH_LIMIT)}.",
            fix,
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
    shown = clip_path(path, PATH_LIMIT)
    try:
        if not path.is_file():
            message = (
                f"mesh file {shown} is not a regular file (a folder, device or pipe)."
                if path.exists()
                else f"mesh file not found: {shown}."
            )
            raise MeshFileError(message, "Check the 'file' path, or rebuild the atlas.")
        size = path.stat().st_size
        if size > max_bytes:
            raise MeshFileError(
                f"mesh file {shown} is {size} bytes, over the limit of {max_bytes} bytes.",
                _SIZE_FIX,
            )
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        reason = clip(exc.strerror or exc)
        raise MeshFileError(
            f"mesh file {shown} could not be read ({reason}).", "Check its permissions."
        ) from None
    if len(data) > max_bytes:
        raise MeshFileError(
            f"mesh file {shown} grew over the limit of {max_bytes} bytes.", _SIZE_FIX
        )
    if sha256 is not None:
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256.lower():
            raise MeshFileError(
                f"mesh file {shown} has sha256 {actual}, but the manifest expects {sha256}.",
                "Restore the original file, or update 'sha256' if the change is intended.",
                field="sha256",
            )
    return data


def parse_mesh(path: Path, data: bytes, max_triangles: int) -> tuple[np.ndarray, np.ndarray]:
    """Parse mesh bytes into ``(vertices float64 (N,3), faces int64 (M,3))``.

    Raises
    ------
    MeshFileError
        If the bytes are not a valid mesh of the format ``path``'s suffix
        names, it has no triangles, too many, non-finite coordinates or face
        indices out of range.
    """
    shown = clip_path(path, PATH_LIMIT)
    fix = f"Re-export it as a valid {path.suffix.lstrip('.').upper()} triangle mesh."
    try:
        vertices, faces = read_mesh(path.suffix, data, Limits(max_triangles))
    except MeshFormatError as exc:
        if exc.too_large:
            raise MeshFileError(f"mesh file {shown}: {clip(exc.reason, 300)}.", _SIZE_FIX) from None
        raise MeshFileError(
            f"mesh file {shown} could not be read ({clip(exc.reason, 300)}).", fix
        ) from None
    except Exception as exc:  # a reader bug must not crash the app; the fuzz harness flags it
        raise MeshFileError(
            f"mesh file {shown} could not be read (internal error, {type(exc).__name__}: "
            f"{clip(exc)}).",
            fix,
        ) from None
    if faces.ndim != 2 or faces.shape[1] != 3 or len(faces) == 0:
        raise MeshFileError(f"mesh file {shown} could not be read (it has no triangles).", fix)
    if len(faces) > max_triangles:
        raise MeshFileError(
            f"mesh file {shown} has {len(faces)} triangles, over the limit of {max_triangles}.",
            _SIZE_FIX,
        )
    if faces.min() < 0 or faces.max() >= len(vertices):
        wrong = faces.min() if faces.min() < 0 else faces.max()
        raise MeshFileError(
            f"mesh file {shown} could not be read (a face refers to vertex {wrong}, but "
            f"there are {len(vertices)}).",
            fix,
        )
    if not np.isfinite(vertices).all():
        raise MeshFileError(
            f"mesh file {shown} could not be read (it has NaN or infinite coordinates).", fix
        )
    if not has_area(vertices, faces):
        raise MeshFileError(
            f"mesh file {shown} could not be read (every triangle has zero area: its corners "
            "coincide or lie on one line).",
            fix,
        )
    return vertices, faces


#: Triangles looked at per step by :func:`has_area`: a few MB of temporary arrays at most.
AREA_CHUNK = 65_536


#: A triangle whose sides meet at less than about this angle (radians) counts as flat:
#: float32 coordinates a metre from the origin put corners of a line that far off it.
FLAT_SINE = 1e-4


def has_area(vertices: np.ndarray, faces: np.ndarray) -> bool:
    """True if at least one triangle of the mesh is more than a sliver.

    A mesh of degenerate triangles only (corners that coincide or lie on
    one line) draws nothing and cannot be picked. Real meshes answer in the
    first chunk; the chunks keep a mesh of a million flat triangles from
    costing hundreds of MB of cross products.
    """
    for start in range(0, len(faces), AREA_CHUNK):
        corners = vertices[faces[start : start + AREA_CHUNK]]
        first, second = corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]
        with np.errstate(over="ignore", invalid="ignore"):
            twice_area = np.linalg.norm(np.cross(first, second), axis=1)
            sides = np.einsum("ij,ij->i", first, first) + np.einsum("ij,ij->i", second, second)
            if np.any(twice_area > FLAT_SINE * sides):
                return True
    return False


def to_atlas_frame(
    vertices: np.ndarray, faces: np.ndarray, units: str, transform: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Scale ``vertices`` to millimetres, then apply the optional 4x4 affine ``transform``.

    A transform with a negative determinant (a mirror) turns the mesh inside
    out, so the face winding is reversed to keep normals pointing outward.
    """
    # No more copies than needed: a mesh near the triangle cap must stay within 3x its file.
    with np.errstate(over="ignore", invalid="ignore"):
        if UNIT_TO_MM[units] != 1.0:
            vertices = vertices * UNIT_TO_MM[units]
        if transform is not None:
            linear, offset = transform[:3, :3], transform[:3, 3]
            vertices = vertices @ linear.T
            vertices += offset
            if np.linalg.det(linear) < 0:
                faces = faces[:, ::-1]
    return np.ascontiguousarray(vertices), np.ascontiguousarray(faces)


#: Smallest width a structure may have along its longest side, in mm: the
#: smallest part of the atlas spans millimetres, so less is a units mistake
#: (a mesh in metres read as millimetres is a thousand times too small).
MIN_EXTENT_MM = 0.5


def check_in_reach(path: Path, vertices: np.ndarray, field: str) -> None:
    """Refuse a mesh that, in the atlas frame, lies beyond any body's reach or is a speck.

    Raises
    ------
    MeshFileError
        Located at ``field`` (``units`` or ``transform``, whichever put it there).
    """
    fix = "Check 'units' (what one unit of the file is) and the 'transform'."
    if len(vertices) == 0:
        return
    # Per-axis bounds, not np.abs(vertices): no temporary the size of the mesh.
    low, high = vertices.min(axis=0), vertices.max(axis=0)
    with np.errstate(invalid="ignore", over="ignore"):
        reach = float(max(np.abs(low).max(), np.abs(high).max()))
        extent = float((high - low).max())
    shown = clip_path(path, PATH_LIMIT)
    if not (np.isfinite(reach) and reach <= BODY_LIMIT_MM):
        raise MeshFileError(
            f"mesh file {shown} reaches {reach:.3g} mm from the atlas origin once its units and "
            f"transform are applied; a body fits within {BODY_LIMIT_MM:g} mm.",
            fix,
            field=field,
        )
    if extent < MIN_EXTENT_MM:
        raise MeshFileError(
            f"mesh file {shown} spans only {extent:.3g} mm once its units and transform are "
            f"applied; the smallest structure of the atlas is wider than {MIN_EXTENT_MM:g} mm.",
            fix,
            field=field,
        )
