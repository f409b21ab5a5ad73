"""Decimated copies of the atlas meshes, for the frames drawn while the camera moves.

Quadric edge collapse (fast-simplification) keeps the surface where it was:
on the shipped skin, cutting four triangles in five moves no point of the
surface by more than about 0.2 mm, less than the lift of the stripe layer
(:data:`explorer.scene.hatching.LIFT_MM`) and far less than a marker's
radius, so markers and stripes stay where they are on the coarse copy.
"""

from __future__ import annotations

import fast_simplification
import numpy as np
import pyvista as pv

#: Meshes smaller than this are drawn as they are while moving: cutting them saves little.
MIN_TRIANGLES = 2_000
#: Fraction of triangles kept while moving, per kind of structure. Bones lie under
#: muscles and see-through skin, so they can lose most; muscles and the structures
#: at risk are seen through the skin only, so they keep a little more.
KEEP_FRACTION = {
    "bone": 0.2,
    "muscle": 0.4,
    "artery": 0.4,
    "vein": 0.4,
    "nerve": 0.4,
    "organ": 0.4,
}
#: The skin is drawn with up to this many triangles while moving, and decimated
#: only beyond. It carries the painted pattern, whose outline is drawn by the
#: skin's own vertices: on a skin cut to a third, long triangles across the
#: outline drew it frayed, and the outline jumped back into shape on release.
#: The shipped skin (about 75,000) costs little while moving: with software
#: OpenGL the moving frames' time goes to multisampling, which they drop (measured
#: at 1280x800: about a quarter of a full frame whether the skin is cut or not).
MOVING_SKIN_TRIANGLES = 80_000


def keep_fraction(kind: str, triangles: int) -> float | None:
    """Fraction of ``triangles`` to keep for a structure of ``kind``; None draws it as it is."""
    if triangles < MIN_TRIANGLES:
        return None
    if kind == "skin":
        return None if triangles <= MOVING_SKIN_TRIANGLES else MOVING_SKIN_TRIANGLES / triangles
    return KEEP_FRACTION.get(kind)


def decimate(mesh: pv.PolyData, keep: float) -> tuple[pv.PolyData, np.ndarray]:
    """A copy of the triangle mesh ``mesh`` with about ``keep`` of its triangles.

    Parameters
    ----------
    mesh
        A triangle mesh with outward point normals (as
        :func:`explorer.scene.structures.polydata` makes them).
    keep
        Fraction of the triangles to keep, 0 < keep <= 1.

    Returns
    -------
    coarse, nearest
        The copy, with its own point normals, and for each of its vertices
        the index of the nearest ``mesh`` vertex. Per-vertex paint of the
        full mesh is carried over by taking it at ``nearest``: one gather.
    """
    if not 0.0 < keep <= 1.0:
        raise ValueError(f"keep must be in (0, 1], got {keep}")
    vertices, faces = fast_simplification.simplify(
        np.asarray(mesh.points, dtype=np.float32),
        np.asarray(mesh.regular_faces),
        target_reduction=1.0 - keep,
    )
    vertices = np.asarray(vertices, dtype=np.float64)
    from scipy.spatial import cKDTree  # late: scipy adds ~0.25 s to start-up

    nearest = cKDTree(np.asarray(mesh.points)).query(vertices)[1].astype(np.intp)
    cells = np.column_stack([np.full(len(faces), 3), faces]).ravel()
    # Its own normals: carried ones could come from the far side of a thin shell
    # (the skull's two tables). Consistent winding repairs the rare folded triangle,
    # which see-through skin (back faces culled) would show as a hole.
    coarse = pv.PolyData(vertices, cells).compute_normals(
        cell_normals=False, split_vertices=False, auto_orient_normals=False, consistent_normals=True
    )
    return coarse, nearest
