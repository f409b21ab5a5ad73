"""The suboccipital muscles, against the bone under the occiput.

The recti are built flat on the bone, seen from behind and below, bridging
the gap between the atlas and the occiput; the obliqui (already within a few
millimetres of a real atlas) stay short straps between their bony points.
"""

from __future__ import annotations

import numpy as np

from tools.build_atlas.muscle_shapes import bump, resample, ruled_grid, slab, strap
from tools.build_atlas.surfaces import Surface
from tools.build_atlas.tissue import Body, on_bone

#: From behind and below: how the recti are seen onto the bone.
LOOKING = (0.0, 1.0, 0.35)
ALONG, ACROSS = 12, 7
#: How far below the inferior nuchal line the recti's insertions reach (mm):
#: they cover the bone between the line and the foramen magnum.
BELOW_THE_LINE_MM = 3.0


def _rectus(body: Body, origin, insertion, thickness_mm: float, bone: Surface | None = None):
    grid = ruled_grid(resample(origin, ACROSS), resample(insertion, ACROSS), ALONG)
    thickness = thickness_mm * bump(ALONG, 0.5, 0.5)[:, None] * bump(ACROSS, 0.4, 0.5)[None]
    return slab(*on_bone(body, grid, thickness, np.array(LOOKING), bone))


def _insertion_line(body: Body, medial: np.ndarray, lateral: np.ndarray) -> np.ndarray:
    """A strip on the occiput just under the inferior nuchal line."""
    below = np.array([0.0, 0.0, -BELOW_THE_LINE_MM])
    return np.array([medial + below, (medial + lateral) / 2 + below, lateral + below])


def rectus_minor(body: Body):
    """Posterior tubercle of C1 -> medial part of the inferior nuchal line.

    Small and deep: a flat strap about 2 cm wide at the occiput, lying in the
    gap between the atlas and the occiput rather than bridging behind it.
    """
    m = body.mark
    tubercle = m("c1_posterior_tubercle") + (-3.0, 0.0, 0.0)
    insertion = m("inferior_nuchal_line_medial_left") + (-1.0, 0.0, -BELOW_THE_LINE_MM)
    middle = (tubercle + insertion) / 2 + (0.0, 6.0, 0.0)  # sunk toward the gap
    mesh = strap(
        np.array([tubercle, middle, insertion]), 16.0, 3.5, np.array([0.0, -1.0, 0.3]), 0.45
    )
    body.cache["rectus_minor"] = mesh
    return mesh


def rectus_major(body: Body):
    """Spinous process of C2 -> lateral part of the inferior nuchal line: a
    triangle widening upward, over and lateral to the minor."""
    m = body.mark
    spinous = m("c2_spinous")
    origin = np.array([spinous + (-3.0, 2.0, 2.0), spinous + (-8.0, 5.0, -2.0)])
    medial = m("inferior_nuchal_line_medial_left") + (-2.0, 0.0, 0.0)
    lateral = m("inferior_nuchal_line_lateral_left") + (-4.0, 0.0, 0.0)
    minor = body.cache.get("rectus_minor")
    bone = body.bones if minor is None else Surface(body.bones.mesh, minor)
    return _rectus(body, origin, _insertion_line(body, medial, lateral), 4.5, bone)


def _small_strap(body: Body, start: str, end: str, width: float, thickness: float):
    a, b = body.marks[start], body.marks[end]
    lift = body.bones.project((a + b) / 2)[1][0] * 2.0  # bow slightly off the bone
    return strap(
        np.array([a, (a + b) / 2 + lift, b]), width, thickness, np.array([0.0, -1.0, 0.0]), 0.5
    )


def obliquus_inferior(body: Body):
    """Spinous process of C2 -> transverse process of C1."""
    return _small_strap(body, "c2_spinous", "c1_transverse_left", 12.0, 7.0)


def obliquus_superior(body: Body):
    """Transverse process of C1 -> occiput between the nuchal lines, lateral to semispinalis."""
    body.marks["obliquus_superior_insertion_left"] = (
        body.marks["superior_nuchal_line_lateral_left"]
        + body.marks["inferior_nuchal_line_lateral_left"]
    ) / 2
    return _small_strap(body, "c1_transverse_left", "obliquus_superior_insertion_left", 10.0, 5.0)
