"""Which triangles touch which vertices, in compressed (CSR) form.

Built once per mesh, so that finding the faces around a few thousand
vertices (a painted pattern, a marker's nearest vertices) costs in
proportion to those vertices rather than to the whole mesh.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Incidence(NamedTuple):
    """The faces touching vertex ``v`` are ``faces[starts[v]:starts[v + 1]]``.

    Attributes
    ----------
    starts
        (n_vertices + 1,) int64 offsets into ``faces``.
    faces
        Face indices, grouped by vertex; within a vertex, in ascending order.
    """

    starts: np.ndarray
    faces: np.ndarray


def incident_faces(n_vertices: int, faces: np.ndarray) -> Incidence:
    """The vertex-to-face incidence of the (m, 3) triangle list ``faces``."""
    corner_vertex = np.asarray(faces).ravel()
    by_vertex = np.argsort(corner_vertex, kind="stable")
    starts = np.zeros(n_vertices + 1, dtype=np.int64)
    np.cumsum(np.bincount(corner_vertex, minlength=n_vertices), out=starts[1:])
    return Incidence(starts, by_vertex // 3)


def faces_touching(incidence: Incidence, vertices: np.ndarray) -> np.ndarray:
    """Sorted unique indices of the faces that have a corner in ``vertices``.

    The same faces, in the same order, as ``np.flatnonzero(mask[faces].any(axis=1))``
    for the mask of ``vertices``, without a pass over every face.
    """
    vertices = np.asarray(vertices, dtype=np.intp)
    if vertices.size == 0:
        return np.zeros(0, dtype=np.intp)
    first = incidence.starts[vertices]
    counts = incidence.starts[vertices + 1] - first
    # Position of each wanted entry: its vertex's start plus its rank within the vertex.
    rank = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.unique(incidence.faces[np.repeat(first, counts) + rank])
