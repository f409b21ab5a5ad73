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
    """Spinous tips C2-C7 and T1-T6, C1's posterior tubercle, transverse tips C1-C4."""
    marks: dict[str, tuple[str, np.ndarray]] = {}
    neck = vertebrae(cervical)
    if len(neck) != 7:
        raise RuntimeError(f"expected 7 cervical vertebrae, found {len(neck)}")
    for level, points in enumerate(neck, start=1):
        tip = points[np.argmin(points[:, 1])] * (0.0, 1.0, 1.0)  # on the midline
        name = "c1_posterior_tubercle" if level == 1 else f"c{level}_spinous"
        marks[name] = ("cervical_spine", tip)
        if level <= 4:
            for side, sign in SIDES:
                marks[f"c{level}_transverse_{side}"] = (
                    "cervical_spine",
                    points[np.argmax(sign * points[:, 0])],
                )
    for level, points in enumerate(vertebrae(thoracic)[:6], start=1):
        marks[f"t{level}_spinous"] = (
            "thoracic_spine",
            points[np.argmin(points[:, 1])] * (0.0, 1.0, 1.0),
        )
    return marks


def skull_marks(skull: Surface, eop: np.ndarray, condyle: dict[str, np.ndarray]):
    """Nuchal lines and zygomatic arch points, by rays at the skull."""
    marks = {}
    for side, sign in SIDES:
        marks[f"superior_nuchal_line_medial_{side}"] = skull.hit_from_outside(
            eop + (sign * 20, 0, 1), (0, 1, 0)
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
        marks[f"zygomatic_arch_{side}"] = skull.hit_from_outside(
            condyle[side] + (0, 28, 2), (-sign, 0, 0)
        )
        marks[f"zygomatic_arch_anterior_{side}"] = skull.hit_from_outside(
            condyle[side] + (0, 48, 0), (-sign, 0, 0)
        )
    return {name: ("skull", point) for name, point in marks.items()}


def girdle_marks(placed: dict[str, Bone], notch: np.ndarray):
    """Clavicle thirds, scapular spine root and the manubrium beside the notch."""
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
        scapula = placed[f"scapula_{side}"].vertices
        medial_strip = scapula[np.abs(scapula[:, 0]) < np.abs(scapula[:, 0]).min() + 22]
        upper = medial_strip[medial_strip[:, 2] > np.median(medial_strip[:, 2])]
        marks[f"scapular_spine_root_{side}"] = (f"scapula_{side}", upper[np.argmin(upper[:, 1])])
        target = notch + (sign * 9.0, 0.0, -12.0)
        near = ribs[np.linalg.norm(ribs - target, axis=1) < 14.0]
        if len(near) == 0:
            near = ribs[[np.argmin(np.linalg.norm(ribs - target, axis=1))]]
        marks[f"manubrium_{side}"] = ("rib_cage", near[np.argmax(near[:, 1])])
    return marks


def snap(marks: dict[str, tuple[str, np.ndarray]], solids: dict[str, trimesh.Trimesh]):
    """Move each landmark onto the final surface of the bone it names."""
    snapped = {}
    surfaces = {name: Surface(mesh) for name, mesh in solids.items()}
    for name, (bone_id, point) in marks.items():
        closest, _ = surfaces[bone_id].project(point)
        snapped[name] = (bone_id, closest[0])
    return snapped
