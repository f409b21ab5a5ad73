"""Time the pain-drawing ranking: 200 trigger points on a 50k-vertex skin.

Importable by the benchmark (``bench_ranking()``) and runnable on its own::

    python -m explorer.bench_lookup

The skin is a synthetic sphere of head size, and each trigger point gets an
essential spot and a spillover region of realistic size, painted with the
same fall-off as real zones. Ranking cost depends only on the number of
candidates and how much skin their patterns cover, not on how the fields were
made, so straight-line distances (fast to build) stand in for geodesic ones.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from scipy import sparse
from scipy.spatial import ConvexHull

from explorer.model.lookup import MIDLINE_MM, Candidate, LookupIndex, candidate_rows, vertex_areas
from explorer.model.referral import SPILLOVER_LEVEL, smooth_falloff

#: Radius of the synthetic head, mm.
HEAD_RADIUS_MM = 95.0


def sphere_mesh(n_vertices: int, radius: float = HEAD_RADIUS_MM) -> tuple[np.ndarray, np.ndarray]:
    """An evenly spread (Fibonacci) sphere of ``n_vertices`` and its triangles."""
    index = np.arange(n_vertices) + 0.5
    polar = np.arccos(1 - 2 * index / n_vertices)
    azimuth = np.pi * (1 + 5**0.5) * index
    unit = np.column_stack(
        [np.cos(azimuth) * np.sin(polar), np.sin(azimuth) * np.sin(polar), np.cos(polar)]
    )
    return radius * unit, ConvexHull(unit).simplices.astype(np.int64)


def synthetic_index(
    n_trigger_points: int, n_vertices: int, seed: int = 0
) -> tuple[LookupIndex, np.ndarray]:
    """A :class:`LookupIndex` of random patterns, and the sphere's vertices.

    Points come as left/right twins, so the index also holds one pair
    candidate per twin, as a real catalog does.
    """
    rng = np.random.default_rng(seed)
    vertices, faces = sphere_mesh(n_vertices)
    candidates, rows, twins = [], [], []
    for number in range(n_trigger_points):
        centre, around = vertices[rng.integers(n_vertices, size=2)]
        reach, spread = rng.uniform(20, 45), rng.uniform(25, 55)
        essential = smooth_falloff(np.linalg.norm(vertices - centre, axis=1), reach, 0.4 * reach)
        spillover = SPILLOVER_LEVEL * smooth_falloff(
            np.linalg.norm(vertices - around, axis=1), spread, 0.4 * spread
        )
        side = ("left", "right")[number % 2]
        muscle = f"m{number // 2}"
        candidates.append(Candidate((f"{muscle}.tp1.{side}",), muscle, "M", side, "M TrP1"))
        rows.append(candidate_rows(essential, spillover))
        twins.append((essential, spillover))
        if side == "right":
            (left_e, left_s), (right_e, right_s) = twins[-2:]
            pair_ids = (f"{muscle}.tp1.left", f"{muscle}.tp1.right")
            candidates.append(Candidate(pair_ids, muscle, "M", "both", "M TrP1"))
            rows.append(
                candidate_rows(
                    np.minimum(left_e + right_e, 1), np.minimum(left_s + right_s, SPILLOVER_LEVEL)
                )
            )
    blocks = [sparse.vstack([row[level] for row in rows], format="csr") for level in range(3)]
    x = vertices[:, 0]
    sides = np.where(x < -MIDLINE_MM, -1, np.where(x > MIDLINE_MM, 1, 0))
    return LookupIndex(candidates, *blocks, vertex_areas(vertices, faces), sides), vertices


def bench_ranking(
    n_trigger_points: int = 200, n_vertices: int = 50_000, repeats: int = 50, seed: int = 0
) -> dict:
    """Median and worst time (ms) of one ranking, over ``repeats`` random 30 mm drawings.

    Each ranking is the GUI's call: :meth:`LookupIndex.rank` for as many
    muscles as the "Where does it hurt?" list shows.

    Returns
    -------
    dict
        ``n_trigger_points``, ``n_vertices``, ``nonzeros`` (stored field
        values), ``top`` (muscles listed), ``median_ms``, ``max_ms``.
    """
    # The list's own length; imported here so the module stays free of Qt otherwise.
    from explorer.qt.panels.pain_drawing import TOP_N

    index, vertices = synthetic_index(n_trigger_points, n_vertices, seed)
    rng = np.random.default_rng(seed + 1)
    timings = []
    for _ in range(repeats):
        centre = vertices[rng.integers(len(vertices))]
        drawing = smooth_falloff(np.linalg.norm(vertices - centre, axis=1), 26.0, 8.0)
        start = time.perf_counter()
        index.rank(drawing, top=TOP_N)
        timings.append(1000 * (time.perf_counter() - start))
    return {
        "n_trigger_points": n_trigger_points,
        "n_vertices": n_vertices,
        "nonzeros": int(index.matrix.nnz),
        "top": TOP_N,
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
    }


if __name__ == "__main__":
    print(bench_ranking())
