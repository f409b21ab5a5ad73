"""Ranking muscles and trigger points for a pain drawing.

Three kinds of case: tiny hand-built indexes whose scores, shares and orders
are worked out by hand in the comments; the tiny atlas with made-up
patterns; and the shipped atlas and content.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import load_atlas
from explorer.model.content import load_catalog
from explorer.model.lookup import (
    MIN_SCORE,
    RECALL_WEIGHT,
    SPARSE_FLOOR,
    Candidate,
    LookupIndex,
    LookupResult,
    MuscleResult,
    candidate_rows,
    explain,
    shown_percent,
    side_words,
    vertex_areas,
)
from explorer.model.pain_regions import disc_drawing, region_drawing
from explorer.model.project import load_project
from explorer.model.referral import ReferralEngine

DATA = Path(__file__).resolve().parents[1] / "data"

# Four patterns around the temple and the back of the head: an exact temple
# spot, a much bigger pattern that includes it, one reaching the temple only
# with spillover, and one at the back of the head.
CONTENT = """\
version: 1
sources:
  demo: "Made up for the tests"
muscles:
  - id: alpha
    name: Alpha muscle
    structures: [demo_muscle]
    facts: {origin: a, insertion: b, action: c, innervation: d}
    trigger_points:
      - id: exact
        name: Alpha exact
        at: temple_left
        where: here
        referral:
          essential: [{spot: {at: temple_left, radius_mm: 25}}]
        referral_text: temple
        sources: [demo]
      - id: big
        name: Alpha big
        at: temple_left
        where: here
        referral:
          essential:
            - region: {around: [temple_left, vertex, glabella, tragus_left], radius_mm: 45}
        referral_text: half the head
        sources: [demo]
      - id: spilly
        name: Alpha spilly
        at: inion
        where: here
        sides: [left]
        referral:
          essential: [{spot: {at: inion, radius_mm: 10}}]
          spillover: [{spot: {at: temple_left, radius_mm: 25}}]
        referral_text: back of the head, sometimes the temple
        sources: [demo]
      - id: back
        name: Alpha back
        at: inion
        where: here
        sides: [left]
        referral:
          essential: [{region: {around: [inion], radius_mm: 30}}]
        referral_text: back of the head
        sources: [demo]
"""


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA / "tiny_atlas" / "manifest.yaml")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory, atlas):
    path = tmp_path_factory.mktemp("lookup") / "content.yaml"
    path.write_text(CONTENT)
    return load_catalog(path, set(atlas.landmarks), structure_ids=set(atlas.structures))


@pytest.fixture(scope="module")
def engine(atlas):
    return ReferralEngine(atlas.skin.vertices, atlas.skin.faces, atlas.landmark_positions())


@pytest.fixture(scope="module")
def index(engine, atlas, catalog):
    return LookupIndex.build(engine, atlas.skin.faces, catalog.trigger_points())


def test_vertex_areas_sum_to_the_surface_area(atlas):
    vertices, faces = atlas.skin.vertices, atlas.skin.faces
    corners = vertices[faces]
    total = (
        0.5
        * np.linalg.norm(
            np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]), axis=1
        ).sum()
    )
    assert vertex_areas(vertices, faces).sum() == pytest.approx(total, rel=1e-4)


def test_the_point_whose_main_zone_is_the_drawing_ranks_first(index, engine, catalog):
    drawing = engine.field(catalog.get("alpha.exact.left")).essential
    results = index.rank_points(drawing)
    assert results[0].id == "alpha.exact.left"
    assert results[0].essential_fraction > 0.95
    (alpha,) = index.rank(drawing)  # one muscle, listed once, through its best point
    assert alpha.muscle == "alpha"
    assert alpha.best == results[0]


def test_a_much_bigger_pattern_loses_to_a_matching_one(index, engine, catalog):
    drawing = disc_drawing(engine, "temple_left", 25)
    ids = [result.id for result in index.rank_points(drawing)]
    assert ids.index("alpha.exact.left") < ids.index("alpha.big.left")
    big = next(r for r in index.rank_points(drawing) if r.id == "alpha.big.left")
    assert big.coverage > 0.9  # it covers the drawing, but far more besides
    assert big.precision < 0.5


def test_a_main_zone_beats_the_same_area_as_spillover(index, engine):
    ids = [result.id for result in index.rank_points(disc_drawing(engine, "temple_left", 25))]
    assert ids.index("alpha.exact.left") < ids.index("alpha.spilly.left")


def test_a_bilateral_drawing_is_explained_by_a_pair(index, engine):
    results = index.rank_points(region_drawing(engine, "temple", "both"))
    best = results[0]
    assert best.id == "alpha.exact.left+alpha.exact.right"
    assert best.ids == ("alpha.exact.left", "alpha.exact.right")
    assert best.candidate.side == "both"
    assert "alpha.exact.left" not in [r.id for r in results]  # listed once, as the pair
    assert best.reason.startswith("Together, left and right explain")
    (alpha,) = index.rank(region_drawing(engine, "temple", "both"))
    assert alpha.ids == best.ids
    assert alpha.side_words == "both sides"


def test_a_one_sided_drawing_lists_no_pairs(index, engine, catalog, monkeypatch):
    # The right temple's pattern, and a faint trace of the left one: 16 % of the drawn
    # area is on the left, under the 20 % a side needs before pairs compete. The pair
    # would explain more of it (it is listed first once the gate is opened below), so
    # only the gate keeps it out. A plain right-temple drawing could not tell: the
    # right point beats the pair there anyway, gate or no gate.
    right = engine.field(catalog.get("alpha.exact.right")).essential
    left = engine.field(catalog.get("alpha.exact.left")).essential
    drawing = np.maximum(right, 0.19 * left)
    results = index.rank_points(drawing)
    assert results[0].id == "alpha.exact.right"
    assert all(result.candidate.side != "both" for result in results)
    assert index.rank(drawing)[0].ids == ("alpha.exact.right",)
    monkeypatch.setattr("explorer.model.lookup.BILATERAL_SHARE", 0.0)
    assert index.rank_points(drawing)[0].id == "alpha.exact.left+alpha.exact.right"


def test_the_back_of_the_head_finds_the_back_point(index, engine):
    assert index.rank_points(disc_drawing(engine, "inion", 30), top=1)[0].id == "alpha.back.left"
    assert index.rank(disc_drawing(engine, "inion", 30))[0].ids == ("alpha.back.left",)


def test_reason_text_is_plain(index, engine):
    results = index.rank_points(disc_drawing(engine, "temple_left", 25))
    exact = next(r for r in results if r.id == "alpha.exact.left")
    assert exact.reason.startswith("Explains ")
    assert "% of the area you marked, mostly with its main zone" in exact.reason
    spilly = next(r for r in results if r.id == "alpha.spilly.left")
    assert "mostly with its wider, weaker zone" in spilly.reason


def test_explain_wording():
    single = Candidate(("m.tp1.left",), "m", "M", "left", "M TrP1")
    assert (
        explain(single, 0.8, 0.9, 0.6)
        == "Explains 80 % of the area you marked, mostly with its main zone"
    )
    assert explain(single, 0.5, 0.5, 0.1).endswith(
        "with both its main and its wider zone; its pattern also reaches well beyond it"
    )


def test_empty_drawing_ranks_nothing(index):
    assert index.rank(np.zeros(index.n_vertices, dtype=np.float32)) == []
    assert index.rank_points(np.zeros(index.n_vertices, dtype=np.float32)) == []


def test_top_limits_and_json_has_the_six_keys(index, engine):
    results = index.rank_points(disc_drawing(engine, "temple_left"), top=2)
    assert len(results) == 2
    assert set(results[0].as_json()) == {
        "id", "muscle", "side", "name", "score", "essential_fraction",
    }  # fmt: skip
    assert results[0].score >= results[1].score


def test_muscle_json_adds_the_muscle_fields_to_the_best_points_keys(index, engine):
    (alpha,) = index.rank(disc_drawing(engine, "temple_left"), top=2)
    row = alpha.as_json()
    assert row == {
        **alpha.best.as_json(),
        "muscle_name": "Alpha muscle",
        "share": round(alpha.share, 4),
        "percent": round(100 * alpha.share),
    }


def test_landmark_disc_unknown_landmark(engine):
    with pytest.raises(KeyError, match="no landmark 'nowhere'"):
        disc_drawing(engine, "nowhere")


def test_bench_helper_runs_small():
    from explorer.bench_lookup import bench_ranking

    figures = bench_ranking(n_trigger_points=20, n_vertices=3000, repeats=3)
    assert figures["n_trigger_points"] == 20
    assert figures["median_ms"] > 0


def test_each_point_is_listed_once(index, engine):
    """A midline drawing: a point never shows up alone and again in its pair."""
    results = index.rank_points(disc_drawing(engine, "vertex", 40))
    listed = [tp_id for result in results for tp_id in result.ids]
    assert len(listed) == len(set(listed))


# Hand-built indexes ------------------------------------------------------
#
# A few vertices with chosen areas (mm²), every pattern 0 or 1 (spillover
# 0.5), so each figure can be worked out by hand. With D the drawn area, C
# the area-weighted overlap of the drawing with a pattern's combined field
# (spillover counted half) and A the pattern's own area:
#   recall R = C / D (the share shown), precision P = C / A,
#   score F2 = 5 P R / (4 P + R)   (RECALL_WEIGHT 2: beta² = 4).


def point(muscle: str, key: str = "p", side: str = "left") -> Candidate:
    return Candidate(
        (f"{muscle}.{key}.{side}",), muscle, f"{muscle} muscle", side, f"{muscle} {key}"
    )


def pair(muscle: str, key: str = "p") -> Candidate:
    ids = (f"{muscle}.{key}.left", f"{muscle}.{key}.right")
    return Candidate(ids, muscle, f"{muscle} muscle", "both", f"{muscle} {key}")


def hand_index(areas, patterns, sides=None) -> LookupIndex:
    """``patterns``: (candidate, essential, spillover) per-vertex lists; sides default to left."""
    candidates = [candidate for candidate, _, _ in patterns]
    essential = np.array([row for _, row, _ in patterns], dtype=np.float32)
    spillover = np.array([row for _, _, row in patterns], dtype=np.float32)
    combined = np.maximum(essential, spillover)  # spillover (0.5) explains half...
    presence = np.maximum(essential, 2 * spillover)  # ...but is there in full
    sides = np.full(len(areas), -1) if sides is None else np.asarray(sides)
    return LookupIndex(candidates, essential, combined, presence, np.asarray(areas), sides)


def test_the_hand_worked_numbers_assume_these_constants():
    assert RECALL_WEIGHT == 2.0
    assert MIN_SCORE == 0.02


def test_a_muscle_is_listed_once_through_its_best_point():
    # D = 4 (v0..v3, area 1 each); v4 (area 4) is not drawn.
    # a.p1 covers v0..v3: R 1, P 1 -> 1. a.p2 v0..v2: R 3/4, P 1 -> 3.75/4.75 = 15/19.
    # a.p3 v0,v1: R 1/2 -> 2.5/4.5 = 5/9. b.p v0 and v4: R 1/4, P 1/5 -> 0.25/1.05 = 5/21.
    # Every a point beats b.p, yet a is one row (through a.p1) and b still makes the list.
    index = hand_index(
        [1, 1, 1, 1, 4],
        [
            (point("a", "p3"), [1, 1, 0, 0, 0], [0] * 5),
            (point("b"), [1, 0, 0, 0, 1], [0] * 5),
            (point("a", "p2"), [1, 1, 1, 0, 0], [0] * 5),
            (point("a", "p1"), [1, 1, 1, 1, 0], [0] * 5),
        ],
    )
    drawing = np.array([1, 1, 1, 1, 0])
    points = index.rank_points(drawing)
    assert [r.id for r in points] == ["a.p1.left", "a.p2.left", "a.p3.left", "b.p.left"]
    assert [r.score for r in points] == pytest.approx([1.0, 15 / 19, 5 / 9, 5 / 21])
    muscles = index.rank(drawing)
    assert [(m.muscle, m.ids, m.percent) for m in muscles] == [
        ("a", ("a.p1.left",), 100),
        ("b", ("b.p.left",), 25),
    ]
    assert [m.share for m in muscles] == pytest.approx([1.0, 0.25])
    assert [m.score for m in muscles] == pytest.approx([1.0, 5 / 21])
    assert index.rank(drawing, top=1)[0].muscle == "a"


def test_muscles_are_sorted_by_the_percentage_shown_not_by_score():
    # D = 4 (v0..v3); v4 (area 13) is not drawn.
    # tight.p covers v0..v2: R 3/4, P 1 -> 15/19 = 0.789, shows 75 %.
    # wide.p covers v0..v4: C 4, A 17: R 1, P 4/17 -> (20/17) / (33/17) = 20/33 = 0.606, 100 %.
    # By score tight comes first; the list, which shows the percentages, puts wide first.
    index = hand_index(
        [1, 1, 1, 1, 13],
        [
            (point("tight"), [1, 1, 1, 0, 0], [0] * 5),
            (point("wide"), [1, 1, 1, 1, 1], [0] * 5),
        ],
    )
    drawing = np.array([1, 1, 1, 1, 0])
    assert [r.id for r in index.rank_points(drawing)] == ["tight.p.left", "wide.p.left"]
    muscles = index.rank(drawing)
    assert [(m.muscle, m.percent) for m in muscles] == [("wide", 100), ("tight", 75)]
    assert [m.score for m in muscles] == pytest.approx([20 / 33, 15 / 19])
    assert muscles[0].best.precision == pytest.approx(4 / 17)
    assert muscles[0].reason == (
        "Best match: wide p. Explains 100 % of the area you marked, mostly with its main "
        "zone; its pattern also reaches well beyond it."
    )
    assert muscles[1].reason == (
        "Best match: tight p. Explains 75 % of the area you marked, mostly with its main zone."
    )


def test_an_equal_shown_percentage_is_broken_by_score():
    # D = 1000 (v0 area 502, v1 area 498); v2 (area 502) is not drawn.
    # m1.p covers v0 and v2: R 0.502, P 1/2 -> 1.255 / 2.502 = 0.5016, shows 50 %.
    # m2.p covers v1:        R 0.498, P 1   -> 2.49 / 4.498 = 0.5536, shows 50 % too.
    # Same percentage: m2 scores higher and comes first, though its exact share is lower.
    index = hand_index(
        [502, 498, 502],
        [(point("m1"), [1, 0, 1], [0] * 3), (point("m2"), [0, 1, 0], [0] * 3)],
    )
    muscles = index.rank(np.array([1, 1, 0]))
    assert [(m.muscle, m.percent) for m in muscles] == [("m2", 50), ("m1", 50)]
    assert [m.share for m in muscles] == pytest.approx([0.498, 0.502])
    assert [m.score for m in muscles] == pytest.approx([2.49 / 4.498, 1.255 / 2.502])


def test_recall_weighs_more_than_precision():
    # D = 10 (v0..v9, area 1 each); v10 (area 10) is not drawn.
    # x.p covers everything: R 1, P 1/2 -> 2.5 / 3 = 5/6 (F1 would give 2/3).
    # y.p covers v0..v5:     R 0.6, P 1 -> 3 / 4.6 = 15/23 (F1 would give 0.75 and win).
    index = hand_index(
        [1] * 10 + [10],
        [(point("y"), [1] * 6 + [0] * 5, [0] * 11), (point("x"), [1] * 11, [0] * 11)],
    )
    drawing = np.array([1] * 10 + [0])
    points = index.rank_points(drawing)
    assert [r.id for r in points] == ["x.p.left", "y.p.left"]
    assert [r.score for r in points] == pytest.approx([5 / 6, 15 / 23])
    assert [r.precision for r in points] == pytest.approx([0.5, 1.0])
    assert [r.share for r in points] == pytest.approx([1.0, 0.6])
    assert [m.muscle for m in index.rank(drawing)] == ["x", "y"]


def test_candidates_below_min_score_are_dropped():
    # D = 1000 (areas 17, 15, 968). With P 1 the score is 5R / (4 + R):
    # above.p covers v0: R 0.017 -> 0.085 / 4.017 = 0.02116, kept (>= 0.02), shows 2 %.
    # below.p covers v1: R 0.015 -> 0.075 / 4.015 = 0.01868, dropped.
    index = hand_index(
        [17, 15, 968],
        [(point("below"), [0, 1, 0], [0] * 3), (point("above"), [1, 0, 0], [0] * 3)],
    )
    drawing = np.ones(3)
    (only,) = index.rank(drawing)
    assert (only.muscle, only.percent) == ("above", 2)
    assert only.score == pytest.approx(0.085 / 4.017)
    assert [r.id for r in index.rank_points(drawing)] == ["above.p.left"]


def gated_index(areas, sides) -> LookupIndex:
    """One muscle: its left point on v0, right point on v1, and the pair on both."""
    rest = [0] * (len(areas) - 2)
    return hand_index(
        areas,
        [
            (point("m", side="left"), [1, 0, *rest], [0] * len(areas)),
            (point("m", side="right"), [0, 1, *rest], [0] * len(areas)),
            (pair("m"), [1, 1, *rest], [0] * len(areas)),
        ],
        sides,
    )


@pytest.mark.parametrize(
    ("areas", "sides", "left_score", "left_share"),
    [
        # 85 left, 15 right: 15 < 0.2 * 100. left R 0.85 -> 4.25/4.85; right R 0.15 -> 0.75/4.15.
        ([85, 15], [-1, 1], 4.25 / 4.85, 0.85),
        # 40 left, 10 right, 50 on the midline (on neither side): 10 < 0.2 * 100, though
        # 10 is 20 % of the sided area. left R 0.4 -> 2/4.4; right R 0.1 -> 0.5/4.1.
        ([40, 10, 50], [-1, 1, 0], 2 / 4.4, 0.4),
    ],
)
def test_a_one_sided_drawing_never_lists_the_pair(areas, sides, left_score, left_share):
    # The pair would cover more (R 1 or 0.5, P 1) and outscore the left point, but is gated.
    index = gated_index(areas, sides)
    drawing = np.ones(len(areas))
    (muscle,) = index.rank(drawing)
    assert (muscle.ids, muscle.side_words) == (("m.p.left",), "left side")
    assert muscle.score == pytest.approx(left_score)
    assert muscle.share == pytest.approx(left_share)
    assert [r.id for r in index.rank_points(drawing)] == ["m.p.left", "m.p.right"]


@pytest.mark.parametrize("areas", [[75, 25], [80, 20]])  # 80/20 sits on the 0.2 threshold
def test_a_two_sided_drawing_is_explained_by_the_pair(areas):
    # The pair covers both vertices: R 1, P 1 -> 1, ahead of left (R 0.75 or 0.8).
    index = gated_index(areas, [-1, 1])
    (muscle,) = index.rank(np.ones(2))
    assert (muscle.ids, muscle.side, muscle.side_words) == (
        ("m.p.left", "m.p.right"), "both", "both sides",
    )  # fmt: skip
    assert (muscle.score, muscle.share, muscle.percent) == (pytest.approx(1.0), 1.0, 100)
    assert muscle.reason == (
        "Best match: m p. Together, left and right explain 100 % of the area you marked, "
        "mostly with their main zones."
    )
    # Per point, the pair is listed and its two points are not listed again.
    assert [r.id for r in index.rank_points(np.ones(2))] == ["m.p.left+m.p.right"]


def test_spillover_explains_half_so_a_main_zone_wins():
    # D = 4 (v0..v3, area 1 each).
    # spill.p has spillover on all four: C 4 * 0.5 = 2, A 2: R 1/2, P 1 -> 2.5/4.5 = 5/9;
    #   it touches all of the drawing (coverage 1) but explains 50 %.
    # main.p has its main zone on v0..v2: R 3/4, P 1 -> 15/19, shows 75 %, so it comes first
    #   (counting spillover in full would show 100 % for spill.p and put it first).
    index = hand_index(
        [1, 1, 1, 1],
        [
            (point("spill"), [0] * 4, [0.5] * 4),
            (point("main"), [1, 1, 1, 0], [0] * 4),
        ],
    )
    muscles = index.rank(np.ones(4))
    assert [(m.muscle, m.percent) for m in muscles] == [("main", 75), ("spill", 50)]
    assert [m.score for m in muscles] == pytest.approx([15 / 19, 5 / 9])
    spill = muscles[1].best
    assert (spill.share, spill.coverage, spill.essential_fraction) == pytest.approx((0.5, 1, 0))
    main = muscles[0].best  # touches 3 of the 4 drawn mm², all of them essential
    assert (main.coverage, main.essential_fraction) == pytest.approx((0.75, 1.0))
    assert muscles[1].reason == (
        "Best match: spill p. Explains 50 % of the area you marked, "
        "mostly with its wider, weaker zone."
    )


def test_candidate_rows_count_spillover_half_in_combined_and_fully_in_presence():
    essential, combined, presence = candidate_rows(
        np.array([1.0, 0.0, 0.0]), np.array([0.5, 0.5, 0.0])
    )
    assert essential.toarray().tolist() == [[1.0, 0.0, 0.0]]
    assert combined.toarray().tolist() == [[1.0, 0.5, 0.0]]
    assert presence.toarray().tolist() == [[1.0, 1.0, 0.0]]


# Built from fields: pairs, their midline caps and the sides ----------------
#
# Nine vertices in three separate triangles of 3 mm² each, so each vertex
# stands for exactly 1 mm². A right triangle with legs 3 mm and 2 mm on the
# left (x = -20), its mirror on the right (x = 20), and one across the midline
# with corners at x = -5, 0 and 5 (base 10 mm, height 0.6 mm), all within
# 5 mm of it, so on neither side.


def three_triangles() -> tuple[np.ndarray, np.ndarray]:
    vertices = [(-20.0, 0.0, 0.0), (-20.0, 3.0, 0.0), (-20.0, 0.0, 2.0)]
    vertices += [(20.0, 0.0, 0.0), (20.0, 3.0, 0.0), (20.0, 0.0, 2.0)]
    vertices += [(-5.0, 0.0, 0.0), (0.0, 0.6, 0.0), (5.0, 0.0, 0.0)]
    return np.array(vertices), np.arange(9).reshape(3, 3)


class FixedFields:
    """An engine whose fields are given per trigger point id (what ``build`` reads)."""

    def __init__(self, vertices, fields) -> None:
        self.vertices = vertices
        self._fields = fields

    def field(self, point):
        return self._fields[point.id]


def authored(muscle: str, key: str, side: str):
    """A trigger point as ``build`` sees it: id, muscle, side, name and authored key."""
    from types import SimpleNamespace

    return SimpleNamespace(
        id=f"{muscle}.{key}.{side}",
        key=key,
        side=side,
        name=f"{muscle} {key}",
        muscle=SimpleNamespace(id=muscle, name=f"{muscle} muscle"),
    )


def field_of(essential, spillover=(0,) * 9):
    from explorer.model.referral import ReferralField

    return ReferralField.from_dense(
        np.array(essential, dtype=np.float32), np.array(spillover, dtype=np.float32)
    )


@pytest.fixture
def built():
    # m.p on each side: its own triangle plus the midline vertex v6 (essential) and
    # v7 (spillover), as a pattern crossing the midline would. m.q is authored on
    # the left only, so it has no pair.
    vertices, faces = three_triangles()
    left, right = authored("m", "p", "left"), authored("m", "p", "right")
    only_left = authored("m", "q", "left")
    engine = FixedFields(
        vertices,
        {
            left.id: field_of([1, 1, 1, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0.5, 0]),
            right.id: field_of([0, 0, 0, 1, 1, 1, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0.5, 0]),
            only_left.id: field_of([0, 0, 0, 0, 0, 0, 0, 0, 1]),
        },
    )
    return LookupIndex.build(engine, faces, [left, right, only_left])


def test_build_pairs_left_and_right_of_the_same_point_only(built):
    assert [c.id for c in built.candidates] == [
        "m.p.left", "m.p.right", "m.q.left", "m.p.left+m.p.right",
    ]  # fmt: skip
    pair = built.candidates[3]
    assert (pair.ids, pair.side, pair.name, pair.muscle_name) == (
        ("m.p.left", "m.p.right"), "both", "m p", "m muscle",
    )  # fmt: skip
    assert built.is_pair.tolist() == [False, False, False, True]


def test_build_sides_leave_five_mm_either_side_of_the_midline_to_neither(built):
    # x = -5 and x = 5 are on the midline (the test is strict), -20 and 20 are not.
    assert built.side_of_vertex.tolist() == [-1, -1, -1, 1, 1, 1, 0, 0, 0]
    assert built.areas.tolist() == pytest.approx([1.0] * 9)


def test_a_pair_caps_its_overlap_on_the_midline():
    # m.p.left: essential on v0, v1, v2 and v6, spillover on v7 and v8; m.p.right:
    # essential on v3, v4, v5 and v6, spillover on v7. The pair's essential is
    # min(1 + 1, 1) = 1 on v6, its spillover min(0.5 + 0.5, 0.5) = 0.5 on v7 and 0.5
    # on v8 (the left's alone): its pattern is 1 on v0..v6 and 0.5 on v7, v8 (area 8).
    # Drawing v0..v7 (D 8; 3 left and 3 right, both over 0.2 * 8, so pairs compete):
    #   pair: C 7.5, R 15/16, P 7.5/8 = 15/16 -> with P = R the F-score is 15/16 too,
    #     shows 94 %; touched (spillover in full) 8 of 8, 7 of them essential: 7/8.
    #   m.p.left: area 5, C 4.5: R 9/16, P 9/10 -> 5 * 0.9 * 0.5625 / 4.1625 = 0.6081.
    #   m.p.right: area 4.5, C 4.5: R 9/16, P 1 -> 5 * 9/16 / (4 + 9/16) = 45/73.
    # Uncapped sums would make the pair's pattern 2 on v6 and 1 on v7 (share over 1).
    vertices, faces = three_triangles()
    left, right = authored("m", "p", "left"), authored("m", "p", "right")
    engine = FixedFields(
        vertices,
        {
            left.id: field_of([1, 1, 1, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0.5, 0.5]),
            right.id: field_of([0, 0, 0, 1, 1, 1, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0.5, 0]),
        },
    )
    index = LookupIndex.build(engine, faces, [left, right])
    drawing = np.array([1, 1, 1, 1, 1, 1, 1, 1, 0])
    (muscle,) = index.rank(drawing)
    best = muscle.best
    assert muscle.ids == ("m.p.left", "m.p.right")
    assert (best.score, best.share, best.precision) == pytest.approx((15 / 16, 15 / 16, 15 / 16))
    assert (best.coverage, best.essential_fraction) == pytest.approx((1.0, 7 / 8))
    assert muscle.percent == 94
    assert index.pattern_area.tolist() == pytest.approx([5.0, 4.5, 8.0])
    scores = index._scores(drawing).score
    assert scores.tolist() == pytest.approx([2.53125 / 4.1625, 45 / 73, 15 / 16])
    # Per point the pair comes first and hides its two points.
    assert [r.id for r in index.rank_points(drawing)] == ["m.p.left+m.p.right"]
    singles = [(c.ids, c.muscle, c.muscle_name, c.side, c.name) for c in index.candidates[:2]]
    assert singles == [
        (("m.p.left",), "m", "m muscle", "left", "m p"),
        (("m.p.right",), "m", "m muscle", "right", "m p"),
    ]


def test_build_keeps_the_one_sided_point_out_of_a_two_sided_drawing(built):
    # Drawing only v8 (midline, D 1): m.q.left covers it exactly: R 1, P 1 -> 1. No side
    # has any of it, so pairs are gated; m.p's patterns miss v8 and score 0 (dropped).
    (muscle,) = built.rank(np.array([0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert (muscle.ids, muscle.score, muscle.percent) == (("m.q.left",), 1.0, 100)


# Sparse floor, clipping, empty patterns ----------------------------------


def test_pattern_values_below_the_sparse_floor_count_for_nothing():
    # v1 has area 1000. faint.p is 0.005 there (below SPARSE_FLOOR 0.01): dropped, so
    # its pattern is v0 alone (area 1): drawing v0, R 1, P 1 -> 1.
    # edge.p is 0.01 there (kept): pattern area 1 + 10 = 11, P 1/11, R 1 ->
    #   5 * (1/11) / (4/11 + 1) = 5/15 = 1/3.
    assert SPARSE_FLOOR == 0.01
    index = hand_index(
        [1, 1000],
        [(point("faint"), [1, 0.005], [0, 0]), (point("edge"), [1, 0.01], [0, 0])],
    )
    results = index.rank_points(np.array([1, 0]))
    assert [(r.id, r.score) for r in results] == [
        ("faint.p.left", pytest.approx(1.0)), ("edge.p.left", pytest.approx(1 / 3)),
    ]  # fmt: skip
    assert index.pattern_area.tolist() == pytest.approx([1.0, 11.0])


def test_drawing_weights_are_clipped_to_zero_one():
    # [2, -1] draws as [1, 0]: D 1 (not 2 - 4 = -2), so a.p (on v0) explains all of it.
    index = hand_index([1, 4], [(point("a"), [1, 0], [0, 0])])
    (result,) = index.rank_points(np.array([2.0, -1.0]))
    assert (result.score, result.share, result.precision) == pytest.approx((1.0, 1.0, 1.0))
    assert index.rank(np.array([0.0, -3.0])) == []  # all negative: nothing drawn


def test_a_pattern_on_no_vertex_scores_zero_without_warnings():
    # empty.p is zero everywhere: P 0/0 and R 0 must give 0, not NaN (and so be dropped).
    index = hand_index([1, 1], [(point("empty"), [0, 0], [0, 0]), (point("a"), [1, 0], [0, 0])])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = index.rank_points(np.array([1, 1]))
    # a.p: R 1/2, P 1 -> 2.5/4.5 = 5/9.
    assert [(r.id, r.score) for r in results] == [("a.p.left", pytest.approx(5 / 9))]


def test_a_pattern_touching_none_of_the_drawing_has_no_essential_fraction():
    # far.p lies on v1 only, the drawing on v0 only: nothing touched, fraction 0 (not 0/0).
    index = hand_index([1, 1], [(point("far"), [0, 1], [0, 0]), (point("a"), [1, 0], [0, 0])])
    scores = index._scores(np.array([1.0, 0.0]))
    assert scores.essential_fraction.tolist() == [0.0, 1.0]
    assert scores.coverage.tolist() == [0.0, 1.0]
    assert scores.score.tolist() == pytest.approx([0.0, 1.0])


def test_rank_points_top_counts_listed_rows():
    # a.p covers the drawing (score 1), b.p half of it (R 1/2, P 1 -> 5/9): top cuts the list.
    index = hand_index(
        [1, 1, 1],
        [(point(name), row, [0, 0, 0]) for name, row in (("a", [1, 1, 0]), ("b", [1, 0, 0]))],
    )
    drawing = np.array([1, 1, 0])
    assert [r.id for r in index.rank_points(drawing, top=1)] == ["a.p.left"]
    assert [r.id for r in index.rank_points(drawing, top=5)] == ["a.p.left", "b.p.left"]
    assert [m.muscle for m in index.rank(drawing, top=1)] == ["a"]


def test_a_pair_hides_its_points_but_not_the_rows_after_them():
    # Two-sided drawing (v0 left, v1 right, 50 mm² each, D 100): the pair covers it all
    # (score 1); m.p.left, m.p.right and o.p (on v0) each explain half: R 1/2, P 1 -> 5/9.
    # The pair's two points are skipped; o.p, listed after them, still shows.
    index = hand_index(
        [50, 50],
        [
            (point("m", side="left"), [1, 0], [0, 0]),
            (point("m", side="right"), [0, 1], [0, 0]),
            (pair("m"), [1, 1], [0, 0]),
            (point("o"), [1, 0], [0, 0]),
        ],
        [-1, 1],
    )
    results = index.rank_points(np.ones(2))
    assert [(r.id, r.score) for r in results] == [
        ("m.p.left+m.p.right", pytest.approx(1.0)), ("o.p.left", pytest.approx(5 / 9)),
    ]  # fmt: skip


def test_the_midline_counts_for_neither_side_of_the_gate():
    # 10 left, 40 right, 50 on the midline (D 100): the left has 10 < 0.2 * 100, so no
    # pair, although left and midline together would pass. m.p.right: R 0.4 -> 2/4.4.
    index = gated_index([10, 40, 50], [-1, 1, 0])
    (muscle,) = index.rank(np.ones(3))
    assert (muscle.ids, muscle.score) == (("m.p.right",), pytest.approx(2 / 4.4))


def test_a_small_pattern_area_and_share_still_score_their_f2():
    # D 2 (v0, v1); p.p covers v0 and the undrawn v2 (area 9): C 1, A 10, so P 0.1 and
    # R 0.5; 4P + R = 0.9 (under 1): F2 = 5 * 0.05 / 0.9 = 5/18.
    index = hand_index([1, 1, 9], [(point("p"), [1, 0, 1], [0, 0, 0])])
    (result,) = index.rank_points(np.array([1, 1, 0]))
    assert result.score == pytest.approx(5 / 18)
    assert (result.share, result.precision, result.coverage) == pytest.approx((0.5, 0.1, 0.5))


def test_a_score_of_exactly_min_score_is_listed():
    # edge.p covers v0 (area 1) and the undrawn v1 (49); the drawing is v0 and v2 (49).
    # C 1: P = 1/50 = R = 0.02, so the F-score is exactly 0.02 = MIN_SCORE: kept.
    index = hand_index([1, 49, 49], [(point("edge"), [1, 1, 0], [0, 0, 0])])
    (result,) = index.rank_points(np.array([1, 0, 1]))
    assert result.score == MIN_SCORE


def test_equal_scores_keep_the_catalog_order():
    # Forty muscles with the same pattern score the same; the list keeps their order
    # (a plain quicksort would not, beyond sixteen items).
    names = [f"m{number:02d}" for number in range(40)]
    index = hand_index([1, 1], [(point(name), [1, 0], [0, 0]) for name in names])
    assert [m.muscle for m in index.rank(np.array([1, 1]))] == names


def test_the_index_keeps_its_arrays_in_the_types_the_product_needs():
    index = hand_index([1.5, 2.5], [(point("a"), [1, 0], [0, 0])], sides=[-1, 1])
    assert index.areas.dtype == np.float32
    assert index.side_of_vertex.dtype == np.int8
    assert (index.matrix.format, index.matrix.dtype) == ("csr", np.float32)
    assert index.pattern_area.dtype == np.float64


def test_vertex_areas_of_an_unused_vertex_is_zero():
    # One right triangle (legs 3 and 4: area 6, 2 per corner) and a vertex no face uses.
    vertices = np.array([[0, 0, 0], [3, 0, 0], [0, 4, 0], [9, 9, 9]])
    areas = vertex_areas(vertices, np.array([[0, 1, 2]]))
    assert areas.dtype == np.float32
    assert areas.tolist() == [2.0, 2.0, 2.0, 0.0]


def test_an_empty_drawing_gives_no_warning():
    index = hand_index([1, 1], [(point("a"), [1, 0], [0, 0])])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert index.rank(np.zeros(2)) == []


# The words and numbers a row shows -------------------------------------------


@pytest.mark.parametrize(
    ("essential_fraction", "how"),
    [
        (0.6, "mostly with its main zone"),  # MOSTLY 0.6 itself counts as mostly
        (0.59, "with both its main and its wider zone"),
        (0.41, "with both its main and its wider zone"),
        (0.4, "mostly with its wider, weaker zone"),  # 1 - MOSTLY
    ],
)
def test_explain_names_the_zone_that_explains_most(essential_fraction, how):
    single = Candidate(("m.tp1.left",), "m", "M", "left", "M TrP1")
    assert explain(single, 0.42, essential_fraction, 0.25) == (
        f"Explains 42 % of the area you marked, {how}"
    )


def test_explain_warns_when_the_pattern_reaches_far_beyond_the_drawing():
    pair = Candidate(("m.tp1.left", "m.tp1.right"), "m", "M", "both", "M TrP1")
    assert explain(pair, 0.995, 0.2, 0.2499) == (
        "Together, left and right explain 100 % of the area you marked, mostly with "
        "their wider, weaker zones; their pattern also reaches well beyond it"
    )
    assert explain(pair, 0.004, 0.7, 0.25) == (
        "Together, left and right explain 0 % of the area you marked, mostly with their main zones"
    )


def test_shown_percent_side_words_and_json_rounding():
    assert [shown_percent(share) for share in (0.0, 0.004, 0.006, 0.5, 0.996)] == [0, 0, 1, 50, 100]
    assert [side_words(side) for side in ("left", "right", "both")] == [
        "left side", "right side", "both sides",
    ]  # fmt: skip
    candidate = Candidate(("m.tp1.right",), "m", "M muscle", "right", "M TrP1")
    result = LookupResult(candidate, 0.123456, 0.3333, 0.5, 0.987654, 0.9, "Explains 33 %")
    assert MuscleResult(result).as_json() == {
        "id": "m.tp1.right",
        "muscle": "m",
        "side": "right",
        "name": "M TrP1",
        "score": 0.1235,
        "essential_fraction": 0.9877,
        "muscle_name": "M muscle",
        "share": 0.3333,
        "percent": 33,
    }
    muscle = MuscleResult(result)
    assert (muscle.muscle, muscle.side_words, muscle.reason) == (
        "m", "right side", "Best match: M TrP1. Explains 33 %.",
    )  # fmt: skip


# Shipped atlas and content ----------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    """(engine, index) on the shipped atlas and trigger_points.yaml."""
    project = load_project(ROOT / "trigger_points.yaml", ROOT / "meshes" / "manifest.yaml")
    skin = project.atlas.skin
    engine = ReferralEngine(skin.vertices, skin.faces, project.atlas.landmark_positions())
    return engine, LookupIndex.build(engine, skin.faces, project.catalog.trigger_points())


def test_shipped_side_of_neck_ranks_upper_trapezius_tp1_first(shipped):
    # The side of the neck, mastoid down to the angle of the neck: the path of
    # upper trapezius TrP1's pain up the posterolateral neck.
    engine, index = shipped
    muscles = index.rank(region_drawing(engine, "side_of_neck", "left"), top=5)
    assert muscles[0].muscle == "upper_trapezius"
    assert muscles[0].ids == ("upper_trapezius.tp1.left",)
    assert muscles[0].side_words == "left side"


@pytest.mark.parametrize("side", ["left", "right"])
def test_shipped_posterolateral_neck_disc_ranks_upper_trapezius_tp1_first(shipped, side):
    # A 30 mm disc on the posterolateral neck (what `app.py lookup --landmark
    # neck_posterolateral_left` draws): the essential zone of TrP1 in the manual.
    engine, index = shipped
    drawing = disc_drawing(engine, f"neck_posterolateral_{side}", 30.0)
    muscles = index.rank(drawing, top=5)
    assert muscles[0].ids == (f"upper_trapezius.tp1.{side}",)
    assert muscles[0].percent > muscles[1].percent


def test_shipped_temple_lists_each_muscle_once_in_percentage_order(shipped):
    engine, index = shipped
    muscles = index.rank(region_drawing(engine, "temple", "left"), top=5)
    names = [m.muscle for m in muscles]
    assert len(muscles) == 5
    assert len(set(names)) == 5  # four temporalis points no longer fill the list
    assert "temporalis" in names
    keys = [(m.percent, m.score) for m in muscles]
    assert keys == sorted(keys, reverse=True)
