"""Muscles of the head: temporalis, masseter and the two bellies of occipitofrontalis.

All lie on bone: the temporalis fans over the temporal fossa, the masseter
covers the outer face of the ramus, and the occipital and frontal bellies are
thin sheets on the skull under the scalp.
"""

from __future__ import annotations

import numpy as np
import trimesh

from tools.build_atlas.muscle_shapes import bump, resample, ruled_grid, sheet, slab, strap
from tools.build_atlas.tissue import Body, on_bone

#: The fan's upper border, the superior temporal line, is a half-ellipse over
#: the ear in side view, centred this far from the lower border of the
#: zygomatic arch (mm).
TEMPORAL_LINE_CENTRE = (0.0, -13.0, 34.0)


def temporalis(body: Body):
    """Temporal fossa below the inferior temporal line -> coronoid process; a fan."""
    coronoid = body.mark("coronoid_left")
    centre = body.mark("zygomatic_arch_left") + TEMPORAL_LINE_CENTRE
    angles = np.radians(np.linspace(25, 165, 16))
    arc = np.array(
        [
            body.skull.hit_from_outside(centre + (0, 48 * np.cos(t), 60 * np.sin(t)), (1, 0, 0))
            for t in angles
        ]
    )
    bottom = coronoid + np.outer(np.linspace(-1, 1, len(angles)), (0, 10, 0))
    v = np.linspace(0, 1, 14)[:, None, None] ** 1.3
    grid = (1 - v) * arc[None] + v * bottom[None]
    fan = sheet(
        grid, body.bones, 0.6, 6.0, inward=False, edge_thickness=0.4, project_along=(1, 0, 0)
    )
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


def masseter(body: Body):
    """Lower border of the zygomatic arch -> angle and outer face of the ramus.

    A thick quadrilateral (about 1 cm) laid on the ramus from the side; over the
    notch between the coronoid and the condyle it bridges straight across.
    """
    m = body.mark
    top = np.array(
        [
            m("zygomatic_arch_posterior_left"),
            m("zygomatic_arch_left"),
            m("zygomatic_arch_anterior_left"),
        ]
    )
    bottom = np.array([m("gonion_left"), m("mandible_lower_border_left")])
    body.marks["masseter_origin_left"] = top[1]
    body.marks["masseter_insertion_left"] = (bottom[0] + bottom[1]) / 2
    rows, columns = 14, 9
    grid = ruled_grid(resample(top, columns), resample(bottom, columns), rows)
    thickness = 10.0 * bump(rows, 0.45, 0.5)[:, None] * bump(columns, 0.35, 0.5)[None]
    return slab(*on_bone(body, grid, thickness, np.array([1.0, 0.0, 0.0])))


def occipitalis(body: Body):
    """Lateral two-thirds of the superior nuchal line -> the galea: a thin sheet
    (1-2 mm) lying on the occipital bone."""
    m = body.mark
    bottom = np.array(
        [
            m("superior_nuchal_line_medial_left") + (3.0, 0, 0),
            m("superior_nuchal_line_mid_left"),
            m("superior_nuchal_line_lateral_left"),
        ]
    )
    lift = np.array([0.0, 0.0, 34.0])
    body.marks["occipitalis_top_lateral_left"] = bottom[-1] + lift
    rows, columns = 10, 9
    grid = ruled_grid(resample(bottom, columns), resample(bottom + lift, columns), rows)
    thickness = 2.4 * bump(rows, 0.5, 0.5)[:, None] * bump(columns, 0.4, 0.5)[None]
    return slab(*on_bone(body, grid, thickness, np.array([0.0, 1.0, -0.1]), body.skull, 0.5))


def frontalis(body: Body):
    """The galea -> skin of the eyebrow and the root of the nose: a thin sheet
    (1-2 mm) on the frontal bone, reaching down to the brow."""
    m = body.mark
    brow_z = m("supraorbital_left")[2] - 4.0
    medial, lateral = -4.0, m("supraorbital_left")[0] * 1.55
    body.marks["frontalis_brow_medial_left"] = np.array([medial, 0.0, brow_z])
    bottom = np.array([[medial, 0.0, brow_z + 6.0], [lateral, 0.0, brow_z]])
    top = np.array([[medial - 8.0, 0.0, brow_z + 62.0], [lateral + 4.0, 0.0, brow_z + 52.0]])
    rows, columns = 12, 9
    grid = ruled_grid(resample(top, columns), resample(bottom, columns), rows)
    grid[..., 1] = 200.0  # rays come from the front
    thickness = 2.4 * bump(rows, 0.5, 0.5)[:, None] * bump(columns, 0.4, 0.5)[None]
    outer, inner = on_bone(body, grid, thickness, np.array([0.0, -1.0, 0.0]), body.skull, 0.5)
    body.marks["frontalis_top_medial_left"] = (outer[0, 0] + inner[0, 0]) / 2
    body.marks["frontalis_brow_medial_left"] = (outer[-1, 0] + inner[-1, 0]) / 2
    return slab(outer, inner)
