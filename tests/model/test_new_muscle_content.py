"""The content for the issue-13 muscles: sources, patterns, hazards and wording.

Pins what the domain brief (section 6) says about the posterior cervical TrP1
(multifidi and semispinalis cervicis), the two pterygoids, zygomaticus major,
the digastric and the scalenes, so that a later edit cannot quietly undo it.

The tests read the shipped ``trigger_points.yaml`` and atlas; set
``NEW_MUSCLE_CONTENT`` (a content file) or ``NEW_MUSCLE_ATLAS`` (a manifest) to
run them on a merge candidate. While the content has none of the new muscles,
each test skips with the reason (the marker test also while the atlas lacks
their meshes).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from explorer.model.atlas import load_atlas
from explorer.model.content import load_catalog
from explorer.model.referral import ReferralEngine
from explorer.model.zones import mirror_landmark_name
from tools.wording import grade, patient_texts, shared_runs, yaml_strings

ROOT = Path(__file__).resolve().parents[2]
CONTENT = Path(os.environ.get("NEW_MUSCLE_CONTENT", ROOT / "trigger_points.yaml"))
MANIFEST = Path(os.environ.get("NEW_MUSCLE_ATLAS", ROOT / "meshes" / "manifest.yaml"))
BRIEFS = ROOT.parent / "shared" / "domain"

#: New muscle id -> the Travell & Simons chapter its patterns come from.
CHAPTERS = {
    "semispinalis_cervicis_multifidi": "TS99-CH16",
    "lateral_pterygoid": "TS99-CH11",
    "medial_pterygoid": "TS99-CH10",
    "zygomaticus_major": "TS99-CH13",
    "digastric": "TS99-CH12",
    "scalenes": "TS99-CH20",
}
#: New muscle id -> its atlas meshes (base ids, as in the issue-13 contract).
MESHES = {
    "semispinalis_cervicis_multifidi": {"semispinalis_cervicis", "multifidus_cervicis"},
    "lateral_pterygoid": {"pterygoid_lateral"},
    "medial_pterygoid": {"pterygoid_medial"},
    "zygomaticus_major": {"zygomaticus_major"},
    "digastric": {"digastric_posterior", "digastric_anterior"},
    "scalenes": {"scalenus_anterior", "scalenus_medius", "scalenus_posterior"},
}
#: Point key -> the one mesh its marker must lie on (a muscle with two bellies).
OWN_MESH = {
    "digastric.posterior": "digastric_posterior",
    "digastric.anterior": "digastric_anterior",
}
#: How far a marker may lie from its muscle's surface (mm), as for the shipped points.
SNAP_TOLERANCE_MM = 3.0

#: The structures at risk of the issue-13 contract (base ids).
AT_RISK_IDS = {
    "pleural_dome", "vertebral_artery", "common_carotid_artery", "internal_jugular_vein",
    "external_jugular_vein", "brachiocephalic_vein", "subclavian_artery", "brachial_plexus",
    "greater_occipital_nerve", "occipital_artery", "spinal_accessory_nerve",
    "great_auricular_nerve", "superficial_temporal_artery", "facial_artery", "parotid_duct",
    "spinal_canal",
}  # fmt: skip

#: Point key -> hazards its needling block must name (brief section 6, anatomy brief).
HAZARDS = {
    "semispinalis_cervicis_multifidi.tp1": ["spinal cord", "vertebral artery", "nerve roots"],
    "lateral_pterygoid.tp1": ["maxillary artery", "superficial temporal artery", "parotid"],
    "medial_pterygoid.tp1": ["facial artery", "carotid sheath"],
    "zygomaticus_major.tp1": ["facial artery", "parotid duct", "facial nerve"],
    "digastric.posterior": ["carotid sheath", "facial nerve", "spinal accessory"],
    "digastric.anterior": ["facial artery", "floor of the mouth"],
    "scalenes.group": [
        "pleural dome", "lung apex", "pneumothorax", "brachial plexus", "subclavian artery",
        "vertebral artery",
    ],
}  # fmt: skip
#: Point key -> at-risk atlas ids its needling.structures must include.
STRUCTURES = {
    "semispinalis_cervicis_multifidi.tp1": {"spinal_canal", "vertebral_artery"},
    "lateral_pterygoid.tp1": {"superficial_temporal_artery"},
    "medial_pterygoid.tp1": {"facial_artery"},
    "zygomaticus_major.tp1": {"facial_artery", "parotid_duct"},
    "digastric.posterior": {"internal_jugular_vein", "common_carotid_artery"},
    "digastric.anterior": {"facial_artery"},
    "scalenes.group": {"pleural_dome", "brachial_plexus", "subclavian_artery", "vertebral_artery"},
}

#: Point key -> (places brief section 6 names, essential >= 0.9; places it must leave <= 0.1).
#: A place is a landmark or a landmark with an offset (mm), as in the content.
PATTERNS = {
    # Base of the skull and down over the top of the shoulder blade.
    "semispinalis_cervicis_multifidi.tp1": (
        ["neck_posterolateral_left", ("angle_of_neck_left", (-3.4, -42.7, -31.6))],
        ["temple_left", "vertex", "glabella", "sternum"],
    ),
    # Deep into the jaw joint and over the cheekbone (maxillary sinus area).
    "lateral_pterygoid.tp1": (
        [("tragus_left", (0.0, 12.0, -4.0)), ("cheek_left", (-10.0, -8.0, 12.0))],
        ["occiput_left", "vertex", "forehead_left", "sternum"],
    ),
    # Below and behind the jaw joint, and deep in the ear.
    "medial_pterygoid.tp1": (
        ["ear_left", ("tragus_left", (6.0, -2.0, -14.0))],
        ["forehead_left", "occiput_left", "vertex", "supraorbital_left"],
    ),
    # An arc from the side of the nose up to the middle of the forehead.
    "zygomaticus_major.tp1": (
        [("maxilla_left", (-1.2, -0.6, 3.7)), ("glabella", (0.0, 1.2, 25.4))],
        ["temple_left", "occiput_left", "ear_left", "chin"],
    ),
    # The upper sternocleidomastoid and below the ear.
    "digastric.posterior": (
        ["mastoid_left", ("tragus_left", (8.0, 0.0, -24.0))],
        ["temple_left", "vertex", "forehead_left", "chin"],
    ),
    # The lower front teeth.
    "digastric.anterior": (
        [("chin", (-5.0, 0.0, 2.0))],
        ["ear_left", "temple_left", "forehead_left", "mastoid_left"],
    ),
    # Chest, arm and the inner edge of the shoulder blade; never the head.
    "scalenes.group": (
        ["scapula_medial_left", ("sternal_notch", (-61.4, 28.6, -46.7))],
        [
            "vertex", "temple_left", "forehead_left", "occiput_left", "mastoid_left", "ear_left",
            "glabella", "supraorbital_left", "angle_of_jaw_left", "inion", "head_back",
        ],
    ),
}  # fmt: skip
#: Landmarks on the head, none of which the scalenes may paint (either level).
HEAD_LANDMARKS = PATTERNS["scalenes.group"][1]

#: Words that belong to the clinician: none may reach a patient text.
CLINICIAN_WORDS = (
    "pincer", "needle", "ultrasound", "lamina", "acromion", "foramen", "infratemporal",
    "mandibular notch", "carotid", "pleura", "ramus", "zygoma",
)  # fmt: skip
DEPTH_FIGURE = re.compile(r"\d\s*(mm|cm|millimet|centimet)", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalog():
    catalog = load_catalog(CONTENT)
    present = {muscle.id for muscle in catalog.muscles}
    missing = sorted(set(CHAPTERS) - present)
    if missing:
        pytest.skip(f"{CONTENT.name} has none of the issue-13 muscles yet (missing {missing})")
    return catalog


@pytest.fixture(scope="module")
def engine(catalog):
    atlas = load_atlas(MANIFEST)
    skin = atlas.skin
    return ReferralEngine(skin.vertices, skin.faces, atlas.landmark_positions())


@pytest.fixture(scope="module")
def atlas_with_new_meshes(catalog):
    atlas = load_atlas(MANIFEST)
    wanted = {
        f"{mesh}_{side}"
        for meshes in MESHES.values()
        for mesh in meshes
        for side in ("left", "right")
    }
    if not wanted <= set(atlas.structures):
        pytest.skip("the atlas does not have the issue-13 muscle meshes yet")
    return atlas


def point(catalog, key: str, side: str = "left"):
    return catalog.get(f"{key}.{side}")


def new_points(catalog):
    return [p for p in catalog.trigger_points() if p.side == "left" and p.muscle.id in CHAPTERS]


def place(engine, name, side: str = "left") -> np.ndarray | str:
    """A landmark name, or a landmark plus offset, as a position on ``side``."""
    landmark, offset = (name, (0.0, 0.0, 0.0)) if isinstance(name, str) else name
    if side == "right":
        landmark = mirror_landmark_name(landmark)
        offset = (-offset[0], offset[1], offset[2])
    if offset == (0.0, 0.0, 0.0):
        return landmark
    return np.asarray(engine.landmarks[landmark], dtype=float) + np.asarray(offset)


def test_every_new_muscle_and_point_is_there(catalog):
    keys = {f"{p.muscle.id}.{p.key}" for p in new_points(catalog)}
    assert keys == set(PATTERNS) == set(HAZARDS)
    for muscle_id, meshes in MESHES.items():
        assert set(catalog.muscle(muscle_id).structures) == meshes, muscle_id


@pytest.mark.parametrize("muscle_id", sorted(CHAPTERS))
def test_each_point_cites_its_travell_simons_chapter_and_every_source_exists(catalog, muscle_id):
    for spec in catalog.muscle(muscle_id).trigger_points:
        assert set(spec.sources) <= set(catalog.sources), (muscle_id, spec.id)
        assert CHAPTERS[muscle_id] in spec.sources, (muscle_id, spec.id)
        chapter = catalog.sources[CHAPTERS[muscle_id]]
        assert chapter.kind == "book" and "chapter" in chapter.text.lower()


def test_new_muscles_have_facts_aliases_students_search_for(catalog):
    for muscle_id in CHAPTERS:
        facts = catalog.muscle(muscle_id).facts
        assert facts.origin and facts.insertion and facts.action and facts.innervation
    assert "LPM" in catalog.muscle("lateral_pterygoid").aliases
    assert "multifidi" in catalog.muscle("semispinalis_cervicis_multifidi").aliases
    assert "anterior scalene" in catalog.muscle("scalenes").aliases


def test_scalenes_say_they_do_not_refer_to_the_head(catalog):
    scalenes = catalog.muscle("scalenes")
    assert scalenes.headache_types == ()
    scalene_point = point(catalog, "scalenes.group")
    for wording in (scalene_point.referral_text, scalene_point.referral_text_clinician):
        assert re.search(r"do not (send pain|refer) to the head", wording), wording


def test_scalenes_paint_nothing_on_the_head(catalog, engine):
    for side in ("left", "right"):
        field = engine.field(point(catalog, "scalenes.group", side))
        for landmark in HEAD_LANDMARKS:
            value = engine.intensity_at(field.combined, place(engine, landmark, side))
            assert value <= 0.1, (side, landmark, value)
        # Nothing at all from the jaw line up: the head is free of paint.
        above_jaw = engine.vertices[:, 2] > engine.landmarks["chin"][2]
        assert field.combined[above_jaw].max() <= 0.1, side


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_pattern_covers_what_brief_section_6_names(catalog, engine, key):
    covered, clear = PATTERNS[key]
    for side in ("left", "right"):
        field = engine.field(point(catalog, key, side))
        for name in covered:
            value = engine.intensity_at(field.essential, place(engine, name, side))
            assert value >= 0.9, (key, side, name, value)
        for name in clear:
            value = engine.intensity_at(field.combined, place(engine, name, side))
            assert value <= 0.1, (key, side, name, value)


def test_patient_text_has_no_depth_figure_and_no_clinician_words(catalog):
    texts = [
        (name, text) for name, text in patient_texts(catalog) if name.split(".")[0] in CHAPTERS
    ]
    assert len(texts) >= 7 * 3  # where, referral and at least one more per point
    for name, text in texts:
        assert not DEPTH_FIGURE.search(text), name
        lowered = text.lower()
        for word in CLINICIAN_WORDS:
            assert word not in lowered, (name, word)


@pytest.mark.parametrize("key", sorted(HAZARDS))
def test_needling_names_the_hazards_the_brief_requires(catalog, key):
    needling = point(catalog, key).needling
    hazards = " | ".join(needling.at_risk).lower()
    for hazard in HAZARDS[key]:
        assert hazard in hazards, (key, hazard)
    everything = " ".join(filter(None, (needling.approach, needling.depth, needling.caution)))
    # No length anywhere in the block: a number would read as a safe depth.
    assert not DEPTH_FIGURE.search(everything + " " + hazards), key


def test_scalene_needling_lifts_the_muscle_and_never_aims_at_the_chest(catalog):
    needling = point(catalog, "scalenes.group").needling
    approach = needling.approach.lower()
    assert "pincer" in approach and "never" in approach and "chest" in approach
    assert "no depth is safe" in needling.depth.lower()


def test_posterior_cervical_point_is_advanced_aims_at_bone_and_gives_no_safe_depth(catalog):
    needling = point(catalog, "semispinalis_cervicis_multifidi.tp1").needling
    approach = needling.approach.lower()
    assert "advanced" in approach and "ultrasound" in approach and "backstop" in approach
    assert "not a safe depth" in needling.depth or "no depth" in needling.depth.lower()
    where = point(catalog, "semispinalis_cervicis_multifidi.tp1").where_clinician
    assert "C4" in where and "C5" in where


@pytest.mark.parametrize("key", sorted(STRUCTURES))
def test_needling_structures_are_contract_ids(catalog, key):
    needling = point(catalog, key).needling
    named = set(getattr(needling, "structures", ()) or ())
    if not hasattr(needling, "structures"):
        pytest.skip("the content schema has no needling.structures")
    assert named <= AT_RISK_IDS, named - AT_RISK_IDS
    assert STRUCTURES[key] <= named, STRUCTURES[key] - named


@pytest.mark.parametrize(
    ("key", "symptom", "condition"),
    [
        ("scalenes.group", "chest", "heart"),
        ("scalenes.group", "arm", "nerve root"),
        ("lateral_pterygoid.tp1", "chew", "giant-cell arteritis"),
        ("lateral_pterygoid.tp1", "sinus", "sinusitis"),
        ("medial_pterygoid.tp1", "chew", "giant-cell arteritis"),
        ("medial_pterygoid.tp1", "throat", "infection"),
        ("digastric.anterior", "teeth", "tooth"),
    ],
)
def test_symptoms_that_overlap_red_flags_carry_rule_out(catalog, key, symptom, condition):
    matches = [s for s in point(catalog, key).symptoms if symptom in s.text.lower()]
    assert matches, (key, symptom)
    assert any(condition in " ".join(s.rule_out).lower() for s in matches), (key, condition)


def test_neck_stretches_carry_a_stop_rule(catalog):
    for key in ("scalenes.group", "semispinalis_cervicis_multifidi.tp1"):
        stretches = ("tilt", "stretch", "chin toward")
        steps = [
            s for s in point(catalog, key).self_care if any(w in s.text.lower() for w in stretches)
        ]
        assert steps and all(s.stop_if for s in steps), key
    assert "tingling" in point(catalog, "scalenes.group").self_care[0].stop_if


def test_new_patient_text_is_plain(catalog):
    grades = [
        grade(text) for name, text in patient_texts(catalog) if name.split(".")[0] in CHAPTERS
    ]
    assert sum(grades) / len(grades) <= 8.0
    assert max(grades) <= 10.0


@pytest.mark.skipif(not BRIEFS.is_dir(), reason="the domain briefs live beside the repository")
@pytest.mark.parametrize("brief", ["brief.md", "anatomy.md"])
def test_new_muscles_copy_no_twelve_word_run_from_the_briefs(catalog, brief):
    data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    muscles = [m for m in data["muscles"] if m["id"] in CHAPTERS]
    texts = list(yaml_strings(muscles))
    assert shared_runs(texts, (BRIEFS / brief).read_text(encoding="utf-8")) == []


def test_every_new_marker_lies_on_its_muscle(catalog, atlas_with_new_meshes):
    pyvista = pytest.importorskip("pyvista")
    atlas = atlas_with_new_meshes
    landmarks = atlas.landmark_positions()
    for spec_point in (p for p in catalog.trigger_points() if p.muscle.id in CHAPTERS):
        key = f"{spec_point.muscle.id}.{spec_point.key}"
        meshes = [OWN_MESH[key]] if key in OWN_MESH else sorted(MESHES[spec_point.muscle.id])
        position = spec_point.at.resolve(landmarks)
        distances = []
        for mesh in meshes:
            structure = atlas.structures[f"{mesh}_{spec_point.side}"]
            faces = np.hstack([np.full((len(structure.faces), 1), 3), structure.faces]).ravel()
            surface = pyvista.PolyData(np.asarray(structure.vertices, dtype=float), faces)
            _, closest = surface.find_closest_cell(position[None, :], return_closest_point=True)
            distances.append(float(np.linalg.norm(np.ravel(closest) - position)))
        assert min(distances) <= SNAP_TOLERANCE_MM, (spec_point.id, min(distances))
