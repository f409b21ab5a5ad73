"""Distances along a triangle mesh, via Dijkstra on its edge graph.

Referred pain is painted by distance *along the skin*: a straight-line
distance would let a temple spot bleed through the head to the ear. The
graph is built once per mesh; each query then visits only the vertices
within its ``limit``, so it costs far less than the whole mesh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# Vertices closer than this (mm) are one vertex: meshes are often split along
# UV seams, and an unmerged seam would stop every zone at it.
_MERGE_DECIMALS = 4
#: Edges per block when measuring lengths (bounds the temporaries to a few MB).
_BLOCK = 1 << 16


class SurfaceGraph:
    """Weighted edge graph of a triangle mesh for geodesic queries.

    Besides the triangle edges, each pair of triangles sharing an edge adds
    the chord between their two opposite vertices. Pure edge paths zig-zag
    and overestimate distances by up to ~15 %; the chords cut that to a few
    percent, so painted discs come out round.

    Parameters
    ----------
    vertices
        (N, 3) positions in mm.
    faces
        (M, 3) vertex indices.
    """

    def __init__(self, vertices: np.ndarray, faces: np.ndarray) -> None:
        from scipy.spatial import cKDTree  # late: scipy adds ~0.25 s to start-up

        vertices = np.asarray(vertices, dtype=np.float64)
        faces = np.asarray(faces, dtype=np.int64)
        self.vertex_to_node, merged = _merge_coincident(vertices)
        self.node_positions = merged
        self.matrix = _edge_matrix(merged, self.vertex_to_node[faces])
        self._tree = cKDTree(merged)

    @property
    def node_count(self) -> int:
        """Number of distinct (merged) vertices."""
        return len(self.node_positions)

    def nearest_nodes(self, points: np.ndarray) -> np.ndarray:
        """Return the node nearest to each of the (K, 3) ``points``."""
        _, nodes = self._tree.query(np.atleast_2d(points))
        return np.asarray(nodes, dtype=np.int64)

    def distances(self, seeds: np.ndarray, limit: float = np.inf) -> np.ndarray:
        """Geodesic distance from the nearest of ``seeds`` to every node.

        Nodes farther than ``limit`` get ``inf``; the search stops there,
        which keeps a small zone cheap on a large mesh.
        """
        from scipy.sparse.csgraph import dijkstra

        seeds = np.unique(np.asarray(seeds, dtype=np.int64))
        return dijkstra(self.matrix, directed=True, indices=seeds, limit=limit, min_only=True)

    def path(self, start: int, end: int) -> np.ndarray:
        """Nodes of the shortest path from ``start`` to ``end`` (both included).

        The search is first limited to a few times the straight-line gap,
        which nearly always suffices; an unreachable ``end`` (a mesh in
        pieces) yields just the two end nodes.
        """
        from scipy.sparse.csgraph import dijkstra

        gap = float(np.linalg.norm(self.node_positions[end] - self.node_positions[start]))
        for limit in (3.0 * gap + 20.0, np.inf):
            distance, previous = dijkstra(
                self.matrix, directed=True, indices=start, limit=limit, return_predecessors=True
            )
            if np.isfinite(distance[end]):
                return _walk_back(previous, start, end)
        return np.array([start, end], dtype=np.int64)


def _walk_back(previous: np.ndarray, start: int, end: int) -> np.ndarray:
    nodes = [end]
    while nodes[-1] != start:
        nodes.append(int(previous[nodes[-1]]))
    return np.array(nodes[::-1], dtype=np.int64)


def _merge_coincident(vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (vertex -> node index, node positions), one node per distinct position."""
    grid = np.round(vertices * 10**_MERGE_DECIMALS).astype(np.int64)
    order = np.lexsort(grid.T[::-1])
    starts_group = np.ones(len(order), dtype=bool)
    starts_group[1:] = np.any(grid[order][1:] != grid[order][:-1], axis=1)
    vertex_to_node = np.empty(len(order), dtype=np.int64)
    vertex_to_node[order] = np.cumsum(starts_group) - 1
    return vertex_to_node, vertices[order[starts_group]]


def _edge_matrix(positions: np.ndarray, faces: np.ndarray) -> csr_matrix:
    """Symmetric sparse matrix of edge and chord lengths.

    Built straight in CSR form from sorted int64 keys (``row * count + col``),
    deleting each temporary as soon as it is used: on a refined skin the
    naive COO route held several copies of every edge at once and set the
    app's peak memory.
    """
    count = len(positions)
    faces = np.asarray(faces, dtype=np.int32)
    # Edge i of a face runs from corner i to corner i+1; the corner left over faces it.
    starts = faces.reshape(-1)
    ends = np.roll(faces, -1, axis=1).reshape(-1)
    opposite = np.roll(faces, -2, axis=1).reshape(-1)
    edge_keys = _undirected_keys(starts, ends, count)
    del starts, ends
    order = np.argsort(edge_keys, kind="stable")
    sorted_keys = edge_keys[order]
    del edge_keys
    shared = sorted_keys[:-1] == sorted_keys[1:]
    chords = _undirected_keys(opposite[order[:-1][shared]], opposite[order[1:][shared]], count)
    del order, shared, opposite
    keys = np.concatenate([sorted_keys, chords])
    del sorted_keys, chords
    keys = np.unique(keys)  # each edge once
    keys = keys[keys // count != keys % count]  # edges collapsed by merging a seam
    reverse = keys % count
    reverse *= count
    reverse += keys // count
    # Both directions, sorted by row then column: that is CSR order already.
    directed = np.concatenate([keys, reverse])
    del keys, reverse
    directed.sort()
    columns = (directed % count).astype(np.int32)
    # Row r's entries start at the first key >= r * count.
    indptr = np.searchsorted(directed, np.arange(count + 1, dtype=np.int64) * count)
    lengths = np.empty(len(directed), dtype=np.float64)
    for start in range(0, len(directed), _BLOCK):
        block = directed[start : start + _BLOCK]
        rows = block // count
        lengths[start : start + _BLOCK] = np.linalg.norm(
            positions[rows] - positions[columns[start : start + _BLOCK]], axis=1
        )
    del directed
    # Zero-length edges would vanish from a sparse matrix; keep them tiny instead.
    np.maximum(lengths, 1e-9, out=lengths)
    from scipy.sparse import csr_matrix

    return csr_matrix((lengths, columns, indptr.astype(np.int32)), shape=(count, count))


def _undirected_keys(a: np.ndarray, b: np.ndarray, count: int) -> np.ndarray:
    """One int64 key per vertex pair ``(a[i], b[i])``, the same whichever way round."""
    keys = np.minimum(a, b).astype(np.int64)
    keys *= count
    keys += np.maximum(a, b)
    return keys
