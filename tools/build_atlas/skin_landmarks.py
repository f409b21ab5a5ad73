"""Named skin landmarks, found by casting rays at the skin from anatomical anchors.

The anchors are MakeHuman's joint centres (eyes, shoulders, clavicles, neck) and
a few skin extremes. Each rule says where a clinician would put a finger; the
ray returns the skin point there. Left-side rules are mirrored for the right.
"""

from __future__ import annotations

import numpy as np
import trimesh

from tools.build_atlas.surfaces import Surface

FRONT, BACK, UP, DOWN = (0, -1, 0), (0, 1, 0), (0, 0, 1), (0, 0, -1)


def _lateral(sign: float) -> tuple[float, float, float]:
    """Direction pointing from outside the left (sign=-1) side toward the midline."""
    return (-sign, 0.0, 0.0)


def _cast(skin: trimesh.Trimesh, point, direction) -> np.ndarray:
    """Hit the skin with a ray along ``direction`` through ``point``, from far outside."""
    direction = np.asarray(direction, float) / np.linalg.norm(direction)
    return _surface(skin).hit(np.asarray(point, float) - 3000.0 * direction, direction, 6000.0)


_SURFACES: dict[int, tuple[trimesh.Trimesh, Surface]] = {}


def _surface(skin: trimesh.Trimesh) -> Surface:
    """One ray-casting :class:`Surface` per skin mesh (building its locator is the cost)."""
    cached = _SURFACES.get(id(skin))
    if cached is None or cached[0] is not skin:
        cached = _SURFACES[id(skin)] = (skin, Surface(skin))
    return cached[1]


def midline_anchors(skin: trimesh.Trimesh, joints: dict[str, np.ndarray]) -> dict[str, float]:
    """Heights and depths every rule refers to (mm, atlas frame)."""
    eye = joints["l-eye"]
    shoulder = joints["l-shoulder"]
    return {
        "eye_x": eye[0],
        "eye_y": eye[1],
        "eye_z": eye[2],
        "mouth_z": joints["mouth"][2],
        "shoulder_x": shoulder[0],
        "shoulder_y": shoulder[1],
        "shoulder_z": shoulder[2],
        "clavicle_z": joints["l-clavicle"][2],
        "top_z": skin.vertices[:, 2].max(),
    }


def skin_landmarks(skin: trimesh.Trimesh, joints: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every skin landmark the content and cameras use, left and right."""
    a = midline_anchors(skin, joints)
    marks: dict[str, np.ndarray] = {"vertex": skin.vertices[np.argmax(skin.vertices[:, 2])]}
    marks["glabella"] = _cast(skin, (0, 0, a["eye_z"] + 12), FRONT)
    marks["chin"] = _chin(skin, a)
    marks["sternal_notch"] = _cast(skin, (0, 0, a["clavicle_z"] + 18), FRONT)
    marks["sternum"] = _cast(skin, (0, 0, marks["sternal_notch"][2] - 85), FRONT)
    marks["throat"] = _cast(
        skin, (0, 0, (marks["chin"][2] + marks["sternal_notch"][2]) / 2 - 10), FRONT
    )
    marks["c7_skin"] = _cast(skin, (0, 0, a["shoulder_z"] + 72), BACK)
    marks["nape"] = _cast(skin, (0, 0, marks["c7_skin"][2] + 50), BACK)
    marks["t1_skin"] = _cast(skin, (0, 0, marks["c7_skin"][2] - 22), BACK)
    head_top = marks["vertex"][2] - 0.4 * (marks["vertex"][2] - marks["chin"][2])
    head = skin.vertices[skin.vertices[:, 2] > marks["chin"][2]]
    midline_head = head[np.abs(head[:, 0]) < 3]
    marks["head_back"] = midline_head[np.argmin(midline_head[:, 1])]
    crown = head[head[:, 2] > head_top]
    marks["head_side_left"] = crown[np.argmin(crown[:, 0])]
    marks["head_side_right"] = crown[np.argmax(crown[:, 0])]
    for sign, side in ((-1.0, "left"), (1.0, "right")):
        marks.update(_sided(skin, a, marks, sign, side))
    return marks


def _chin(skin: trimesh.Trimesh, a: dict[str, float]) -> np.ndarray:
    """Most anterior midline point 32-66 mm below the mouth (below the lower lip)."""
    heights = np.linspace(a["mouth_z"] - 66, a["mouth_z"] - 32, 18)
    hits = np.array([_cast(skin, (0, 0, z), FRONT) for z in heights])
    return hits[np.argmax(hits[:, 1])]


def _sided(skin, a, marks, sign: float, side: str) -> dict[str, np.ndarray]:
    """Rules for one side; ``sign`` is -1 for left (x < 0), +1 for right."""
    eye_x = sign * abs(a["eye_x"])
    inward = _lateral(sign)
    out = {
        "forehead": _cast(skin, (eye_x, 0, a["eye_z"] + 48), FRONT),
        "supraorbital": _cast(skin, (eye_x, 0, a["eye_z"] + 20), FRONT),
        "orbit_lateral": _cast(skin, (0, a["eye_y"] - 6, a["eye_z"]), inward),
        "temple": _cast(skin, (0, a["eye_y"] - 42, a["eye_z"] + 16), inward),
        "cheek": _cast(skin, (eye_x * 1.25, 0, a["eye_z"] - 38), FRONT),
        "maxilla": _cast(skin, (sign * 22, 0, a["mouth_z"] + 10), FRONT),
        "acromion_skin": _cast(skin, (sign * abs(a["shoulder_x"]), a["shoulder_y"] - 4, 0), DOWN),
        "angle_of_neck": _cast(skin, (sign * 62, a["shoulder_y"] - 22, 0), DOWN),
        "scapula_medial": _cast(skin, (sign * 72, 0, a["shoulder_z"] - 45), BACK),
        "occiput": _cast(skin, (sign * 32, 0, a["eye_z"] - 2), BACK),
    }
    return {f"{name}_{side}": point for name, point in out.items()}
