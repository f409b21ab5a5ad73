"""The modelled muscles of the left side: what the manifest says, how each is
built, and the typical sizes anatomy.md gives for it.

Builders live in :mod:`tools.build_atlas.muscles`; each takes the
:class:`~tools.build_atlas.tissue.Body` and returns a closed mesh. They run
from the skin inward (``depth``), so each can lie under the ones above it. The
right side is the mirror image (see ``build.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import trimesh

from tools.build_atlas.muscles import (
    deep_neck,
    face_and_jaw,
    head,
    neck,
    suboccipital,
    trapezius,
)
from tools.build_atlas.tissue import Body


@dataclass(frozen=True)
class Range:
    """A typical size from anatomy.md: ``figure`` is a key of the report's row."""

    figure: str
    low: float
    high: float
    note: str = ""


@dataclass(frozen=True)
class MuscleSpec:
    """One muscle structure (left side): manifest fields, builder, anatomy."""

    id: str
    name: str
    layer: str
    color: str
    origin: str  # landmark of the origin feature
    insertion: str  # landmark of the insertion feature
    build: Callable[[Body], trimesh.Trimesh]
    shape: str  # sheet | band | fan | strap | triangle
    depth: int  # build rank: 1 = just under the skin, deeper layers after
    fma: str | None = None
    ranges: tuple[Range, ...] = field(default_factory=tuple)
    #: Why a figure may fall outside its range, for the build report, and which.
    caveat: str = ""
    caveat_figures: tuple[str, ...] = ()
    #: Kept for the structures still to come (vessels, nerves, organs).
    kind: str = "muscle"


THIN_SHEET = (Range("thickness_mean_mm", 1.0, 2.0, "occipitofrontalis: two thin sheets (1-2 mm)"),)

MUSCLES = (
    MuscleSpec(
        "trapezius_descending",
        "Trapezius, descending (upper) part",
        "superficial",
        "#c0504a",
        "external_occipital_protuberance",
        "clavicle_posterior_end_left",
        trapezius.descending,
        "sheet",
        1,
        ranges=(Range("thickness_mean_mm", 5.0, 10.0, "descending part 5-10 mm"),),
    ),
    MuscleSpec(
        "trapezius_transverse",
        "Trapezius, transverse (middle) part",
        "superficial",
        "#b4463f",
        "c7_spinous",
        "acromion_medial_left",
        trapezius.transverse,
        "sheet",
        1,
        ranges=(Range("thickness_mean_mm", 3.0, 6.0, "transverse part 3-6 mm"),),
    ),
    MuscleSpec(
        "trapezius_ascending",
        "Trapezius, ascending (lower) part",
        "superficial",
        "#a83f39",
        "t5_spinous",
        "scapular_spine_root_left",
        trapezius.ascending,
        "sheet",
        1,
        ranges=(Range("thickness_mean_mm", 3.0, 6.0, "ascending part 3-6 mm"),),
    ),
    MuscleSpec(
        "sternocleidomastoid_sternal",
        "Sternocleidomastoid, sternal head",
        "superficial",
        "#cf6a4c",
        "manubrium_left",
        "mastoid_process_left",
        neck.scm_sternal,
        "band",
        1,
        ranges=(
            # anatomy.md's 15 cm is a distance between the bony points, so it is
            # checked on the span between the two attachment landmarks; the
            # belly's own end-to-end length is longer (see the caveat).
            Range("span_mm", 135.0, 165.0, "mastoid to manubrium about 15 cm"),
            Range("thickness_belly_mm", 7.0, 13.0, "belly about 1 cm thick"),
        ),
        caveat=(
            "its end-to-end length (length_mm) exceeds the 15 cm between the mastoid and "
            "the manubrium because the insertion runs up the outer face of the mastoid toward "
            "the superior nuchal line and the tendon spreads over the front of the manubrium"
        ),
    ),
    MuscleSpec(
        "sternocleidomastoid_clavicular",
        "Sternocleidomastoid, clavicular head",
        "superficial",
        "#c45f45",
        "clavicle_medial_upper_left",
        "mastoid_lateral_left",
        neck.scm_clavicular,
        "band",
        1,
        ranges=(Range("thickness_belly_mm", 7.0, 13.0, "belly about 1 cm thick"),),
    ),
    MuscleSpec(
        "splenius_capitis",
        "Splenius capitis",
        "intermediate",
        "#9e4f5c",
        "c7_spinous",
        "mastoid_lateral_left",
        neck.splenius_capitis,
        "band",
        2,
    ),
    MuscleSpec(
        "levator_scapulae",
        "Levator scapulae",
        "intermediate",
        "#a8663c",
        "c1_transverse_left",
        "scapula_superior_angle_left",
        neck.levator_scapulae,
        "band",
        2,
        "FMA:32519",
    ),
    MuscleSpec(
        "splenius_cervicis",
        "Splenius cervicis",
        "intermediate",
        "#8f4656",
        "t5_spinous",
        "c2_transverse_left",
        neck.splenius_cervicis,
        "band",
        3,
    ),
    MuscleSpec(
        "semispinalis_capitis",
        "Semispinalis capitis",
        "deep",
        "#7d5a8c",
        "t3_transverse_left",
        "inferior_nuchal_line_medial_left",
        neck.semispinalis_capitis,
        "band",
        4,
        ranges=(
            Range("width_mm", 25.0, 35.0, "broad flat band about 3 cm wide"),
            Range("thickness_belly_mm", 7.0, 13.0, "about 1 cm thick in the upper neck"),
        ),
    ),
    MuscleSpec(
        "rectus_capitis_posterior_major",
        "Rectus capitis posterior major",
        "deep",
        "#5d6fa3",
        "c2_spinous",
        "inferior_nuchal_line_lateral_left",
        suboccipital.rectus_major,
        "triangle",
        6,  # after the minor, which it partly covers
    ),
    MuscleSpec(
        "rectus_capitis_posterior_minor",
        "Rectus capitis posterior minor",
        "deep",
        "#4f62a0",
        "c1_posterior_tubercle",
        "inferior_nuchal_line_medial_left",
        suboccipital.rectus_minor,
        "triangle",
        5,
    ),
    MuscleSpec(
        "obliquus_capitis_inferior",
        "Obliquus capitis inferior",
        "deep",
        "#4c7fa0",
        "c2_spinous",
        "c1_transverse_left",
        suboccipital.obliquus_inferior,
        "strap",
        5,
    ),
    MuscleSpec(
        "obliquus_capitis_superior",
        "Obliquus capitis superior",
        "deep",
        "#3f7396",
        "c1_transverse_left",
        "obliquus_superior_insertion_left",
        suboccipital.obliquus_superior,
        "strap",
        5,
    ),
    MuscleSpec(
        "temporalis",
        "Temporalis",
        "intermediate",
        "#b5654f",
        "zygomatic_arch_left",
        "coronoid_left",
        head.temporalis,
        "fan",
        2,
        "FMA:48993",
    ),
    MuscleSpec(
        "masseter",
        "Masseter",
        "intermediate",
        "#c2583f",
        "zygomatic_arch_left",
        "gonion_left",
        head.masseter,
        "sheet",
        2,
        "FMA:48990",
        ranges=(Range("thickness_belly_mm", 7.0, 13.0, "a thick rectangle about 1 cm thick"),),
    ),
    MuscleSpec(
        "occipitalis",
        "Occipitalis (occipital belly of occipitofrontalis)",
        "superficial",
        "#b8705a",
        "superior_nuchal_line_lateral_left",
        "occipitalis_top_lateral_left",
        head.occipitalis,
        "sheet",
        1,
        ranges=THIN_SHEET,
    ),
    MuscleSpec(
        "frontalis",
        "Frontalis (frontal belly of occipitofrontalis)",
        "superficial",
        "#c27a5f",
        "frontalis_top_medial_left",
        "frontalis_brow_medial_left",
        head.frontalis,
        "sheet",
        1,
        ranges=THIN_SHEET,
    ),
)

#: The muscles of issue 13 (scalenes, the deep back of the neck, jaw and face).
NEW_MUSCLES = (
    MuscleSpec(
        "scalenus_anterior",
        "Scalenus anterior",
        "deep",
        "#b0574a",
        "c5_anterior_tubercle_left",
        "first_rib_scalene_tubercle_left",
        deep_neck.scalenus_anterior,
        "band",
        3,
    ),
    MuscleSpec(
        "scalenus_medius",
        "Scalenus medius",
        "deep",
        "#a44f45",
        "c4_posterior_tubercle_left",
        "first_rib_behind_groove_left",
        deep_neck.scalenus_medius,
        "band",
        3,
    ),
    MuscleSpec(
        "scalenus_posterior",
        "Scalenus posterior",
        "deep",
        "#984840",
        "c5_posterior_tubercle_left",
        "second_rib_outer_left",
        deep_neck.scalenus_posterior,
        "band",
        4,
    ),
    MuscleSpec(
        "semispinalis_cervicis",
        "Semispinalis cervicis",
        "deep",
        "#6e5280",
        "t3_transverse_left",
        "c3_spinous",
        deep_neck.semispinalis_cervicis,
        "band",
        5,
    ),
    MuscleSpec(
        "multifidus_cervicis",
        "Multifidus (cervical part)",
        "deep",
        "#5f4a74",
        "c6_articular_left",
        "c3_spinous",
        deep_neck.multifidus_cervicis,
        "sheet",
        6,
    ),
    MuscleSpec(
        "pterygoid_lateral",
        "Lateral pterygoid",
        "deep",
        "#a9604c",
        "lateral_pterygoid_plate_left",
        "pterygoid_fovea_left",
        face_and_jaw.pterygoid_lateral,
        "strap",
        7,
    ),
    MuscleSpec(
        "pterygoid_medial",
        "Medial pterygoid",
        "deep",
        "#9d5745",
        "lateral_pterygoid_plate_left",
        "ramus_inner_angle_left",
        face_and_jaw.pterygoid_medial,
        "strap",
        8,
    ),
    MuscleSpec(
        "zygomaticus_major",
        "Zygomaticus major",
        "superficial",
        "#c8705a",
        "zygomatic_bone_left",
        "mouth_corner_left",
        face_and_jaw.zygomaticus_major,
        "strap",
        7,
    ),
    MuscleSpec(
        "digastric_posterior",
        "Digastric, posterior belly",
        "intermediate",
        "#b86a55",
        "mastoid_notch_left",
        "digastric_tendon_left",
        face_and_jaw.digastric_posterior,
        "strap",
        7,
    ),
    MuscleSpec(
        "digastric_anterior",
        "Digastric, anterior belly",
        "intermediate",
        "#b86a55",
        "digastric_fossa_left",
        "digastric_tendon_left",
        face_and_jaw.digastric_anterior,
        "strap",
        8,
    ),
    MuscleSpec(
        "platysma",
        "Platysma",
        "superficial",
        "#d0826a",
        "platysma_chest_left",
        "platysma_mandible_left",
        face_and_jaw.platysma,
        "sheet",
        7,
    ),
)
MUSCLES = MUSCLES + NEW_MUSCLES

#: Muscles in the order they are built: from the skin inward, each after the
#: ones it lies under (the manifest keeps the order of ``MUSCLES``).
BUILD_ORDER = tuple(sorted(MUSCLES, key=lambda spec: spec.depth))
