"""Place the shoulder girdle on the thorax by its textbook relations.

The trunk fit (placement.py) carries the scapulae and clavicles over from the
source skeleton in its own shoulder posture, which is protracted: the blades sit
on the side of the chest and the clavicles run almost straight across. Here
each scapula and clavicle gets its own rigid placement (clavicles also a
length scale) from the relations of the anatomy brief:

- scapula: superior angle at the level of the T2 spinous process, root of the
  spine at T3, inferior angle at T7; medial border 5-7 cm from the spinous
  processes; lying on the back of the chest, a hand's breadth of muscle
  (subscapularis, serratus anterior) off the ribs; acromion over the humeral
  head;
- clavicle: medial end at the sternoclavicular joint beside the jugular notch,
  lateral end at the acromion, 14-15 cm long, swept back ~25 degrees from the
  coronal plane and rising slightly laterally. The scapula is placed first;
  the clavicle then reaches its acromion, within those ranges.
"""

from __future__ import annotations

import itertools

import numpy as np

from tools.build_atlas.attachments import vertebrae
from tools.build_atlas.bones import Bone
from tools.build_atlas.geometry import apply, fit_similarity

#: Distance of the medial border from the midline at its top and at the inferior
#: angle (mm); the border diverges slightly downward at rest.
MEDIAL_BORDER_X = (60.0, 72.0)
#: The source scapula is small for this thorax (its spine is ~110 mm long where a
#: textbook one is 130-140 mm); it may grow this much beyond the trunk scale.
SCAPULA_MAX_GROWTH = 1.05
#: Medial border to the back of the ribs (subscapularis and serratus anterior).
OFF_THE_RIBS_MM = 10.0
#: How far out from the medial border the blade's costal face is laid on the
#: ribs (mm), and the weight of each border point against one face point.
BLADE_REACH_MM = 60.0
BORDER_WEIGHT = 2
#: Acromion above the centre of the humeral head (head radius + subacromial space).
ACROMION_ABOVE_SHOULDER_MM = (0.0, -6.0, 34.0)
#: Admissible clavicle length (end to end) and sweep back from the coronal plane.
CLAVICLE_LENGTH_MM = (142.0, 150.0)
CLAVICLE_SWEEP_DEG = (21.0, 33.0)
#: The aim inside those ranges (a textbook clavicle), and its rise laterally.
CLAVICLE_LENGTH_MM_AIM = 146.0
CLAVICLE_SWEEP_DEG_AIM = 22.0
CLAVICLE_RISE_DEG = 7.0


def spinous_heights(thoracic: Bone) -> list[float]:
    """Heights of the spinous tips T1, T2, ... of the placed thoracic spine."""
    return [float(points[np.argmin(points[:, 1]), 2]) for points in vertebrae(thoracic)]


def _rib_back(ribs: np.ndarray, x: float, z: float, radius: float = 15.0) -> float:
    """Most posterior rib surface near (x, z), in y (the back half of the cage only:
    a window between two ribs must not find the front of the chest)."""
    back = ribs[ribs[:, 1] < np.median(ribs[:, 1])]
    near = back[np.hypot(back[:, 0] - x, back[:, 2] - z) < radius]
    if len(near) == 0:
        near = back[np.argsort(np.hypot(back[:, 0] - x, back[:, 2] - z))[:20]]
    return float(near[:, 1].min())


def _weighted_fit(source, target, weights, scale_range: tuple[float, float]) -> np.ndarray:
    """Similarity fit with points repeated by weight and its scale clamped."""
    repeats = np.repeat(np.arange(len(source)), weights)
    source, target = np.asarray(source)[repeats], np.asarray(target)[repeats]
    matrix = fit_similarity(source, target)
    scale = float(np.cbrt(np.linalg.det(matrix[:3, :3])))
    clamped = float(np.clip(scale, *scale_range))
    result = np.eye(4)
    result[:3, :3] = matrix[:3, :3] * (clamped / scale)
    result[:3, 3] = target.mean(0) - result[:3, :3] @ source.mean(0)
    return result


def clavicle_ends(medial: np.ndarray, sign: float) -> np.ndarray:
    """Where the lateral end of a clavicle of the brief's length and sweep lies."""
    sweep, rise = np.radians(CLAVICLE_SWEEP_DEG_AIM), np.radians(CLAVICLE_RISE_DEG)
    direction = np.array(
        [sign * np.cos(rise) * np.cos(sweep), -np.cos(rise) * np.sin(sweep), np.sin(rise)]
    )
    return medial + CLAVICLE_LENGTH_MM_AIM * direction


def clavicle_target(medial: np.ndarray, facet: np.ndarray, sign: float) -> np.ndarray:
    """Lateral end for a clavicle from ``medial`` toward the acromion's ``facet``,
    with its length and backward sweep held inside the brief's ranges."""
    axis = facet - medial
    length = float(np.clip(np.linalg.norm(axis), *CLAVICLE_LENGTH_MM))
    sweep = np.clip(np.degrees(np.arctan2(-axis[1], abs(axis[0]))), *CLAVICLE_SWEEP_DEG)
    rise = np.arcsin(np.clip(axis[2] / np.linalg.norm(axis), -0.3, 0.3))
    sweep = np.radians(sweep)
    direction = np.array(
        [sign * np.cos(rise) * np.cos(sweep), -np.cos(rise) * np.sin(sweep), np.sin(rise)]
    )
    return medial + length * direction


def _rotation_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Smallest rotation taking direction ``a`` onto direction ``b``."""
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    axis = np.cross(a, b)
    sine, cosine = np.linalg.norm(axis), float(a @ b)
    if sine < 1e-9:
        return np.eye(3)
    k = axis / sine
    cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + sine * cross + (1 - cosine) * cross @ cross


def place_clavicle(raw_medial, raw_lateral, trunk, facet, sign):
    """Rotate and scale a clavicle about its medial end to reach the acromion."""
    medial = apply(trunk, raw_medial[None])[0]
    lateral = apply(trunk, raw_lateral[None])[0]
    target = clavicle_target(medial, facet, sign)
    rotation = _rotation_between(lateral - medial, target - medial)
    scale = np.linalg.norm(target - medial) / np.linalg.norm(lateral - medial)
    correction = np.eye(4)
    correction[:3, :3] = scale * rotation
    correction[:3, 3] = medial - correction[:3, :3] @ medial
    return correction @ trunk, target


def medial_border(scapula: np.ndarray, sign: float, count: int = 8) -> np.ndarray:
    """Points along the medial border, top to bottom (the most medial point of
    each of ``count`` height bands between the spine root and the inferior angle)."""
    top, bottom = scapula[:, 2].max() - 12.0, scapula[:, 2].min() + 4.0
    edges = np.linspace(top, bottom, count + 1)
    border = []
    for high, low in itertools.pairwise(edges):
        band = scapula[(scapula[:, 2] <= high) & (scapula[:, 2] >= low)]
        border.append(band[np.argmax(-sign * band[:, 0])])
    return np.array(border)


def costal_face(scapula: np.ndarray, sign: float, columns: int = 4, rows: int = 4):
    """The most anterior point of the blade in each cell of a grid over its lower
    part (below the spine), from the medial border out ``BLADE_REACH_MM``."""
    top, bottom = scapula[:, 2].max() - 30.0, scapula[:, 2].min() + 4.0
    inner = np.abs(scapula[:, 0]).min()
    across = np.linspace(inner + 5.0, inner + BLADE_REACH_MM, columns + 1)
    down = np.linspace(top, bottom, rows + 1)
    points = []
    for (near, far), (high, low) in itertools.product(
        itertools.pairwise(across), itertools.pairwise(down)
    ):
        reach = np.abs(scapula[:, 0])
        cell = scapula[
            (reach >= near) & (reach < far) & (scapula[:, 2] <= high) & (scapula[:, 2] >= low)
        ]
        if len(cell):
            points.append(cell[np.argmax(cell[:, 1])])
    return np.array(points)


def place_scapula(scapula: np.ndarray, sign, trunk, ribs, levels, facet, clavicle_end):
    """Placement of one scapula: its medial border laid on the back of the ribs
    from the level of the spine root to T7, and the acromion's clavicular facet
    meeting the lateral end of the clavicle.

    The source scapula has almost no supraspinous part above its spine, so its
    top corner (spine root and superior angle in one) is set at T2-T3.
    """
    border = apply(trunk, medial_border(scapula, sign))
    fraction = np.linspace(0.0, 1.0, len(border))
    top, bottom = levels
    target = []
    for point_fraction in fraction:
        x = sign * (MEDIAL_BORDER_X[0] + point_fraction * (MEDIAL_BORDER_X[1] - MEDIAL_BORDER_X[0]))
        z = top + point_fraction * (bottom - top)
        target.append((x, _rib_back(ribs, x, z) - OFF_THE_RIBS_MM, z))
    # The costal face of the blade lies on the ribs too, not only its border:
    # fitted on the border alone, the lateral blade cut into the chest wall.
    face = apply(trunk, costal_face(scapula, sign))
    for point in face:
        target.append((point[0], _rib_back(ribs, point[0], point[2]) - OFF_THE_RIBS_MM, point[2]))
    source = np.vstack([border, face, apply(trunk, facet[None])])
    target.append(clavicle_end)
    # The blade lies on the chest (border and face) and the acromioclavicular
    # joint closes (weighted as much as half the border).
    weights = np.r_[np.full(len(border), BORDER_WEIGHT), np.full(len(face), 1), 4 * BORDER_WEIGHT]
    correction = _weighted_fit(source, np.array(target), weights, (1.0, SCAPULA_MAX_GROWTH))
    return correction @ trunk


def place_girdle(raw_marks, raw_scapulae, trunk, placed_thoracic: Bone, ribs, joints: dict):
    """Transforms of both scapulae and clavicles (the report measures the result)."""
    heights = spinous_heights(placed_thoracic)
    # T7 may lie below the kept bust; its level still steers the blade.
    levels = ((heights[1] + heights[2]) / 2, heights[6])
    transforms = {}
    for side, sign in (("left", -1.0), ("right", 1.0)):
        clavicle, clavicle_end = place_clavicle(
            raw_marks[f"clavicle_medial_{side}"],
            raw_marks[f"clavicle_lateral_{side}"],
            trunk,
            clavicle_ends(apply(trunk, raw_marks[f"clavicle_medial_{side}"][None])[0], sign),
            sign,
        )
        transforms[f"clavicle_{side}"] = clavicle
        transforms[f"scapula_{side}"] = place_scapula(
            raw_scapulae[side],
            sign,
            trunk,
            ribs,
            levels,
            raw_marks[f"acromion_facet_{side}"],
            clavicle_end,
        )
    return transforms
