"""Pain-drawing ranking: 200 trigger points on a 50k-vertex skin.

Uses the lookup's own timing harness (``explorer.bench_lookup.bench_ranking``)
when it exists, so the benchmark times the real ``LookupIndex.rank``; with no
lookup it times a stand-in (one sparse matrix-vector product and a sort),
and says so.
"""

from __future__ import annotations

import statistics
import time

N_TRIGGER_POINTS = 200
N_VERTICES = 50_000


def run(repeats: int = 50) -> dict:
    """Time the ranking; return ``{"ranking": {...}}``."""
    try:
        from explorer.bench_lookup import bench_ranking
    except ImportError:
        return {"ranking": _stand_in(repeats)}
    result = bench_ranking(N_TRIGGER_POINTS, N_VERTICES, repeats=repeats)
    result["source"] = "explorer.bench_lookup.bench_ranking (LookupIndex.rank)"
    return {"ranking": result}


def _stand_in(repeats: int) -> dict:
    import numpy as np
    from scipy import sparse

    rng = np.random.default_rng(0)
    # Each pattern covers about 5% of the skin, as real referral zones do.
    fields = sparse.random(
        N_TRIGGER_POINTS, N_VERTICES, density=0.05, random_state=0, dtype=np.float32
    )
    fields = fields.tocsr()
    timings = []
    for _ in range(repeats):
        drawing = (rng.random(N_VERTICES) < 0.03).astype(np.float32)
        start = time.perf_counter()
        scores = fields @ drawing
        np.argsort(-scores)[:10]
        timings.append(1000.0 * (time.perf_counter() - start))
    return {
        "n_trigger_points": N_TRIGGER_POINTS,
        "n_vertices": N_VERTICES,
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "source": "stand-in: no explorer.bench_lookup",
    }
