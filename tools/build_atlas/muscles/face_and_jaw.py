"""Muscles of the jaw, face and front of the neck (issue 13): the pterygoids,
the digastric's two bellies, zygomaticus major and the platysma.

The pterygoids and the digastric lie deep, between bony points, so they are
straps lofted between their attachments. Zygomaticus major and the platysma lie
in the fat under the skin: they are draped just under it, the platysma as the
thinnest sheet of the atlas, above the SCM.
"""

from __future__ import annotations

import numpy as np

from tools.build_atlas.muscle_shapes import bump, resample, ruled_grid, slab, strap
from tools.build_atlas.tissue import Body, attach, drape

#: Depth of the platysma and zygomaticus under the skin (mm): in the
#: subcutaneous fat, above the SCM and masseter (which begin 2.5 mm down).
SUBCUTANEOUS_GAP_MM = 1.1


def _named(body: Body, name: str, point) -> np.ndarray:
    """Record a modelled attachment point as a landmark and return it."""
    body.marks[name] = np.asarray(point, dtype=float)
    return body.marks[name]


def pterygoid_lateral(body: Body):
    """Lateral pterygoid plate and the greater wing above it -> pterygoid fovea of
    the condylar neck: nearly horizontal, running back to the jaw joint."""
    m = body.mark
    condyle, coronoid = m("condyle_left"), m("coronoid_left")
    plate = _named(
        body,
        "lateral_pterygoid_plate_left",
        body.skull.project(np.array([coronoid[0] + 20.0, coronoid[1] - 10.0, condyle[2] - 8.0]))[0][
            0
        ],
    )
    fovea = _named(body, "pterygoid_fovea_left", condyle + (3.0, 4.0, -9.0))
    middle = (plate + fovea) / 2 + (-3.0, 0.0, 2.0)
    return strap(np.array([plate, middle, fovea]), 16.0, 8.0, np.array([0.0, 0.0, 1.0]), 0.5)


def pterygoid_medial(body: Body):
    """Medial side of the lateral pterygoid plate -> inner surface of the ramus
    and angle: the masseter's mirror on the inside of the ramus."""
    m = body.mark
    plate = m("lateral_pterygoid_plate_left") + (3.0, -2.0, -6.0)
    angle = _named(body, "ramus_inner_angle_left", m("gonion_left") + (9.0, 9.0, 9.0))
    middle = (plate + angle) / 2 + (2.0, 0.0, 0.0)
    return strap(np.array([plate, middle, angle]), 16.0, 8.0, np.array([-1.0, 0.0, 0.0]), 0.5)


def _hyoid(body: Body) -> np.ndarray:
    """The intermediate tendon of the digastric, beside the body of the hyoid:
    behind and below the chin, at the level of the angle of the jaw."""
    menton, gonion = body.mark("menton"), body.mark("gonion_left")
    return _named(
        body, "digastric_tendon_left", np.array([-14.0, menton[1] - 40.0, gonion[2] - 22.0])
    )


def digastric_posterior(body: Body):
    """Mastoid notch (medial to the mastoid) -> the intermediate tendon at the hyoid."""
    notch = _named(body, "mastoid_notch_left", body.mark("mastoid_process_left") + (9.0, -2.0, 4.0))
    tendon = _hyoid(body)
    middle = (notch + tendon) / 2 + (-4.0, 0.0, -4.0)
    return strap(np.array([notch, middle, tendon]), 10.0, 7.0, np.array([-1.0, 0.0, 0.0]), 0.4)


def digastric_anterior(body: Body):
    """Digastric fossa of the mandible near the chin -> the intermediate tendon."""
    fossa = _named(body, "digastric_fossa_left", body.mark("menton") + (-8.0, -4.0, 3.0))
    tendon = _hyoid(body)
    middle = (fossa + tendon) / 2 + (0.0, 0.0, -3.0)
    return strap(np.array([fossa, middle, tendon]), 9.0, 6.0, np.array([0.0, 0.0, -1.0]), 0.4)


def _subcutaneous(
    body: Body, origin, insertion, rows: int, thickness: float, attach_rows, via=None
):
    """A thin layer just under the skin between two lines (through ``via`` half-way:
    a straight grid from the chest to the jaw would pass in front of the throat)."""
    columns = 7
    if via is None:
        grid = ruled_grid(resample(origin, columns), resample(insertion, columns), rows)
    else:
        middle, half = resample(via, columns), rows // 2 + 1
        grid = np.concatenate(
            [
                ruled_grid(resample(origin, columns), middle, half),
                ruled_grid(middle, resample(insertion, columns), rows - half + 1)[1:],
            ]
        )
    profile = thickness * bump(rows, 0.3, 0.6)[:, None] * bump(columns, 0.3, 0.6)[None]
    outer, inner = drape(body, grid, profile, (), SUBCUTANEOUS_GAP_MM)
    weights = np.zeros((rows, columns))
    weights[:attach_rows] = np.linspace(1.0, 0.0, attach_rows)[:, None]
    return slab(*attach(body, outer, inner, weights))


def zygomaticus_major(body: Body):
    """Outer surface of the zygomatic bone -> the corner of the mouth: a narrow
    strap just under the skin of the cheek."""
    zygoma = body.mark("zygomatic_arch_anterior_left")
    bone = _named(body, "zygomatic_bone_left", zygoma + (3.0, 8.0, 2.0))
    corner = _named(
        body,
        "mouth_corner_left",
        body.under_skin(np.array([-24.0, body.mark("chin")[1] - 10.0, zygoma[2] - 30.0]), 3.0),
    )
    middle = body.under_skin((bone + corner) / 2, 3.5)
    outward = body.skin.project(middle)[1][0]
    return strap(np.array([bone, middle, corner]), 11.0, 3.0, outward, 0.5)


def platysma(body: Body):
    """Fascia over the upper chest and shoulder -> lower border of the mandible
    and the skin of the lower face: a very thin sheet over the SCM."""
    m = body.mark
    clavicle_medial, clavicle_lateral = m("clavicle_medial_left"), m("clavicle_lateral_third_left")
    chest = np.array(
        [
            body.under_skin(point + (0.0, 12.0, -30.0), 1.0)
            for point in (clavicle_medial + (-8.0, 0.0, 0.0), clavicle_lateral)
        ]
    )
    _named(body, "platysma_chest_left", chest.mean(axis=0))
    border = np.array(
        [
            m("menton") + (-14.0, -4.0, 2.0),
            m("mandible_lower_border_left"),
            m("gonion_left") + (0.0, 8.0, 4.0),
        ]
    )
    _named(body, "platysma_mandible_left", body.under_skin(border[1], 1.3))
    # Half-way up, round the front and side of the neck (seen from the neck's axis).
    height = (chest[:, 2].mean() + border[:, 2].mean()) / 2
    axis = np.array([0.0, body.mark("c4_transverse_left")[1], height])
    via = np.array(
        [
            body.skin.hit_from_outside(axis, (np.sin(angle), -np.cos(angle), 0.0))
            for angle in np.radians((15.0, 45.0, 75.0))
        ]
    )
    return _subcutaneous(body, chest, border, 20, 1.0, 0, via)
