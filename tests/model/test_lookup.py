"""Ranking trigger points for a pain drawing, on the tiny atlas with made-up patterns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import load_atlas
from explorer.model.content import load_catalog
from explorer.model.lookup import LookupIndex, explain, vertex_areas
from explorer.model.pain_regions import disc_drawing, region_drawing
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
    results = index.rank(drawing)
    assert results[0].id == "alpha.exact.left"
    assert results[0].essential_fraction > 0.95


def test_a_much_bigger_pattern_loses_to_a_matching_one(index, engine, catalog):
    drawing = disc_drawing(engine, "temple_left", 25)
    ids = [result.id for result in index.rank(drawing)]
    assert ids.index("alpha.exact.left") < ids.index("alpha.big.left")
    big = next(r for r in index.rank(drawing) if r.id == "alpha.big.left")
    assert big.coverage > 0.9  # it covers the drawing, but far more besides
    assert big.precision < 0.5


def test_a_main_zone_beats_the_same_area_as_spillover(index, engine):
    ids = [result.id for result in index.rank(disc_drawing(engine, "temple_left", 25))]
    assert ids.index("alpha.exact.left") < ids.index("alpha.spilly.left")


def test_a_bilateral_drawing_is_explained_by_a_pair(index, engine):
    results = index.rank(region_drawing(engine, "temple", "both"))
    best = results[0]
    assert best.id == "alpha.exact.left+alpha.exact.right"
    assert best.ids == ("alpha.exact.left", "alpha.exact.right")
    assert best.candidate.side == "both"
    assert "alpha.exact.left" not in [r.id for r in results]  # listed once, as the pair
    assert best.reason.startswith("Together, left and right explain")


def test_a_one_sided_drawing_lists_no_pairs(index, engine):
    results = index.rank(region_drawing(engine, "temple", "right"))
    assert results[0].id == "alpha.exact.right"
    assert all(result.candidate.side != "both" for result in results)


def test_the_back_of_the_head_finds_the_back_point(index, engine):
    assert index.rank(disc_drawing(engine, "inion", 30), top=1)[0].id == "alpha.back.left"


def test_reason_text_is_plain(index, engine):
    results = index.rank(disc_drawing(engine, "temple_left", 25))
    exact = next(r for r in results if r.id == "alpha.exact.left")
    assert exact.reason.startswith("Explains ")
    assert "% of the area you marked, mostly with its main zone" in exact.reason
    spilly = next(r for r in results if r.id == "alpha.spilly.left")
    assert "mostly with its wider, weaker zone" in spilly.reason


def test_explain_wording():
    from explorer.model.lookup import Candidate

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


def test_top_limits_and_json_has_the_six_keys(index, engine):
    results = index.rank(disc_drawing(engine, "temple_left"), top=2)
    assert len(results) == 2
    assert set(results[0].as_json()) == {
        "id", "muscle", "side", "name", "score", "essential_fraction",
    }  # fmt: skip
    assert results[0].score >= results[1].score


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
    results = index.rank(disc_drawing(engine, "vertex", 40))
    listed = [tp_id for result in results for tp_id in result.ids]
    assert len(listed) == len(set(listed))
