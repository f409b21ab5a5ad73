"""Pain-drawing ranking: 200 trigger points on a 50k-vertex skin.

Times the call the GUI makes (``LookupIndex.rank`` for the "Where does it
hurt?" list) through the lookup's own harness,
:func:`explorer.bench_lookup.bench_ranking`. If that cannot be imported the
probe fails and the table shows the ranking row as FAIL with the error:
nothing cheaper is ever timed in its place.
"""

from __future__ import annotations

from explorer.bench_lookup import bench_ranking

N_TRIGGER_POINTS = 200
N_VERTICES = 50_000


def run(repeats: int = 50) -> dict:
    """Time the ranking; return ``{"ranking": {...}}``."""
    result = bench_ranking(N_TRIGGER_POINTS, N_VERTICES, repeats=repeats)
    result["source"] = "explorer.bench_lookup.bench_ranking (LookupIndex.rank, as the GUI calls it)"
    return {"ranking": result}
