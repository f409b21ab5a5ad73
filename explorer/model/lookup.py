"""Pain drawing -> muscles ranked by how well their trigger points' referral explains it.

A pain drawing is a per-vertex weight on the skin, 0..1. Each candidate (one
trigger point, or the left and right instance of one as a pair) is scored
on area-weighted vertices, so a dense patch of mesh counts no more than a
coarse one:

* **recall**: how much of the drawing its pattern covers;
* **precision**: how much of its pattern lies inside the drawing, so a
  pattern covering far more than was marked loses points.

Both use the pattern's ``combined`` field, in which spillover counts 0.5 and
essential 1.0, so a main zone explains more than a spillover zone. The two
are merged into an F-score that weighs recall more (``RECALL_WEIGHT``):
patients often mark only the worst part of a pattern.

:meth:`LookupIndex.rank` lists **muscles**, each once, through its
best-scoring candidate, so four temporalis points cannot crowd every other
muscle out of a short list. The list is sorted by the percentage each row
shows, ``share``, as a whole number, ties broken by score, so a reader
never sees 40 % listed above 70 %. The share is the recall above: the share
of the drawn area explained, **spillover counted half**. Counting spillover
fully (the ``coverage``) would let a pattern that only brushes the drawing
with its weak, wider zone tie or beat one whose main zone covers it; the
main zone alone would hide spillover that does explain part of the pain.
Recall is also what the score rewards most, so sorting by it keeps the
score's sense of a good match. :meth:`LookupIndex.rank_points` keeps the
older per-point list, sorted by score.

All fields are stacked once into one sparse matrix, so ranking is one
sparse matrix-vector product (a few ms for 200 points on 50k vertices).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from explorer.model.lookup_results import (
    Candidate,
    LookupResult,
    MuscleResult,
    explain,
    shown_percent,
    side_words,
)
from explorer.model.referral import SPILLOVER_LEVEL, ReferralEngine

if TYPE_CHECKING:
    from scipy import sparse

# Re-exported: the results and their texts moved to lookup_results, callers import them here.
__all__ = [
    "Candidate",
    "LookupIndex",
    "LookupResult",
    "MuscleResult",
    "candidate_rows",
    "explain",
    "shown_percent",
    "side_words",
    "vertex_areas",
]

#: F-beta's beta: recall counts this many times as much as precision (squared).
RECALL_WEIGHT = 2.0
#: Field values below this are dropped from the sparse matrix (feather tails).
SPARSE_FLOOR = 0.01
#: Each side needs this share of the drawn area before left+right pairs compete.
BILATERAL_SHARE = 0.2
#: Vertices within this distance (mm) of the mid-sagittal plane belong to neither side.
MIDLINE_MM = 5.0
#: Below this score a candidate explains too little to be worth listing.
MIN_SCORE = 0.02


def vertex_areas(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area (mm²) each vertex stands for: a third of each triangle touching it (float32)."""
    vertices = np.asarray(vertices, dtype=np.float64)
    faces = np.asarray(faces, dtype=np.int64)
    corners = vertices[faces]
    triangle = 0.5 * np.linalg.norm(
        np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]), axis=1
    )
    areas = np.bincount(faces.ravel(), np.repeat(triangle / 3.0, 3), minlength=len(vertices))
    return areas.astype(np.float32)


class LookupIndex:
    """All candidates' fields stacked for fast ranking of pain drawings.

    Parameters
    ----------
    candidates
        One per row block.
    essential, combined
        (n_candidates, n_vertices) per-vertex essential level (0..1) and
        spillover-weighted pattern (0..1), dense or sparse.
    presence
        Same shape: the pattern with spillover counted as fully present.
    areas
        (n_vertices,) area of each vertex in mm².
    side_of_vertex
        (n_vertices,) -1 left, +1 right, 0 midline.
    """

    def __init__(
        self,
        candidates: Sequence[Candidate],
        essential,
        combined,
        presence,
        areas: np.ndarray,
        side_of_vertex: np.ndarray,
    ) -> None:
        from scipy import sparse  # late: scipy adds ~0.25 s to start-up

        self.candidates = tuple(candidates)
        self.areas = np.asarray(areas, dtype=np.float32)
        self.side_of_vertex = np.asarray(side_of_vertex, dtype=np.int8)
        blocks = [_sparse(block) for block in (combined, essential, presence)]
        # One tall matrix: a single product gives all three overlaps at once.
        self.matrix = sparse.vstack(blocks, format="csr", dtype=np.float32)
        self.pattern_area = np.asarray(blocks[0] @ self.areas, dtype=np.float64).ravel()
        self.is_pair = np.array([c.side == "both" for c in self.candidates])

    @property
    def n_vertices(self) -> int:
        """Length of a pain drawing."""
        return len(self.areas)

    @classmethod
    def build(cls, engine: ReferralEngine, faces: np.ndarray, trigger_points) -> LookupIndex:
        """Index ``trigger_points`` (computing any field not cached yet) on ``engine``'s skin.

        Every trigger point is a candidate; so is each left+right pair of
        the same authored point.
        """
        points = list(trigger_points)
        fields = {point.id: engine.field(point) for point in points}
        candidates, rows = [], []
        for point in points:
            candidates.append(_single(point))
            rows.append(candidate_rows(fields[point.id].essential, fields[point.id].spillover))
        for left, right in _pairs(points):
            candidates.append(_pair(left, right))
            # Left and right patterns barely touch; where they do (the midline) cap at 1.
            pair_fields = (fields[left.id], fields[right.id])
            essential = np.minimum(pair_fields[0].essential + pair_fields[1].essential, 1.0)
            spillover = np.minimum(
                pair_fields[0].spillover + pair_fields[1].spillover, SPILLOVER_LEVEL
            )
            rows.append(candidate_rows(essential, spillover))
        from scipy import sparse  # late: scipy adds ~0.25 s to start-up

        essential, combined, presence = (
            sparse.vstack([row[level] for row in rows], format="csr") for level in range(3)
        )
        x = engine.vertices[:, 0]
        sides = np.where(x < -MIDLINE_MM, -1, np.where(x > MIDLINE_MM, 1, 0))
        areas = vertex_areas(engine.vertices, faces)
        return cls(candidates, essential, combined, presence, areas, sides)

    def rank(self, drawing: np.ndarray, top: int | None = None) -> list[MuscleResult]:
        """Muscles explaining ``drawing`` (per-vertex 0..1), best first, each listed once.

        A muscle is represented by its best-scoring candidate (a point, or a
        left+right pair when the drawing has a real share on both sides).
        Muscles are sorted by that candidate's shown percentage
        (:func:`shown_percent` of its ``share``), descending, ties broken by
        score. Candidates scoring below :data:`MIN_SCORE` are dropped, so an
        empty drawing gives an empty list.
        """
        scores = self._scores(drawing)
        if scores is None:
            return []
        best_of_muscle: dict[str, int] = {}
        for index in scores.listed():  # by score, so the first one seen is the best
            best_of_muscle.setdefault(self.candidates[index].muscle, index)
        # By the percentage the row shows, so the list never reads 40 % above 70 %.
        order = sorted(
            best_of_muscle.values(),
            key=lambda i: (-shown_percent(scores.share[i]), -scores.score[i]),
        )
        return [MuscleResult(self._result(index, scores)) for index in order[:top]]

    def rank_points(self, drawing: np.ndarray, top: int | None = None) -> list[LookupResult]:
        """Candidates explaining ``drawing`` (per-vertex 0..1), by score, best first.

        Left+right pairs compete only when the drawing has a real share on
        both sides. Each trigger point is listed once: a pair is left out
        when one of its points is listed above it, and vice versa.
        Candidates scoring below :data:`MIN_SCORE` are dropped.
        """
        scores = self._scores(drawing)
        if scores is None:
            return []
        results: list[LookupResult] = []
        shown: set[str] = set()
        for index in scores.listed():
            if top is not None and len(results) >= top:
                break
            candidate = self.candidates[index]
            if shown.intersection(candidate.ids):
                continue  # each trigger point is listed once: alone, or in its pair
            shown.update(candidate.ids)
            results.append(self._result(index, scores))
        return results

    def _scores(self, drawing: np.ndarray) -> _Scores | None:
        """Every candidate's figures for ``drawing``; None if nothing is drawn."""
        weighted = np.clip(np.asarray(drawing, dtype=np.float32), 0, 1) * self.areas
        drawn = float(weighted.sum(dtype=np.float64))
        if drawn <= 0:
            return None
        n = len(self.candidates)
        overlaps = np.asarray(self.matrix @ weighted, dtype=np.float64)
        combined, essential, presence = overlaps[:n], overlaps[n : 2 * n], overlaps[2 * n :]
        recall = combined / drawn
        precision = combined / np.maximum(self.pattern_area, 1e-12)
        beta2 = RECALL_WEIGHT**2
        denominator = beta2 * precision + recall
        score = np.where(
            denominator > 0, (1 + beta2) * precision * recall / np.maximum(denominator, 1e-12), 0
        )
        if not self._is_bilateral(weighted, drawn):
            score = np.where(self.is_pair, 0.0, score)
        return _Scores(
            score=score,
            share=np.minimum(recall, 1.0),
            coverage=np.minimum(presence / drawn, 1.0),
            essential_fraction=np.where(presence > 0, essential / np.maximum(presence, 1e-12), 0),
            precision=precision,
        )

    def _is_bilateral(self, weighted: np.ndarray, drawn: float) -> bool:
        left = float(weighted[self.side_of_vertex < 0].sum(dtype=np.float64))
        right = float(weighted[self.side_of_vertex > 0].sum(dtype=np.float64))
        return min(left, right) >= BILATERAL_SHARE * drawn

    def _result(self, index: int, scores: _Scores) -> LookupResult:
        candidate = self.candidates[index]
        share, coverage, essential, precision = (
            float(values[index]) for values in scores.figures()
        )
        return LookupResult(
            candidate, float(scores.score[index]), share, coverage, essential, precision,
            explain(candidate, share, essential, precision),
        )  # fmt: skip


@dataclass(frozen=True)
class _Scores:
    """Per-candidate figures of one drawing (arrays in candidate order)."""

    score: np.ndarray
    share: np.ndarray
    coverage: np.ndarray
    essential_fraction: np.ndarray
    precision: np.ndarray

    def listed(self) -> np.ndarray:
        """Indices of the candidates scoring at least :data:`MIN_SCORE`, best score first."""
        order = np.argsort(-self.score, kind="stable")
        return order[self.score[order] >= MIN_SCORE]

    def figures(self) -> tuple[np.ndarray, ...]:
        """share, coverage, essential_fraction and precision, in that order."""
        return self.share, self.coverage, self.essential_fraction, self.precision


def candidate_rows(essential: np.ndarray, spillover: np.ndarray) -> tuple[sparse.csr_matrix, ...]:
    """One candidate's sparse (1, n) rows: essential, combined and presence.

    Built row by row, so a large catalog never needs a dense (n_tp, n_vertices) copy.
    """
    combined = np.maximum(essential, spillover)
    presence = np.maximum(essential, spillover / SPILLOVER_LEVEL)
    return tuple(_sparse(values[None, :]) for values in (essential, combined, presence))


def _sparse(block) -> sparse.csr_matrix:
    from scipy import sparse  # late: scipy adds ~0.25 s to start-up

    if sparse.issparse(block):
        return sparse.csr_matrix(block, dtype=np.float32)
    dense = np.asarray(block, dtype=np.float32)
    return sparse.csr_matrix(np.where(dense >= SPARSE_FLOOR, dense, 0.0).astype(np.float32))


def _single(point) -> Candidate:
    return Candidate((point.id,), point.muscle.id, point.muscle.name, point.side, point.name)


def _pair(left, right) -> Candidate:
    muscle = left.muscle
    return Candidate((left.id, right.id), muscle.id, muscle.name, "both", left.name)


def _pairs(points) -> list[tuple]:
    """(left, right) instances of the same authored point, when both exist."""
    by_key = {(p.muscle.id, p.key, p.side): p for p in points}
    return [
        (p, by_key[(p.muscle.id, p.key, "right")])
        for p in points
        if p.side == "left" and (p.muscle.id, p.key, "right") in by_key
    ]
