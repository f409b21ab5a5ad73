"""Named bone landmarks found by geometric rules on the bone meshes.

Each rule takes the extreme point of a bone along an anatomical direction,
inside a region where that landmark is the only candidate. Rules work on the
bones before and after placement because placement barely rotates them.
"""

from __future__ import annotations

import numpy as np

from tools.build_atlas.bones import Bone

SIDES = (("left", -1.0), ("right", 1.0))


def _extreme(points: np.ndarray, direction) -> np.ndarray:
    return points[np.argmax(points @ np.asarray(direction, float))]


def _on_midline(marks: dict[str, tuple[str, np.ndarray]], names) -> None:
    """Put midline landmarks exactly on x = 0 (they were picked within a few mm of it)."""
    for name in names:
        bone, point = marks[name]
        marks[name] = (bone, point * np.array([0.0, 1.0, 1.0]))


def _band(points: np.ndarray, axis: int, low: float, high: float) -> np.ndarray:
    return points[(points[:, axis] >= low) & (points[:, axis] <= high)]


def head_landmarks(skull: np.ndarray, jaw: np.ndarray) -> dict[str, tuple[str, np.ndarray]]:
    """Skull and mandible landmarks."""
    top, bottom = skull[:, 2].max(), skull[:, 2].min()
    height = top - bottom
    midline = skull[np.abs(skull[:, 0]) < 4]
    marks = {
        "skull_vertex": ("skull", _extreme(skull, (0, 0, 1))),
        "bone_glabella": (
            "skull",
            _extreme(_band(midline, 2, bottom + 0.47 * height, bottom + 0.55 * height), (0, 1, 0)),
        ),
        "opisthocranion": ("skull", _extreme(midline, (0, -1, 0))),
        "external_occipital_protuberance": (
            "skull",
            _extreme(
                _band(midline[midline[:, 1] < 0], 2, bottom, bottom + 0.45 * height), (0, -1, 0.3)
            ),
        ),
    }
    jaw_midline = jaw[np.abs(jaw[:, 0]) < 5]
    marks["pogonion"] = (
        "mandible",
        _extreme(_band(jaw_midline, 2, jaw[:, 2].min(), jaw[:, 2].min() + 22), (0, 1, 0)),
    )
    marks["menton"] = ("mandible", _extreme(jaw_midline, (0, 0.2, -1)))
    _on_midline(
        marks,
        (
            "skull_vertex",
            "bone_glabella",
            "opisthocranion",
            "external_occipital_protuberance",
            "pogonion",
            "menton",
        ),
    )
    euryon_band = _band(skull, 2, bottom + 0.6 * height, top)
    for side, sign in SIDES:
        half = skull[skull[:, 0] * sign > 0]
        marks[f"euryon_{side}"] = ("skull", _extreme(euryon_band, (sign, 0, 0)))
        lateral = half[np.abs(half[:, 0]) > 35]
        behind = lateral[lateral[:, 1] < np.median(lateral[:, 1])]
        marks[f"mastoid_process_{side}"] = ("skull", _extreme(behind, (0, 0, -1)))
        jaw_half = jaw[jaw[:, 0] * sign > 0]
        marks[f"gonion_{side}"] = ("mandible", _extreme(jaw_half, (0, -0.7, -0.7)))
        condyle = _extreme(jaw_half, (0, -0.6, 0.8))
        marks[f"condyle_{side}"] = ("mandible", condyle)
        # The coronoid process: the top of the ramus in front of the notch (the
        # teeth, further forward, can stand higher).
        ramus_front = jaw_half[
            (jaw_half[:, 1] > condyle[1] + 12)
            & (jaw_half[:, 1] < condyle[1] + 45)
            & (np.abs(jaw_half[:, 0]) > 25)
        ]
        marks[f"coronoid_{side}"] = ("mandible", _extreme(ramus_front, (0, 0, 1)))
    return marks


def trunk_landmarks(bones: dict[str, Bone]) -> dict[str, tuple[str, np.ndarray]]:
    """Sternum, thoracic spine, scapula and clavicle landmarks."""
    ribs = bones["rib_cage"].vertices
    spine = bones["thoracic_spine"].vertices
    front = ribs[(np.abs(ribs[:, 0]) < 5) & (ribs[:, 1] > np.median(ribs[:, 1]))]
    notch = _extreme(front, (0, 0, 1))
    marks = {
        "jugular_notch": ("rib_cage", notch),
        "mid_sternum": (
            "rib_cage",
            _extreme(_band(front, 2, notch[2] - 90, notch[2] - 80), (0, 1, 0)),
        ),
        "t1_spinous": (
            "thoracic_spine",
            _extreme(_band(spine, 2, spine[:, 2].max() - 30, spine[:, 2].max()), (0, -1, 0)),
        ),
    }
    _on_midline(marks, ("jugular_notch", "mid_sternum", "t1_spinous"))
    for side, sign in SIDES:
        scapula = bones[f"scapula_{side}"].vertices
        clavicle = bones[f"clavicle_{side}"].vertices
        marks[f"acromion_{side}"] = ("scapula_" + side, _extreme(scapula, (sign, 0, 0.6)))
        marks[f"scapula_superior_angle_{side}"] = (
            "scapula_" + side,
            _extreme(scapula[np.abs(scapula[:, 0]) < np.abs(scapula[:, 0]).min() + 25], (0, 0, 1)),
        )
        marks[f"scapula_inferior_angle_{side}"] = ("scapula_" + side, _extreme(scapula, (0, 0, -1)))
        mid = _band(scapula, 2, *np.percentile(scapula[:, 2], [45, 55]))
        marks[f"scapula_medial_bone_{side}"] = ("scapula_" + side, _extreme(mid, (-sign, 0, 0)))
        marks[f"clavicle_lateral_{side}"] = ("clavicle_" + side, _extreme(clavicle, (sign, 0, 0)))
        # The source skeleton is articulated: the acromion's clavicular facet is
        # the point of the scapula nearest the clavicle's lateral end.
        lateral_end = marks[f"clavicle_lateral_{side}"][1]
        marks[f"acromion_facet_{side}"] = (
            "scapula_" + side,
            scapula[np.argmin(np.linalg.norm(scapula - lateral_end, axis=1))],
        )
        marks[f"clavicle_medial_{side}"] = ("clavicle_" + side, _extreme(clavicle, (-sign, 0, 0)))
    return marks


def spine_landmarks(
    cervical: np.ndarray, thoracic: np.ndarray
) -> dict[str, tuple[str, np.ndarray]]:
    """Spinous-process tips: C7 and the lowest thoracic level kept in the bust."""
    bottom = _band(cervical, 2, cervical[:, 2].min(), cervical[:, 2].min() + 25)
    return {"c7_spinous": ("cervical_spine", _extreme(bottom, (0, -1, 0)) * (0.0, 1.0, 1.0))}
