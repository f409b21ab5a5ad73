"""Place the bones inside the skin with landmark-fitted similarity transforms.

A single similarity cannot fit a 1.8 m male skeleton into the MakeHuman bust:
their head carriage differs and MakeHuman's neck is longer. So the head
(skull, mandible) and the trunk (rib cage, thoracic spine, shoulder girdle) get
one least-squares similarity each, fitted on landmark pairs. Each cervical
vertebra and disc then moves with a blend of the two, weighted by its height,
so the neck bridges the gap by spacing its segments instead of inflating them.
Every bone landmark is paired with a skin landmark pushed inward by a typical
soft-tissue depth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh

from tools.build_atlas import girdle
from tools.build_atlas.bones import Bone
from tools.build_atlas.geometry import apply, fit_similarity, signed_distance
from tools.build_atlas.measures import incisor_overlap

HEAD = ("skull", "mandible")
TRUNK = (
    "rib_cage",
    "thoracic_spine",
    "scapula_left",
    "scapula_right",
    "clavicle_left",
    "clavicle_right",
)


@dataclass(frozen=True)
class Pair:
    """A bone landmark, the skin landmark above it and the tissue depth between."""

    bone: str
    skin: str
    depth: tuple[float, float, float]


HEAD_PAIRS = (
    Pair("skull_vertex", "vertex", (0, 0, -6)),
    Pair("bone_glabella", "glabella", (0, -6, 0)),
    Pair("opisthocranion", "head_back", (0, 7, 0)),
    Pair("pogonion", "chin", (0, -11, 0)),
    Pair("euryon_left", "head_side_left", (6, 0, 0)),
    Pair("euryon_right", "head_side_right", (-6, 0, 0)),
)
TRUNK_PAIRS = (
    Pair("jugular_notch", "sternal_notch", (0, -14, 0)),
    Pair("mid_sternum", "sternum", (0, -12, 0)),
    Pair("acromion_left", "acromion_skin_left", (0, 0, -9)),
    Pair("acromion_right", "acromion_skin_right", (0, 0, -9)),
    Pair("c7_spinous", "c7_skin", (0, 12, 0)),  # C7 is fixed to the thorax in the source
)


MIRROR = np.array([-1.0, 1.0, 1.0])


def _fit(pairs, bone_marks, skin_marks):
    source = np.array([bone_marks[pair.bone] for pair in pairs])
    target = np.array([skin_marks[pair.skin] + np.array(pair.depth) for pair in pairs])
    # Fitting the mirror images too forces the bones' mid-sagittal plane onto
    # x = 0; otherwise a landmark picked 4 mm off the midline tilts the skull
    # and the left and right attachments stop mirroring each other.
    matrix = fit_similarity(
        np.vstack([source, source * MIRROR]), np.vstack([target, target * MIRROR])
    )
    residuals = {
        f"{pair.bone} -> {pair.skin}": float(np.linalg.norm(error))
        for pair, error in zip(pairs, apply(matrix, source) - target, strict=True)
    }
    return matrix, residuals


def _blend_cervical(cervical: Bone, head: np.ndarray, trunk: np.ndarray) -> Bone:
    """Move each vertebra/disc by ``(1 - t) * trunk + t * head``, t = its relative height."""
    mesh = trimesh.Trimesh(cervical.vertices, cervical.faces, process=False)
    labels = trimesh.graph.connected_component_labels(
        mesh.face_adjacency, node_count=len(mesh.faces)
    )
    heights = cervical.vertices[:, 2]
    low, high = heights.min(), heights.max()
    placed = cervical.vertices.copy()
    for label in np.unique(labels):
        used = np.unique(cervical.faces[labels == label])
        weight = (cervical.vertices[used, 2].mean() - low) / (high - low)
        blend = (1.0 - weight) * trunk + weight * head
        placed[used] = apply(blend, cervical.vertices[used])
    return Bone(cervical.id, placed, cervical.faces)


def place_bones(
    bones: dict[str, Bone],
    bone_marks: dict[str, np.ndarray],
    skin_marks: dict[str, np.ndarray],
    joints: dict[str, np.ndarray],
):
    """Return placed bones, the transform of each and every landmark residual (mm).

    The shoulder girdle is then re-placed on the thorax (see :mod:`girdle`).
    """
    head, head_residuals = _fit(HEAD_PAIRS, bone_marks, skin_marks)
    trunk, trunk_residuals = _fit(TRUNK_PAIRS, bone_marks, skin_marks)
    transforms = dict.fromkeys(HEAD, head) | dict.fromkeys(TRUNK, trunk)
    source_thoracic = bones["thoracic_spine"]
    thoracic = Bone("thoracic_spine", apply(trunk, source_thoracic.vertices), source_thoracic.faces)
    ribs = apply(trunk, bones["rib_cage"].vertices)
    scapulae = {side: bones[f"scapula_{side}"].vertices for side in ("left", "right")}
    transforms |= girdle.place_girdle(bone_marks, scapulae, trunk, thoracic, ribs, joints)
    placed = {
        name: Bone(name, apply(transforms[name], bone.vertices), bone.faces)
        for name, bone in bones.items()
        if name in transforms
    }
    placed["cervical_spine"] = _blend_cervical(bones["cervical_spine"], head, trunk)
    transforms["cervical_spine"] = (head + trunk) / 2.0  # landmarks only; see the blend
    return placed, transforms, head_residuals | trunk_residuals


#: Joint space between the condyle and the articular surface of the temporal bone.
JOINT_SPACE_MM = 1.5
#: How far the lower incisor tips rise above the upper ones in a closed bite.
OVERBITE_MM = 2.0


def seat_mandible(mandible: Bone, solid_skull, step: float = 0.5) -> tuple[Bone, dict]:
    """Seat the mandible in its joints and close the bite.

    In the source skeleton the jaw sits about 14 mm too high: the condyles run
    through the roof of the glenoid fossa and the lower incisors overlap the
    upper ones by ~17 mm. It is first lowered until the condylar heads clear
    the temporal bone by the joint space, then turned about the axis through
    both condyles (the hinge of the jaw) until the incisors meet with a normal
    overbite. That puts the angle at C2-C3 and the condyle in front of the tragus.

    Returns the seated bone and what was done (drop in mm, hinge turn in degrees).
    """
    vertices = mandible.vertices
    back_half = vertices[:, 1] < np.median(vertices[:, 1])
    condyles = back_half & (vertices[:, 2] > vertices[:, 2].max() - 12.0)
    drop = 0.0
    while signed_distance(solid_skull, vertices[condyles] - (0, 0, drop)).min() < JOINT_SPACE_MM:
        drop += step
        if drop > 40.0:
            raise RuntimeError("the condyles never clear the skull: check the head fit")
    lowered = vertices - (0.0, 0.0, drop)
    hinge = lowered[condyles].mean(axis=0)
    skull_points = np.asarray(solid_skull.points)
    turns = np.radians(np.arange(-10.0, 10.01, 0.25))
    bites = [incisor_overlap(_hinge_turn(lowered, hinge, turn), skull_points) for turn in turns]
    best = turns[int(np.argmin(np.abs(np.array(bites) - OVERBITE_MM)))]
    seated = _hinge_turn(lowered, hinge, best)
    return Bone(mandible.id, seated, mandible.faces), {
        "drop_mm": drop,
        "hinge_deg": float(np.degrees(best)),
    }


def _hinge_turn(vertices: np.ndarray, hinge: np.ndarray, angle: float) -> np.ndarray:
    """Turn about the transverse axis through ``hinge`` (positive raises the front)."""
    cosine, sine = np.cos(angle), np.sin(angle)
    rotation = np.array([[1.0, 0.0, 0.0], [0.0, cosine, -sine], [0.0, sine, cosine]])
    return (vertices - hinge) @ rotation.T + hinge
