"""The headache muscles of the left side, built from named attachment landmarks.

Each builder reads landmarks (``marks``: name -> point, left side, x < 0) and
returns a closed mesh. The right side is the mirror image (see ``build.py``).
Shapes follow standard anatomy: origin, course and insertion of each muscle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import trimesh

from tools.build_atlas.muscle_shapes import coons_grid, sheet, strap
from tools.build_atlas.surfaces import Surface


@dataclass(frozen=True)
class MuscleSpec:
    """What the manifest says about one muscle structure (left side)."""

    id: str
    name: str
    layer: str
    color: str
    origin: str
    insertion: str
    build: Callable[[Context], trimesh.Trimesh]
    fma: str | None = None


@dataclass
class Context:
    """Everything a builder may look at."""

    marks: dict[str, np.ndarray]
    skin: Surface
    skull: Surface
    bones: Surface

    def under_skin(self, point, depth: float) -> np.ndarray:
        """The point ``depth`` mm beneath the skin point closest to ``point``."""
        closest, normal = self.skin.project(point)
        return closest[0] - normal[0] * depth

    def along(self, start: str, end: str, fraction: float) -> np.ndarray:
        return self.marks[start] + fraction * (self.marks[end] - self.marks[start])


def _outward(context: Context, point) -> np.ndarray:
    return context.skin.project(point)[1][0]


def _skin_sheet(context: Context, names, gap, thickness, rows=16, columns=16):
    corners = np.array([context.marks[name] for name in names])
    grid = coons_grid(corners, rows, columns)
    return sheet(grid, context.skin, gap, thickness, inward=True, corners=corners)


def trapezius_descending(c: Context):
    return _skin_sheet(
        c,
        [
            "external_occipital_protuberance",
            "superior_nuchal_line_medial_left",
            "clavicle_lateral_third_left",
            "c7_spinous",
        ],
        3.0,
        8.0,
    )


def trapezius_transverse(c: Context):
    return _skin_sheet(
        c, ["c7_spinous", "acromion_left", "scapular_spine_root_left", "t3_spinous"], 3.0, 6.0
    )


def trapezius_ascending(c: Context):
    c.marks["scapular_spine_root_low_left"] = c.marks["scapular_spine_root_left"] + (8, 0, -14)
    return _skin_sheet(
        c,
        ["t3_spinous", "scapular_spine_root_left", "scapular_spine_root_low_left", "t6_spinous"],
        3.0,
        5.0,
    )


def _skin_strap(c: Context, ends, fractions, depth, width, thickness, tendon=0.3):
    start, end = c.marks[ends[0]], c.marks[ends[1]]
    via = [c.under_skin(start + f * (end - start), depth) for f in fractions]
    middle = (start + end) / 2
    return strap(np.array([start, *via, end]), width, thickness, _outward(c, middle), tendon)


def scm_sternal(c: Context):
    return _skin_strap(
        c, ("manubrium_left", "mastoid_process_left"), (0.25, 0.5, 0.75), 8.0, 20.0, 9.0
    )


def scm_clavicular(c: Context):
    return _skin_strap(
        c,
        ("clavicle_medial_third_left", "mastoid_process_left"),
        (0.25, 0.5, 0.75),
        12.0,
        22.0,
        6.0,
    )


def splenius_capitis(c: Context):
    start, end = c.marks["c7_spinous"] + (-4, 0, 0), c.marks["mastoid_process_left"]
    via = [c.under_skin(start + f * (end - start) + (0, -5, 0), 15.0) for f in (0.35, 0.7)]
    return strap(np.array([start, *via, end]), 32.0, 6.0, np.array([-0.4, -1.0, 0.0]), 0.4)


def splenius_cervicis(c: Context):
    start, end = c.marks["t5_spinous"] + (-4, 0, 0), c.marks["c2_transverse_left"]
    via = [c.under_skin(start + f * (end - start), 20.0) for f in (0.3, 0.65)]
    return strap(np.array([start, *via, end]), 16.0, 6.0, np.array([-0.5, -1.0, 0.0]))


def semispinalis_capitis(c: Context):
    insertion = (
        c.marks["superior_nuchal_line_medial_left"] + c.marks["inferior_nuchal_line_medial_left"]
    ) / 2
    low = c.marks["t4_spinous"] + (-24, 22, 0)
    mid = c.marks["c5_spinous"] + (-20, 16, 0)
    high = c.marks["c2_spinous"] + (-20, 4, 8)
    c.marks["semispinalis_insertion_left"] = insertion
    c.marks["semispinalis_origin_left"] = low
    return strap(
        np.array([low, mid, high, insertion]), 20.0, 10.0, np.array([0.0, -1.0, 0.0]), 0.45
    )


def levator_scapulae(c: Context):
    start, end = c.marks["c1_transverse_left"], c.marks["scapula_superior_angle_left"]
    bend = c.marks["c4_transverse_left"] + (-10, -10, 0)
    return strap(
        np.array([start, bend, (bend + end) / 2 + (-6, 0, 0), end]),
        18.0,
        10.0,
        np.array([-1.0, -0.4, 0.0]),
    )


def _small_strap(c: Context, start: str, end: str, width: float, thickness: float):
    a, b = c.marks[start], c.marks[end]
    lift = -c.bones.project((a + b) / 2)[1][0] * -2.0  # bow slightly off the bone
    return strap(
        np.array([a, (a + b) / 2 + lift, b]), width, thickness, np.array([0.0, -1.0, 0.0]), 0.5
    )


def rectus_major(c: Context):
    return _small_strap(c, "c2_spinous", "inferior_nuchal_line_lateral_left", 13.0, 5.0)


def rectus_minor(c: Context):
    return _small_strap(c, "c1_posterior_tubercle", "inferior_nuchal_line_medial_left", 10.0, 4.0)


def obliquus_inferior(c: Context):
    return _small_strap(c, "c2_spinous", "c1_transverse_left", 12.0, 7.0)


def obliquus_superior(c: Context):
    c.marks["obliquus_superior_insertion_left"] = (
        c.marks["superior_nuchal_line_lateral_left"] + c.marks["inferior_nuchal_line_lateral_left"]
    ) / 2
    return _small_strap(c, "c1_transverse_left", "obliquus_superior_insertion_left", 10.0, 5.0)


def temporalis(c: Context):
    coronoid = c.marks["coronoid_left"]
    # The superior temporal line, roughly a half-ellipse over the ear in side view.
    centre = c.marks["condyle_left"] + (0, 12, 22)
    angles = np.radians(np.linspace(25, 165, 16))
    arc = np.array(
        [
            c.skull.hit_from_outside(centre + (0, 48 * np.cos(t), 60 * np.sin(t)), (1, 0, 0))
            for t in angles
        ]
    )
    bottom = coronoid + np.outer(np.linspace(-1, 1, len(angles)), (0, 10, 0))
    v = np.linspace(0, 1, 14)[:, None, None] ** 1.3
    grid = (1 - v) * arc[None] + v * bottom[None]
    fan = sheet(grid, c.bones, 0.6, 6.0, inward=False, edge_thickness=0.4, project_along=(1, 0, 0))
    # The tendon runs deep to the zygomatic arch to the coronoid process.
    start = fan.vertices[np.argmin(np.linalg.norm(fan.vertices - coronoid, axis=1))]
    tendon = strap(
        np.array([start + (0, 0, 12), start, coronoid]),
        12.0,
        5.0,
        np.array([-1.0, 0.0, 0.0]),
        0.6,
        samples=12,
    )
    return trimesh.util.concatenate([fan, tendon])


def masseter(c: Context):
    """A thick quadrilateral belly from the zygomatic arch down to the angle of the jaw.

    Lofted as a broad strap whose path is lifted off the ramus by half its
    thickness: a sheet projected onto the jaw crumples over the notch between
    the coronoid and the condyle.
    """
    c.marks["mandible_body_left"] = c.bones.hit_from_outside(
        c.marks["gonion_left"] + (0, 30, 6), (1, 0, 0)
    )
    top = (c.marks["zygomatic_arch_left"] + c.marks["zygomatic_arch_anterior_left"]) / 2
    bottom = c.marks["gonion_left"] + 0.35 * (
        c.marks["mandible_body_left"] - c.marks["gonion_left"]
    )
    c.marks["masseter_origin_left"] = top
    c.marks["masseter_insertion_left"] = bottom
    thickness = 9.0
    path = [top + f * (bottom - top) for f in (0.3, 0.55, 0.8)]
    lifted = [
        c.bones.hit_from_outside(point, (1, 0, 0)) + (-thickness / 2 - 1.0, 0, 0) for point in path
    ]
    return strap(
        np.array([top, *lifted, bottom]), 30.0, thickness, np.array([-1.0, 0.0, 0.0]), tendon=0.65
    )


def occipitalis(c: Context):
    medial, lateral = (
        c.marks["superior_nuchal_line_medial_left"],
        c.marks["superior_nuchal_line_lateral_left"],
    )
    c.marks["occipitalis_top_medial_left"] = medial + (0, 4, 42)
    c.marks["occipitalis_top_lateral_left"] = lateral + (0, 6, 40)
    return _skin_sheet(
        c,
        [
            "occipitalis_top_medial_left",
            "occipitalis_top_lateral_left",
            "superior_nuchal_line_lateral_left",
            "superior_nuchal_line_medial_left",
        ],
        2.0,
        2.5,
        10,
        10,
    )


def frontalis(c: Context):
    brow_medial = c.marks["glabella"] + (-6, 0, 4)
    brow_lateral = c.marks["supraorbital_left"] + (-18, -8, 0)
    c.marks["frontalis_brow_medial_left"] = brow_medial
    c.marks["frontalis_brow_lateral_left"] = brow_lateral
    c.marks["frontalis_top_medial_left"] = brow_medial + (0, -14, 58)
    c.marks["frontalis_top_lateral_left"] = brow_lateral + (0, -18, 52)
    grid = coons_grid(
        np.array(
            [
                c.marks[n]
                for n in (
                    "frontalis_top_medial_left",
                    "frontalis_top_lateral_left",
                    "frontalis_brow_lateral_left",
                    "frontalis_brow_medial_left",
                )
            ]
        ),
        12,
        12,
    )
    return sheet(grid, c.skin, 2.0, 2.5, inward=True)


MUSCLES = (
    MuscleSpec(
        "trapezius_descending",
        "Trapezius, descending (upper) part",
        "superficial",
        "#c0504a",
        "external_occipital_protuberance",
        "clavicle_lateral_third_left",
        trapezius_descending,
    ),
    MuscleSpec(
        "trapezius_transverse",
        "Trapezius, transverse (middle) part",
        "superficial",
        "#b4463f",
        "c7_spinous",
        "acromion_left",
        trapezius_transverse,
    ),
    MuscleSpec(
        "trapezius_ascending",
        "Trapezius, ascending (lower) part",
        "superficial",
        "#a83f39",
        "t6_spinous",
        "scapular_spine_root_left",
        trapezius_ascending,
    ),
    MuscleSpec(
        "sternocleidomastoid_sternal",
        "Sternocleidomastoid, sternal head",
        "superficial",
        "#cf6a4c",
        "manubrium_left",
        "mastoid_process_left",
        scm_sternal,
    ),
    MuscleSpec(
        "sternocleidomastoid_clavicular",
        "Sternocleidomastoid, clavicular head",
        "superficial",
        "#c45f45",
        "clavicle_medial_third_left",
        "mastoid_process_left",
        scm_clavicular,
    ),
    MuscleSpec(
        "splenius_capitis",
        "Splenius capitis",
        "intermediate",
        "#9e4f5c",
        "c7_spinous",
        "mastoid_process_left",
        splenius_capitis,
    ),
    MuscleSpec(
        "splenius_cervicis",
        "Splenius cervicis",
        "intermediate",
        "#8f4656",
        "t5_spinous",
        "c2_transverse_left",
        splenius_cervicis,
    ),
    MuscleSpec(
        "semispinalis_capitis",
        "Semispinalis capitis",
        "deep",
        "#7d5a8c",
        "semispinalis_origin_left",
        "semispinalis_insertion_left",
        semispinalis_capitis,
    ),
    MuscleSpec(
        "levator_scapulae",
        "Levator scapulae",
        "intermediate",
        "#a8663c",
        "c1_transverse_left",
        "scapula_superior_angle_left",
        levator_scapulae,
        "FMA:32519",
    ),
    MuscleSpec(
        "rectus_capitis_posterior_major",
        "Rectus capitis posterior major",
        "deep",
        "#5d6fa3",
        "c2_spinous",
        "inferior_nuchal_line_lateral_left",
        rectus_major,
    ),
    MuscleSpec(
        "rectus_capitis_posterior_minor",
        "Rectus capitis posterior minor",
        "deep",
        "#4f62a0",
        "c1_posterior_tubercle",
        "inferior_nuchal_line_medial_left",
        rectus_minor,
    ),
    MuscleSpec(
        "obliquus_capitis_inferior",
        "Obliquus capitis inferior",
        "deep",
        "#4c7fa0",
        "c2_spinous",
        "c1_transverse_left",
        obliquus_inferior,
    ),
    MuscleSpec(
        "obliquus_capitis_superior",
        "Obliquus capitis superior",
        "deep",
        "#3f7396",
        "c1_transverse_left",
        "obliquus_superior_insertion_left",
        obliquus_superior,
    ),
    MuscleSpec(
        "temporalis",
        "Temporalis",
        "intermediate",
        "#b5654f",
        "zygomatic_arch_left",
        "coronoid_left",
        temporalis,
        "FMA:48993",
    ),
    MuscleSpec(
        "masseter",
        "Masseter",
        "intermediate",
        "#c2583f",
        "masseter_origin_left",
        "masseter_insertion_left",
        masseter,
        "FMA:48990",
    ),
    MuscleSpec(
        "occipitalis",
        "Occipitalis (occipital belly of occipitofrontalis)",
        "superficial",
        "#b8705a",
        "superior_nuchal_line_lateral_left",
        "occipitalis_top_lateral_left",
        occipitalis,
    ),
    MuscleSpec(
        "frontalis",
        "Frontalis (frontal belly of occipitofrontalis)",
        "superficial",
        "#c27a5f",
        "frontalis_top_medial_left",
        "frontalis_brow_medial_left",
        frontalis,
    ),
)
