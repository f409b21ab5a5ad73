"""The shipped ``trigger_points.yaml`` on the real atlas: anatomy, zones, sources, patterns.

The expectation table encodes what the domain brief says each pattern covers:
the field must be >= 0.9 at the landmarks named as the essential pain area and
near zero at places the pattern does not reach.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.project import load_project
from explorer.model.referral import ReferralEngine
from explorer.model.zones import mirror_landmark_name

ROOT = Path(__file__).resolve().parents[2]
#: How far an authored point may lie from its muscle's surface (mm).
SNAP_TOLERANCE_MM = 3.0
#: How far a zone's seed may lie from the skin before it counts as off the skin (mm).
SEED_TOLERANCE_MM = 10.0

#: Muscles of the brief that the atlas models (issue 13 added the last six).
BRIEF_MUSCLES = {
    "upper_trapezius",
    "lower_trapezius",
    "scm_sternal",
    "scm_clavicular",
    "suboccipitals",
    "splenius_capitis",
    "splenius_cervicis",
    "semispinalis_capitis",
    "levator_scapulae",
    "temporalis",
    "masseter",
    "occipitalis",
    "frontalis",
    "semispinalis_cervicis_multifidi",
    "lateral_pterygoid",
    "medial_pterygoid",
    "zygomaticus_major",
    "digastric",
    "scalenes",
}

#: TrP key -> (landmarks with essential pain >= 0.9, landmarks with field <= 0.1).
EXPECTED = {
    "upper_trapezius.tp1": (
        ["temple_left", "mastoid_left", "neck_posterolateral_left", "orbit_lateral_left"],
        ["glabella", "vertex", "forehead_left", "temple_right"],
    ),
    "upper_trapezius.tp2": (["occiput_left", "mastoid_left"], ["temple_left", "glabella"]),
    "lower_trapezius.tp1": (["mastoid_left", "acromion_skin_left"], ["temple_left", "glabella"]),
    "scm_sternal.lower": (["sternum", "sternal_notch"], ["vertex", "temple_left"]),
    "scm_sternal.mid": (["cheek_left", "maxilla_left"], ["vertex", "occiput_left", "sternum"]),
    # Its back-of-head zone sits on the ridge behind the ear, not at the midline.
    "scm_sternal.upper": (
        ["vertex", "supraorbital_left"],
        ["sternum", "cheek_left", "inion", "head_back"],
    ),
    "scm_clavicular.tp1": (
        ["forehead_left", "ear_left", "mastoid_left"],
        ["vertex", "sternum", "occiput_left"],
    ),
    "suboccipitals.group": (["occiput_left"], ["sternum", "chin", "glabella"]),
    "suboccipitals.obliquus_superior": (
        ["temple_left", "orbit_lateral_left"],
        ["sternum", "chin", "glabella", "vertex"],
    ),
    "splenius_capitis.tp1": (["vertex"], ["occiput_left", "temple_left", "glabella"]),
    "splenius_cervicis.upper": (
        ["occiput_left", "temple_left", "orbit_lateral_left"],
        ["vertex", "sternum"],
    ),
    "splenius_cervicis.lower": (["nape", "angle_of_neck_left"], ["occiput_left", "temple_left"]),
    "semispinalis_capitis.upper": (
        ["occiput_left", "temple_left", "orbit_lateral_left"],
        ["vertex", "sternum"],
    ),
    "semispinalis_capitis.mid": (["occiput_left", "head_back"], ["glabella", "vertex"]),
    # Levator scapulae rarely refers to the head.
    "levator_scapulae.upper": (["angle_of_neck_left"], ["temple_left", "occiput_left", "vertex"]),
    "levator_scapulae.lower": (["angle_of_neck_left"], ["temple_left", "occiput_left", "vertex"]),
    "temporalis.tp1": (["temple_left", "supraorbital_left"], ["occiput_left", "vertex"]),
    "temporalis.tp2": (["temple_left", "orbit_lateral_left"], ["occiput_left", "vertex"]),
    "temporalis.tp3": (["temple_left"], ["occiput_left", "glabella"]),
    # TrP4 refers back and up over the side of the head; the teeth belong to TrP1-3.
    "temporalis.tp4": (
        ["head_side_left"],
        ["glabella", "orbit_lateral_left", "maxilla_left", "mandible_left"],
    ),
    "masseter.a": (["cheek_left"], ["temple_left", "occiput_left"]),
    "masseter.b": (["mandible_left"], ["temple_left", "supraorbital_left"]),
    # One arc across the temple to above the eyebrow, not two separate spots.
    "masseter.c": (["temple_left", "supraorbital_left"], ["occiput_left", "vertex"]),
    "masseter.d": (["ear_left", "tragus_left"], ["occiput_left", "glabella"]),
    # The back and side of the head, and deep to behind the eye.
    "occipitalis.tp1": (
        ["occiput_left", "head_side_left", "orbit_lateral_left"],
        ["sternum", "chin", "glabella", "forehead_right"],
    ),
    "frontalis.tp1": (
        ["forehead_left", "supraorbital_left"],
        ["occiput_left", "forehead_right", "temple_left"],
    ),
    # Issue 13's muscles: their main zones sit at offsets from the landmarks (the jaw
    # joint, the cheekbone, the lower teeth), which test_new_muscle_content.py checks.
    "semispinalis_cervicis_multifidi.tp1": (
        ["neck_posterolateral_left"],
        ["temple_left", "vertex", "glabella"],
    ),
    "lateral_pterygoid.tp1": ([], ["occiput_left", "vertex", "forehead_left"]),
    "medial_pterygoid.tp1": (["ear_left"], ["forehead_left", "occiput_left", "vertex"]),
    "zygomaticus_major.tp1": ([], ["temple_left", "occiput_left", "ear_left", "chin"]),
    "digastric.posterior": (["mastoid_left"], ["temple_left", "vertex", "chin"]),
    "digastric.anterior": ([], ["ear_left", "temple_left", "forehead_left"]),
    "scalenes.group": (
        ["scapula_medial_left"],
        ["vertex", "temple_left", "occiput_left", "mastoid_left", "glabella"],
    ),
}

#: TrP key -> landmarks that must be in its spillover (about 0.5).
EXPECTED_SPILLOVER = {
    "upper_trapezius.tp1": ["angle_of_jaw_left"],
    "suboccipitals.group": ["temple_left", "orbit_lateral_left", "forehead_left"],
    "scm_clavicular.tp1": ["forehead_right"],
    "levator_scapulae.upper": ["scapula_medial_left"],
}


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT / "trigger_points.yaml", ROOT / "meshes" / "manifest.yaml")


@pytest.fixture(scope="module")
def engine(project):
    skin = project.atlas.skin
    return ReferralEngine(skin.vertices, skin.faces, project.atlas.landmark_positions())


@pytest.fixture(scope="module")
def surfaces(project):
    """Structure id -> pyvista surface, built on demand."""
    pyvista = pytest.importorskip("pyvista")
    cache = {}

    def surface(structure_id: str):
        if structure_id not in cache:
            structure = project.atlas.structures[structure_id]
            faces = np.hstack([np.full((len(structure.faces), 1), 3), structure.faces]).ravel()
            cache[structure_id] = pyvista.PolyData(np.asarray(structure.vertices), faces)
        return cache[structure_id]

    return surface


def _distance_to_muscle(surfaces, structures, position) -> float:
    distances = []
    for structure_id in structures:
        _, closest = surfaces(structure_id).find_closest_cell(
            np.atleast_2d(position), return_closest_point=True
        )
        distances.append(float(np.linalg.norm(np.ravel(closest) - position)))
    return min(distances)


def _tp_key(point) -> str:
    return f"{point.muscle.id}.{point.key}"


def test_every_brief_muscle_is_present(project):
    assert {muscle.id for muscle in project.catalog.muscles} == BRIEF_MUSCLES


def test_every_muscle_has_facts_and_headache_types(project):
    for muscle in project.catalog.muscles:
        assert muscle.facts.innervation and muscle.facts.action, muscle.id
        # The scalenes refer to the chest, arm and shoulder blade, not the head: they are
        # in the atlas for needling safety, and no source ties them to a headache type.
        assert bool(muscle.headache_types) == (muscle.id != "scalenes"), muscle.id


def test_expectation_table_covers_every_trigger_point(project):
    keys = {_tp_key(point) for point in project.catalog.trigger_points()}
    assert keys == set(EXPECTED)


def test_every_trigger_point_lies_on_its_muscle(project, surfaces):
    landmarks = project.atlas.landmark_positions()
    for point in project.catalog.trigger_points():
        position = point.at.resolve(landmarks)
        distance = _distance_to_muscle(surfaces, point.structures, position)
        assert distance <= SNAP_TOLERANCE_MM, f"{point.id} is {distance:.1f} mm off its muscle"


def test_right_side_mirrors_the_left(project):
    landmarks = project.atlas.landmark_positions()
    catalog = project.catalog
    for left in (p for p in catalog.trigger_points() if p.side == "left"):
        right = catalog.get(left.id.removesuffix(".left") + ".right")
        expected = left.at.resolve(landmarks) * np.array([-1.0, 1.0, 1.0])
        np.testing.assert_allclose(right.at.resolve(landmarks), expected, atol=1e-9)
        assert all(s.endswith("_right") for s in right.structures)


def test_every_zone_lands_on_the_skin(project):
    landmarks = project.atlas.landmark_positions()
    skin = np.asarray(project.atlas.skin.vertices)
    for point in project.catalog.trigger_points():
        for zone in (*point.referral.essential, *point.referral.spillover):
            for seed in zone.seeds:
                gap = np.min(np.linalg.norm(skin - seed.resolve(landmarks), axis=1))
                assert gap <= SEED_TOLERANCE_MM, f"{point.id}: {seed} is {gap:.1f} mm off the skin"


def test_every_source_key_resolves(project):
    catalog = project.catalog
    cited = {key for point in catalog.trigger_points() for key in point.sources}
    assert cited <= set(catalog.sources)
    assert all(source.text.strip() for source in catalog.sources.values())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_essential_zone_covers_the_regions_the_brief_names(project, engine, key):
    covered, clear = EXPECTED[key]
    for side in ("left", "right"):
        field = engine.field(project.catalog.get(f"{key}.{side}"))

        def name(landmark: str, side: str = side) -> str:
            return landmark if side == "left" else mirror_landmark_name(landmark)

        for landmark in covered:
            value = engine.intensity_at(field.essential, name(landmark))
            assert value >= 0.9, f"{key}.{side} at {name(landmark)}: {value:.2f}"
        for landmark in clear:
            value = engine.intensity_at(field.combined, name(landmark))
            assert value <= 0.1, f"{key}.{side} at {name(landmark)}: {value:.2f}"


@pytest.mark.parametrize("key", sorted(EXPECTED_SPILLOVER))
def test_spillover_reaches_the_regions_the_brief_names(project, engine, key):
    field = engine.field(project.catalog.get(f"{key}.left"))
    for landmark in EXPECTED_SPILLOVER[key]:
        assert engine.intensity_at(field.spillover, landmark) >= 0.45, landmark


def test_unverified_facts_are_marked_low_confidence(project):
    low = {_tp_key(p) for p in project.catalog.trigger_points() if p.confidence == "low"}
    assert {
        "splenius_cervicis.upper",
        "splenius_cervicis.lower",
        "semispinalis_capitis.upper",
        "semispinalis_capitis.mid",
        "levator_scapulae.upper",
        "levator_scapulae.lower",
    } <= low


def test_needling_names_the_structures_at_risk(project):
    for muscle_id, risk in (
        ("upper_trapezius", "lung"),
        ("scm_sternal", "carotid"),
        ("suboccipitals", "vertebral artery"),
        ("levator_scapulae", "lung"),
    ):
        for spec in project.catalog.muscle(muscle_id).trigger_points:
            assert any(risk in item for item in spec.needling.at_risk), (muscle_id, spec.id)


def test_patient_info_covers_every_headache_type_and_the_red_flags(project):
    info = project.catalog.patient_info
    assert info is not None
    assert {answer.type for answer in info.headache_types} == {
        "tension",
        "cervicogenic",
        "migraine",
        "cluster",
        "sinus",
    }
    flags = {flag.id for flag in info.red_flags.flags}
    assert {"whole_body", "neurological", "sudden", "older", "pattern"} <= flags
    assert {item.id for item in info.what_to_expect} >= {"insertion", "twitch", "after_effects"}
    assert info.answer_for("cluster").certainty == "not_applicable"
