"""Referral painting on synthetic meshes: geodesic, smooth, levelled, cached."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import trimesh

from explorer.model.atlas import load_atlas
from explorer.model.content import load_catalog
from explorer.model.referral import (
    ReferralEngine,
    ReferralField,
    combine,
    intensity_at,
    merge,
    smooth_falloff,
)
from explorer.model.zones import Anchor, Region, Spot, Stroke

RADIUS = 80.0
NORTH, SOUTH = np.array([0.0, 0.0, RADIUS]), np.array([0.0, 0.0, -RADIUS])
EAST, FRONT = np.array([RADIUS, 0.0, 0.0]), np.array([0.0, RADIUS, 0.0])


def sphere_engine(subdivisions: int = 5, **kwargs) -> ReferralEngine:
    """A ~10k-vertex sphere of radius 80 mm with four named landmarks."""
    sphere = trimesh.creation.icosphere(subdivisions=subdivisions, radius=RADIUS)
    landmarks = {"north": NORTH, "south": SOUTH, "east": EAST, "front": FRONT}
    return ReferralEngine(sphere.vertices, sphere.faces, landmarks, **kwargs)


def trigger_point(essential=(), spillover=()):
    """Stand-in for content.TriggerPoint: the engine only reads ``referral``."""
    return SimpleNamespace(referral=SimpleNamespace(essential=essential, spillover=spillover))


def folded_strip(length: float = 100.0, gap: float = 10.0, width: float = 40.0):
    """A strip folded into a U: its two arms are ``gap`` apart in space but
    ``2 * length + pi * gap / 2`` apart along the surface."""
    straight = np.linspace(0.0, length, 51)
    angles = np.linspace(-np.pi / 2, np.pi / 2, 9)[1:-1]
    bend = np.column_stack([length + gap / 2 * np.cos(angles), gap / 2 + gap / 2 * np.sin(angles)])
    centre_line = np.vstack([
        np.column_stack([straight, np.zeros_like(straight)]),
        bend,
        np.column_stack([straight[::-1], np.full_like(straight, gap)]),
    ])  # fmt: skip
    across = np.linspace(0.0, width, 11)
    vertices = np.array([(x, y, z) for x, z in centre_line for y in across])
    rows, columns = len(centre_line), len(across)
    faces = []
    for row in range(rows - 1):
        for column in range(columns - 1):
            a, b = row * columns + column, row * columns + column + 1
            c, d = a + columns, b + columns
            faces += [(a, b, c), (b, d, c)]
    return vertices, np.array(faces)


def test_spot_is_full_at_centre_and_zero_far_away():
    engine = sphere_engine()
    field = engine.field(trigger_point([Spot(at=Anchor("north"), radius_mm=30)]))
    assert engine.intensity_at(field.essential, "north") >= 0.9
    assert engine.intensity_at(field.essential, "south") == 0.0
    assert engine.intensity_at(field.essential, "east") == 0.0  # 126 mm away along the sphere
    assert field.essential.shape == (engine.n_vertices,)
    assert field.essential.dtype == np.float32


def test_spot_edge_is_smooth_and_geodesic():
    engine = sphere_engine()
    values = engine.zone_intensity(Spot(at=Anchor("north"), radius_mm=30, feather_mm=20))
    arc = RADIUS * np.arccos(np.clip(engine.vertices[:, 2] / RADIUS, -1.0, 1.0))
    assert np.all(values[arc < 28.0] == 1.0)
    assert np.all(values[arc > 53.0] == 0.0)
    ramp = (arc > 32.0) & (arc < 48.0)
    assert np.all((values[ramp] > 0.0) & (values[ramp] < 1.0))


def test_no_bleeding_across_a_fold():
    """Two points 10 mm apart in space but ~216 mm apart on the surface."""
    vertices, faces = folded_strip()
    lower, upper = np.array([50.0, 20.0, 0.0]), np.array([50.0, 20.0, 10.0])
    engine = ReferralEngine(vertices, faces, {"lower": lower, "upper": upper})
    values = engine.zone_intensity(Spot(at=Anchor("lower"), radius_mm=20))
    assert intensity_at(values, vertices, lower) == 1.0
    assert intensity_at(values, vertices, upper) == 0.0
    assert np.linalg.norm(upper - lower) < 20.0  # a straight-line disc would cover it


def test_stroke_covers_its_path_and_not_the_far_side():
    engine = sphere_engine()
    stroke = Stroke(through=[Anchor("north"), Anchor("east"), Anchor("front")], width_mm=20)
    values = engine.zone_intensity(stroke)
    between = RADIUS * np.array([np.sqrt(0.5), 0.0, np.sqrt(0.5)])  # on the north-east arc
    for point in (NORTH, EAST, FRONT, between):
        assert engine.intensity_at(values, point) >= 0.9
    assert engine.intensity_at(values, SOUTH) == 0.0
    assert engine.intensity_at(values, -EAST) == 0.0


def test_region_is_a_blob_around_all_its_points():
    engine = sphere_engine()
    values = engine.zone_intensity(Region(around=[Anchor("north"), Anchor("east")], radius_mm=15))
    assert engine.intensity_at(values, "north") == 1.0
    assert engine.intensity_at(values, "east") == 1.0
    midway = RADIUS * np.array([np.sqrt(0.5), 0.0, np.sqrt(0.5)])
    assert engine.intensity_at(values, midway) == 0.0  # a union of discs, not a stroke


def test_landmark_offset_and_literal_points_resolve():
    engine = sphere_engine()
    shifted = Spot(at=Anchor("north", (0.0, 0.0, 5.0)), radius_mm=10)
    literal = Spot(at=Anchor(None, tuple(EAST)), radius_mm=10)
    assert engine.intensity_at(engine.zone_intensity(shifted), "north") == 1.0
    assert engine.intensity_at(engine.zone_intensity(literal), "east") == 1.0
    with pytest.raises(KeyError, match="landmark 'nowhere' is not in the atlas"):
        engine.zone_intensity(Spot(at=Anchor("nowhere"), radius_mm=10))


def test_levels_essential_one_spillover_half():
    engine = sphere_engine()
    point = trigger_point(
        essential=[Spot(at=Anchor("north"), radius_mm=20)],
        spillover=[Spot(at=Anchor("east"), radius_mm=20), Spot(at=Anchor("north"), radius_mm=40)],
    )
    field = engine.field(point)
    assert field.essential.max() == 1.0
    assert field.spillover.max() == 0.5
    assert engine.intensity_at(field.spillover, "east") == 0.5
    assert engine.intensity_at(field.essential, "east") == 0.0
    assert engine.intensity_at(field.combined, "north") == 1.0
    assert engine.intensity_at(field.combined, "east") == 0.5
    np.testing.assert_array_equal(field.combined, np.maximum(field.essential, field.spillover))


def test_cache_returns_the_same_arrays_which_are_read_only():
    engine = sphere_engine()
    point = trigger_point([Spot(at=Anchor("north"), radius_mm=20)])
    first = engine.field(point)
    assert engine.field(point) is first
    assert engine.field(trigger_point([Spot(at=Anchor("north"), radius_mm=20)])) is first
    assert engine.field(trigger_point([Spot(at=Anchor("north"), radius_mm=21)])) is not first
    with pytest.raises(ValueError, match="read-only"):
        first.essential_values[0] = 0.0
    # A dense view is the caller's own copy: writing to it leaves the cache alone.
    view = first.essential
    view[:] = 0.0
    assert engine.field(point).essential.max() == 1.0


def test_field_keeps_only_the_vertices_it_reaches():
    engine = sphere_engine()
    field = engine.field(trigger_point([Spot(at=Anchor("north"), radius_mm=20)]))
    reached = np.flatnonzero(field.combined)
    np.testing.assert_array_equal(field.support, reached)
    assert 0 < len(field.support) < engine.n_vertices // 4
    assert field.essential.shape == field.spillover.shape == (engine.n_vertices,)


def test_disk_cache_is_reused_by_a_new_engine(tmp_path):
    point = trigger_point([Spot(at=Anchor("north"), radius_mm=20)])
    first = sphere_engine(subdivisions=3, cache_dir=tmp_path).field(point)
    assert len(list(tmp_path.glob("*.npy"))) == 1
    second_engine = sphere_engine(subdivisions=3, cache_dir=tmp_path)
    second_engine._compute = None  # a recomputation would fail: the file must be used
    second = second_engine.field(point)
    np.testing.assert_array_equal(second.combined, first.combined)


def test_combine_adds_and_clips():
    engine = sphere_engine()
    top = engine.field(trigger_point(spillover=[Spot(at=Anchor("north"), radius_mm=30)]))
    side = engine.field(trigger_point([Spot(at=Anchor("north"), radius_mm=30)]))
    raw = combine([top, side], ceiling=None)
    assert engine.intensity_at(raw, "north") == pytest.approx(1.5)
    assert combine([top, side]).max() == 1.0
    assert engine.intensity_at(combine([top, top]), "north") == 1.0
    merged = merge([top, side])
    assert merged.spillover.max() == 0.5 and merged.essential.max() == 1.0
    with pytest.raises(ValueError, match="at least one field"):
        combine([])


def test_unwelded_seams_do_not_stop_a_zone():
    sphere = trimesh.creation.icosphere(subdivisions=3, radius=RADIUS)
    split_vertices = sphere.vertices[sphere.faces.reshape(-1)]  # every face on its own
    split_faces = np.arange(len(split_vertices)).reshape(-1, 3)
    engine = ReferralEngine(split_vertices, split_faces, {"north": NORTH})
    values = engine.zone_intensity(Spot(at=Anchor("north"), radius_mm=40))
    assert np.count_nonzero(values == 1.0) > 50


def test_smooth_falloff_shape():
    values = smooth_falloff(np.array([0.0, 10.0, 15.0, 20.0, np.inf]), reach=10.0, feather=10.0)
    np.testing.assert_allclose(values, [1.0, 1.0, 0.5, 0.0, 0.0], atol=1e-6)
    hard = smooth_falloff(np.array([9.9, 10.1]), reach=10.0, feather=0.0)
    np.testing.assert_array_equal(hard, [1.0, 0.0])


def test_tiny_content_paints_on_the_tiny_atlas():
    """End to end: the shared test content, validated against and painted on the tiny atlas."""
    data = Path(__file__).resolve().parents[1] / "data"
    atlas = load_atlas(data / "tiny_atlas" / "manifest.yaml")
    catalog = load_catalog(
        data / "tiny_content.yaml", set(atlas.landmarks), structure_ids=set(atlas.structures)
    )
    positions = {name: landmark.position for name, landmark in atlas.landmarks.items()}
    engine = ReferralEngine(atlas.skin.vertices, atlas.skin.faces, positions)
    left = engine.field(catalog.get("demo_muscle.tp1.left"))
    right = engine.field(catalog.get("demo_muscle.tp1.right"))
    for name in ("temple_left", "tragus_left", "mastoid_left"):
        assert engine.intensity_at(left.essential, name) >= 0.9
        assert engine.intensity_at(right.essential, name) == 0.0
        assert engine.intensity_at(right.essential, name.replace("_left", "_right")) >= 0.9
    assert engine.intensity_at(left.spillover, "vertex") == 0.5
    assert engine.intensity_at(left.combined, "inion") == 0.0


# The cache key covers every input of a field --------------------------------
#
# A field is looked up by its key before anything is computed, so an input
# missing from the key would hand back another pattern's field. Each variant
# below changes one input of BASE; after BASE is cached, the engine must still
# return the variant's own field, which is computed here without the cache
# from its definition: the maximum of its zones, at 1.0 (essential) or 0.5.


def base_zones() -> dict:
    return {
        "spot": Spot(at=Anchor("north", (0.0, 5.0, 0.0)), radius_mm=20, feather_mm=8),
        "stroke": Stroke(through=[Anchor("east"), Anchor("front")], width_mm=16, feather_mm=6),
        "region": Region(around=[Anchor("south")], radius_mm=25),  # feather 0.4 * 25 = 10
    }


def levels(zones: dict, spillover: tuple[str, ...] = ("region",)) -> tuple[list, list]:
    essential = [zone for name, zone in zones.items() if name not in spillover]
    return essential, [zone for name, zone in zones.items() if name in spillover]


def changed(name: str, **update) -> tuple[list, list]:
    zones = base_zones()
    zones[name] = zones[name].model_copy(update=update)
    return levels(zones)


VARIANTS = {
    "spot landmark": lambda: changed("spot", at=Anchor("front", (0.0, 5.0, 0.0))),
    "spot offset": lambda: changed("spot", at=Anchor("north", (0.0, 15.0, 0.0))),
    "spot radius": lambda: changed("spot", radius_mm=24),
    "spot feather": lambda: changed("spot", feather_mm=14),
    "stroke width": lambda: changed("stroke", width_mm=24),
    "stroke feather": lambda: changed("stroke", feather_mm=12),
    "stroke path": lambda: changed("stroke", through=(Anchor("east"), Anchor("north"))),
    "region radius": lambda: changed("region", radius_mm=30),
    "region feather": lambda: changed("region", feather_mm=2),
    "region seeds": lambda: changed("region", around=(Anchor("south"), Anchor("east"))),
    # Same seeds and reach, another kind: a stroke covers the arc between its points.
    "stroke becomes region": lambda: levels(
        {
            **base_zones(),
            "stroke": Region(around=[Anchor("east"), Anchor("front")], radius_mm=8, feather_mm=6),
        }
    ),
    "region becomes essential": lambda: levels(base_zones(), spillover=()),
    "spot becomes spillover": lambda: levels(base_zones(), spillover=("region", "spot")),
    "one zone fewer": lambda: levels(
        {name: zone for name, zone in base_zones().items() if name != "stroke"}
    ),
}


@pytest.fixture(scope="module")
def small_sphere():
    return sphere_engine(subdivisions=4)


def uncached(engine: ReferralEngine, essential, spillover) -> tuple[np.ndarray, np.ndarray]:
    """The field's two levels straight from the zones, bypassing the cache."""
    zeros = np.zeros(engine.n_vertices, dtype=np.float32)
    ess = np.maximum.reduce([zeros, *(engine.zone_intensity(z) for z in essential)])
    spill = np.maximum.reduce([zeros, *(engine.zone_intensity(z) for z in spillover)])
    return ess, 0.5 * spill


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_changing_one_zone_input_gives_a_new_field(small_sphere, variant):
    engine = small_sphere
    base = engine.field(trigger_point(*levels(base_zones())))
    essential, spillover = variant()
    field = engine.field(trigger_point(essential, spillover))
    expected_essential, expected_spillover = uncached(engine, essential, spillover)
    np.testing.assert_array_equal(field.essential, expected_essential)
    np.testing.assert_array_equal(field.spillover, expected_spillover)
    assert not np.array_equal(field.combined, base.combined), "the variant must matter"


def test_the_same_position_written_another_way_shares_the_field(small_sphere):
    # The key holds resolved positions, so a landmark plus offset and the literal
    # point it stands for are one field (one computation), whatever the wording.
    by_landmark = Spot(at=Anchor("north", (0.0, 5.0, 0.0)), radius_mm=20)
    literal = Spot(at=Anchor(None, (0.0, 5.0, RADIUS)), radius_mm=20)
    first = small_sphere.field(trigger_point([by_landmark]))
    assert small_sphere.field(trigger_point([literal])) is first


def test_a_disk_cache_shared_by_two_meshes_keeps_their_fields_apart(tmp_path):
    # The same zone text and landmark position, and the same vertex count (so a stored
    # file's shape fits either mesh): only the mesh in the key keeps the fields apart.
    point = trigger_point([Spot(at=Anchor("north"), radius_mm=30)])
    sphere = trimesh.creation.icosphere(subdivisions=3, radius=RADIUS)
    engines = {
        "sphere": sphere_engine(subdivisions=3, cache_dir=tmp_path),
        # twice as large: 30 mm is a smaller cap of it
        "larger": ReferralEngine(
            2 * sphere.vertices, sphere.faces, {"north": NORTH}, cache_dir=tmp_path
        ),
        # the same vertices, the polar cap's faces gone: the north pole is left alone
        "capless": ReferralEngine(
            sphere.vertices,
            sphere.faces[(sphere.vertices[sphere.faces][:, :, 2] < 60.0).all(axis=1)],
            {"north": NORTH},
            cache_dir=tmp_path,
        ),
    }
    fields = {name: engine.field(point) for name, engine in engines.items()}
    assert len(list(tmp_path.glob("*.npy"))) == 3
    for name, engine in engines.items():
        expected = engine.zone_intensity(point.referral.essential[0])
        np.testing.assert_array_equal(fields[name].essential, expected, err_msg=name)
    assert engines["capless"].vertices.dtype == np.float64
    assert np.count_nonzero(fields["capless"].essential) == 1  # only the pole itself


def test_a_disk_cache_keys_on_where_the_landmarks_are(tmp_path):
    # The same mesh and zone text, but this atlas puts "north" elsewhere (at "east").
    point = trigger_point([Spot(at=Anchor("north"), radius_mm=30)])
    sphere_engine(subdivisions=3, cache_dir=tmp_path).field(point)
    sphere = trimesh.creation.icosphere(subdivisions=3, radius=RADIUS)
    moved = ReferralEngine(sphere.vertices, sphere.faces, {"north": EAST}, cache_dir=tmp_path)
    field = moved.field(point)
    assert moved.intensity_at(field.essential, EAST) == 1.0
    assert moved.intensity_at(field.essential, NORTH) == 0.0


def test_a_damaged_or_misshapen_cache_file_is_recomputed_and_replaced(tmp_path):
    point = trigger_point([Spot(at=Anchor("north"), radius_mm=20)])
    good = sphere_engine(subdivisions=3, cache_dir=tmp_path).field(point)
    (path,) = tmp_path.glob("*.npy")
    for damage in (b"not a numpy file", None):
        if damage is None:
            np.save(path, np.zeros((2, 7), dtype=np.float32))  # a field of another skin
        else:
            path.write_bytes(damage)
        field = sphere_engine(subdivisions=3, cache_dir=tmp_path).field(point)
        np.testing.assert_array_equal(field.combined, good.combined)
        assert np.load(path).shape == (2, len(good.combined))  # written again, whole
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_from_dense_keeps_a_vertex_only_the_combined_level_reaches():
    # A merged field's combined level is a sum; where only it is non-zero the
    # vertex must stay in the support, or the heat map would lose it.
    field = ReferralField.from_dense(
        np.array([1.0, 0.0, 0.0, 0.0]), np.array([0.0, 0.5, 0.0, 0.0]), np.array([1, 0.5, 0.3, 0])
    )
    assert field.support.tolist() == [0, 1, 2]
    assert field.combined.tolist() == pytest.approx([1.0, 0.5, 0.3, 0.0])
    assert field.n_vertices == 4 and field.support.dtype == np.int32
    default = ReferralField.from_dense(np.array([0.0, 1.0]), np.array([0.5, 0.5]))
    assert default.combined.tolist() == [0.5, 1.0]


def test_merge_keeps_each_level_by_maximum_and_adds_the_combined_one():
    a = ReferralField.from_dense(np.array([1.0, 0.0, 0.0]), np.array([0.0, 0.5, 0.0]))
    b = ReferralField.from_dense(np.array([0.5, 0.0, 0.0]), np.array([0.0, 0.25, 0.5]))
    merged = merge([a, b])
    assert merged.essential.tolist() == [1.0, 0.0, 0.0]
    assert merged.spillover.tolist() == [0.0, 0.5, 0.5]
    assert merged.combined.tolist() == [1.0, 0.75, 0.5]  # 1 + 0.5 clipped at 1
    assert merge([a, b], ceiling=None).combined.tolist() == [1.5, 0.75, 0.5]
    with pytest.raises(ValueError, match=r"^merge\(\) needs at least one field$"):
        merge([])


def test_intensity_at_reads_the_nearest_vertex():
    vertices = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [0.0, 10.0, 0.0]])
    values = np.array([0.1, 0.2, 0.3])
    assert intensity_at(values, vertices, np.array([9.0, 1.0, 0.0])) == pytest.approx(0.2)
    assert intensity_at(values, vertices, np.array([1.0, 6.0, 0.0])) == pytest.approx(0.3)


def test_precompute_fills_the_cache_so_a_later_field_computes_nothing():
    points = [trigger_point([Spot(at=Anchor(name), radius_mm=12)]) for name in ("east", "front")]
    engine = sphere_engine(subdivisions=3)
    engine.precompute(points)
    engine._compute = None  # any computation from here on would fail
    assert engine.field(points[0]).essential.max() == 1.0
    assert engine.field(points[1]) is not engine.field(points[0])


def test_combine_of_one_field_is_its_combined_level_in_float32():
    one = ReferralField.from_dense(np.array([1.0, 0.0]), np.array([0.0, 0.5]))
    total = combine([one])
    assert total.dtype == np.float32 and total.tolist() == [1.0, 0.5]
    with pytest.raises(ValueError) as caught:
        combine([])
    assert str(caught.value) == "combine() needs at least one field"


def test_the_disk_cache_writes_float32_files_atomically_in_its_own_folder(tmp_path, monkeypatch):
    # A new folder (parents too), a temporary file beside the final one, then a rename:
    # a rename within one folder is atomic, so a crash never leaves half a field.
    renamed = []
    real_replace = os.replace

    def recording_replace(source, target):
        renamed.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr("explorer.model.referral.os.replace", recording_replace)
    cache = tmp_path / "new" / "fields"
    point = trigger_point([Spot(at=Anchor("north"), radius_mm=20)])
    sphere_engine(subdivisions=3, cache_dir=cache).field(point)
    ((source, target),) = renamed
    assert (source.parent, source.suffix, target.parent) == (cache, ".tmp", cache)
    assert np.load(target).dtype == np.float32
