"""Attachment landmarks on the placed bones, for muscles and the manifest.

Per-level spine landmarks come from the connected pieces of the placed source
meshes (one piece per vertebra, before the bones are solidified). Every point
is finally snapped onto the solid bone surface it belongs to.
"""

from __future__ import annotations

import numpy as np
import trimesh

from tools.build_atlas.bones import Bone
from tools.build_atlas.surfaces import Surface

SIDES = (("left", -1.0), ("right", 1.0))


def vertebrae(bone: Bone, min_faces: int = 150) -> list[np.ndarray]:
    """Vertex sets of each vertebra (discs and specks dropped), top to bottom."""
    mesh = trimesh.Trimesh(bone.vertices, bone.faces, process=False)
    labels = trimesh.graph.connected_component_labels(
        mesh.face_adjacency, node_count=len(mesh.faces)
    )
    pieces = [
        bone.vertices[np.unique(bone.faces[labels == label])]
        for label in np.unique(labels)
        if np.sum(labels == label) >= min_faces
    ]
    return sorted(pieces, key=lambda points: -points[:, 2].mean())


def spine_marks(cervical: Bone, thoracic: Bone) -> dict[str, tuple[str, np.ndarray]]:
    """Spinous tips C2-C7 and T1-T6, C1's posterior tubercle, transverse tips
    C1-C7 and T1-T6, and the articular pillars C4-C7 (for semispinalis)."""
    marks: dict[str, tuple[str, np.ndarray]] = {}
    neck = vertebrae(cervical)
    if len(neck) != 7:
        raise RuntimeError(f"expected 7 cervical vertebrae, found {len(neck)}")
    for level, points in enumerate(neck, start=1):
        tip = points[np.argmin(points[:, 1])] * (0.0, 1.0, 1.0)  # on the midline
        name = "c1_posterior_tubercle" if level == 1 else f"c{level}_spinous"
        marks[name] = ("cervical_spine", tip)
        for side, sign in SIDES:
            marks[f"c{level}_transverse_{side}"] = (
                "cervical_spine",
                points[np.argmax(sign * points[:, 0])],
            )
            if level >= 4:
                marks[f"c{level}_articular_{side}"] = ("cervical_spine", _pillar(points, sign))
    for level, points in enumerate(vertebrae(thoracic)[:6], start=1):
        marks[f"t{level}_spinous"] = (
            "thoracic_spine",
            points[np.argmin(points[:, 1])] * (0.0, 1.0, 1.0),
        )
        for side, sign in SIDES:
            marks[f"t{level}_transverse_{side}"] = (
                "thoracic_spine",
                points[np.argmax(sign * points[:, 0])],
            )
    return marks


def _pillar(points: np.ndarray, sign: float) -> np.ndarray:
    """Back of the articular pillar: the most posterior point 12-22 mm from the midline."""
    lateral = np.abs(points[:, 0])
    pillar = points[(lateral > 12.0) & (lateral < 22.0) & (points[:, 0] * sign > 0)]
    return pillar[np.argmin(pillar[:, 1])]


def skull_marks(skull: Surface, eop: np.ndarray, mastoid: dict[str, np.ndarray]):
    """Nuchal lines, the mastoid's outer face and the zygomatic arch, on the skull.

    The nuchal lines are found by rays at the occiput from behind; the arch by
    its lowest edge, seen from below, beside the mastoid.
    """
    marks = {}
    vertices = np.asarray(skull.mesh.vertices)
    for side, sign in SIDES:
        marks[f"superior_nuchal_line_medial_{side}"] = skull.hit_from_outside(
            eop + (sign * 20, 0, 1), (0, 1, 0)
        )
        marks[f"superior_nuchal_line_mid_{side}"] = skull.hit_from_outside(
            eop + (sign * 32, 0, -3), (-sign * 0.3, 1, 0)
        )
        marks[f"superior_nuchal_line_lateral_{side}"] = skull.hit_from_outside(
            eop + (sign * 48, 0, -8), (-sign * 0.5, 1, 0)
        )
        marks[f"inferior_nuchal_line_medial_{side}"] = skull.hit_from_outside(
            eop + (sign * 12, 0, -22), (0, 1, 0.6)
        )
        marks[f"inferior_nuchal_line_lateral_{side}"] = skull.hit_from_outside(
            eop + (sign * 34, 0, -24), (0, 1, 0.6)
        )
        tip = mastoid[side]
        near = vertices[np.linalg.norm(vertices - (tip + (0, -6, 14)), axis=1) < 12.0]
        marks[f"mastoid_lateral_{side}"] = near[np.argmax(sign * near[:, 0])]
        arch = (
            ("zygomatic_arch_posterior", 30.0),
            ("zygomatic_arch", 42.0),
            ("zygomatic_arch_anterior", 62.0),
        )
        for name, ahead in arch:
            marks[f"{name}_{side}"] = _arch_underside(skull, vertices, tip, sign, ahead)
    return {name: ("skull", point) for name, point in marks.items()}


def _arch_underside(skull: Surface, vertices, mastoid_tip, sign: float, ahead: float):
    """Lower border of the zygomatic arch ``ahead`` mm in front of the mastoid tip."""
    y = mastoid_tip[1] + ahead
    slab = vertices[(np.abs(vertices[:, 1] - y) < 3.0) & (vertices[:, 0] * sign > 40.0)]
    slab = slab[(slab[:, 2] > mastoid_tip[2] + 10.0) & (slab[:, 2] < mastoid_tip[2] + 60.0)]
    lateral = slab[np.argmax(sign * slab[:, 0])]
    return skull.hit_from_outside(lateral - (sign * 2.5, 0, 0), (0, 0, 1))


def mandible_marks(mandible: np.ndarray, gonion: dict[str, np.ndarray]):
    """The lower border of the mandible a little in front of the angle."""
    marks = {}
    for side, sign in SIDES:
        angle = gonion[side]
        slab = mandible[(mandible[:, 1] > angle[1] + 22.0) & (mandible[:, 1] < angle[1] + 32.0)]
        slab = slab[slab[:, 0] * sign > abs(angle[0]) - 14.0]
        marks[f"mandible_lower_border_{side}"] = ("mandible", slab[np.argmin(slab[:, 2])])
    return marks


def girdle_marks(placed: dict[str, Bone], notch: np.ndarray):
    """Clavicle thirds, the scapular spine and its root, the acromion's medial
    edge and the manubrium beside the notch."""
    marks = {}
    ribs = placed["rib_cage"].vertices
    for side, sign in SIDES:
        clavicle = placed[f"clavicle_{side}"].vertices
        medial = clavicle[np.argmin(sign * clavicle[:, 0])]
        lateral = clavicle[np.argmax(sign * clavicle[:, 0])]
        for name, fraction in (("medial_third", 0.22), ("lateral_third", 0.78)):
            target = medial + fraction * (lateral - medial)
            marks[f"clavicle_{name}_{side}"] = (
                f"clavicle_{side}",
                clavicle[np.argmin(np.linalg.norm(clavicle - target, axis=1))],
            )
        for name, fraction in (("medial_upper", 0.12), ("medial_third_end", 0.33)):
            target = medial + fraction * (lateral - medial)
            near = clavicle[np.argsort(np.linalg.norm(clavicle - target, axis=1))[:40]]
            marks[f"clavicle_{name}_{side}"] = (f"clavicle_{side}", near[np.argmax(near[:, 2])])
        for name, fraction in (("posterior_two_thirds", 0.66), ("posterior_end", 0.95)):
            target = medial + fraction * (lateral - medial)
            near = clavicle[np.argsort(np.linalg.norm(clavicle - target, axis=1))[:40]]
            marks[f"clavicle_{name}_{side}"] = (
                f"clavicle_{side}",
                near[np.argmax(near[:, 2] - near[:, 1])],  # upper and back
            )
        marks.update(_scapular_spine(placed[f"scapula_{side}"].vertices, lateral, side, sign))
        marks.update(_upper_ribs(ribs, marks[f"clavicle_medial_third_{side}"][1], side, sign))
        target = notch + (sign * 9.0, 0.0, -12.0)
        near = ribs[np.linalg.norm(ribs - target, axis=1) < 14.0]
        if len(near) == 0:
            near = ribs[[np.argmin(np.linalg.norm(ribs - target, axis=1))]]
        marks[f"manubrium_{side}"] = ("rib_cage", near[np.argmax(near[:, 1])])
    return marks


def _upper_ribs(ribs: np.ndarray, clavicle_third: np.ndarray, side: str, sign: float):
    """The first rib's groove for the subclavian artery (its highest point in
    front, just lateral to the medial third of the clavicle), the scalene
    tubercle in front of it, the rib behind it, and the outer face of the
    second rib below and behind (the scalenes' insertions)."""
    x = clavicle_third[0] + sign * 10.0
    strip = ribs[(np.abs(ribs[:, 0] - x) < 4.0) & (ribs[:, 1] > -5.0)]
    groove = strip[np.argmax(strip[:, 2])]

    def nearest(target):
        return ribs[np.argmin(np.linalg.norm(ribs - target, axis=1))]

    second = ribs[np.linalg.norm(ribs - (groove + (sign * 22.0, -16.0, -26.0)), axis=1) < 15.0]
    bone = "rib_cage"
    return {
        f"first_rib_groove_{side}": (bone, groove),
        f"first_rib_scalene_tubercle_{side}": (bone, nearest(groove + (-sign * 2.0, 9.0, -2.0))),
        f"first_rib_behind_groove_{side}": (bone, nearest(groove + (sign * 6.0, -12.0, 0.0))),
        f"second_rib_outer_{side}": (
            bone,
            second[np.argmax(sign * second[:, 0])] if len(second) else nearest(groove),
        ),
    }


def _scapular_spine(scapula: np.ndarray, clavicle_end, side: str, sign: float):
    """Root of the spine, points along its crest, the acromion's medial edge and
    the superior angle (the top of the medial border)."""
    bone = f"scapula_{side}"
    medial_strip = scapula[np.abs(scapula[:, 0]) < np.abs(scapula[:, 0]).min() + 22]
    upper = medial_strip[medial_strip[:, 2] > np.median(medial_strip[:, 2])]
    root = upper[np.argmin(upper[:, 1])]
    acromion = scapula[np.argmax(scapula @ np.array([sign, 0.0, 0.6]))]
    marks = {
        f"scapular_spine_root_{side}": (bone, root),
        f"scapula_superior_angle_{side}": (bone, medial_strip[np.argmax(medial_strip[:, 2])]),
        # The upper, back edge of the acromion just behind the acromioclavicular
        # joint (the nearest point to the joint can lie on the acromion's
        # underside, out of the trapezius' reach).
        f"acromion_medial_{side}": (bone, _upper_back(scapula, clavicle_end + (sign * 4, -10, 0))),
    }
    for index, fraction in enumerate((0.25, 0.5, 0.75), start=1):
        guide = root + fraction * (acromion - root)
        near = scapula[np.argsort(np.linalg.norm(scapula - guide, axis=1))[:60]]
        # The crest is the part of the spine that stands furthest back and up.
        marks[f"scapular_spine_{index}_{side}"] = (bone, near[np.argmax(near[:, 2] - near[:, 1])])
    return marks


def _upper_back(points: np.ndarray, near: np.ndarray, radius: float = 8.0) -> np.ndarray:
    """The highest and most posterior of ``points`` within ``radius`` of ``near``."""
    close = points[np.linalg.norm(points - near, axis=1) < radius]
    if len(close) == 0:
        close = points[[np.argmin(np.linalg.norm(points - near, axis=1))]]
    return close[np.argmax(close[:, 2] - 0.5 * close[:, 1])]


def snap(marks: dict[str, tuple[str, np.ndarray]], solids: dict[str, trimesh.Trimesh]):
    """Move each landmark onto the final surface of the bone it names."""
    snapped = {}
    surfaces = {name: Surface(mesh) for name, mesh in solids.items()}
    for name, (bone_id, point) in marks.items():
        closest, _ = surfaces[bone_id].project(point)
        snapped[name] = (bone_id, closest[0])
    return snapped
