"""Ranking muscles and trigger points for a pain drawing.

Three kinds of case: tiny hand-built indexes whose scores, shares and orders
are worked out by hand in the comments; the tiny atlas with made-up
patterns; and the shipped atlas and content.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import load_atlas
from explorer.model.content import load_catalog
from explorer.model.lookup import (
    MIN_SCORE,
    RECALL_WEIGHT,
    Candidate,
    LookupIndex,
    candidate_rows,
    explain,
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


def test_a_one_sided_drawing_lists_no_pairs(index, engine):
    results = index.rank_points(region_drawing(engine, "temple", "right"))
    assert results[0].id == "alpha.exact.right"
    assert all(result.candidate.side != "both" for result in results)


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
