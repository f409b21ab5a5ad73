"""The trapezius: one thin sheet under the skin of the neck and upper back.

It is built as a single grid and cut into its three parts, so the parts share
their boundary rows and meet without gaps. Rows run from the midline (the
inion, the nuchal ligament, the spinous processes C7 down to the bust cut) out
to the lateral attachment line:

- descending part: inion and superior nuchal line (medial third) and the
  nuchal ligament -> its free border down the side of the neck -> posterior
  border of the lateral third of the clavicle -> medial edge of the acromion;
- transverse part: C7-T3 -> acromion and the crest of the scapular spine;
- ascending part: T4 down -> the tubercle at the root of the spine; its lateral
  border heads for T12, so the part reaches the bust cut at its full width.
"""

from __future__ import annotations

import numpy as np

from tools.build_atlas.muscle_shapes import bump, resample, ruled_grid, slab
from tools.build_atlas.tissue import Body, attach, drape

#: Rows of the grid in each part, and points across (midline -> lateral).
ROWS = {"descending": 15, "transverse": 9, "ascending": 9}
ACROSS = 13
#: Belly thickness of each part (mm): anatomy.md gives 5-10 for the descending
#: part and 3-6 for the other two.
THICKNESS = {"descending": 11.0, "transverse": 7.0, "ascending": 6.5}
#: Midline offset, so the left and right sheets meet with a hair's gap.
MIDLINE_X = -0.6
#: The ascending part's lowest row, just above the bust's lower cut (mm): any
#: lower and its points would be draped under the cap instead of the back.
ABOVE_THE_CUT_MM = 6.0


def _midline(body: Body, top: float, bottom: float, count: int) -> np.ndarray:
    """Points on the skin of the back midline between two heights."""
    heights = np.linspace(top, bottom, count)
    return np.array([body.skin.hit((MIDLINE_X, -400.0, z), (0, 1, 0)) for z in heights])


def _lateral_lines(body: Body) -> dict[str, np.ndarray]:
    """The lateral attachment line of each part, as a polyline."""
    m = body.mark
    spine = [m(f"scapular_spine_{index}_left") for index in (3, 2, 1)]
    root = m("scapular_spine_root_left")
    # T12 lies six levels below T6 (T7 and lower are cut off with the bust).
    t3, t6 = m("t3_spinous"), m("t6_spinous")
    t12 = t6 + 2.0 * (t6 - t3)
    cut = body.bust_cut_z + ABOVE_THE_CUT_MM
    fraction = (root[2] - cut) / (root[2] - t12[2])
    corner_x = (root + fraction * (t12 - root))[0]
    # Found on the back by a ray from behind: the closest skin point of a
    # point this low would be the bust's lower cap.
    low_corner = body.skin.hit((corner_x, -400.0, cut), (0, 1, 0)) + (0.0, 4.0, 0.0)
    return {
        "descending": np.array(
            [
                m("superior_nuchal_line_medial_left"),
                body.under_skin(m("neck_posterolateral_left"), 4.0),
                m("clavicle_posterior_two_thirds_left"),
                m("clavicle_posterior_end_left"),
                m("acromion_medial_left"),
            ]
        ),
        "transverse": np.array([m("acromion_medial_left"), *spine, root]),
        "ascending": np.array([root, low_corner]),
    }


def _midlines(body: Body) -> dict[str, np.ndarray]:
    eop, c7, t3 = (
        body.mark(n) for n in ("external_occipital_protuberance", "c7_spinous", "t3_spinous")
    )
    cut = body.bust_cut_z + ABOVE_THE_CUT_MM
    descending = _midline(body, eop[2] - 6.0, c7[2], ROWS["descending"])
    descending[0] = eop + (MIDLINE_X, 0.0, 0.0)  # the inion itself, on the bone
    return {
        "descending": descending,
        "transverse": _midline(body, c7[2], t3[2], ROWS["transverse"]),
        "ascending": _midline(body, t3[2], cut, ROWS["ascending"]),
    }


def _part_grid(midline: np.ndarray, lateral: np.ndarray) -> np.ndarray:
    """(rows along the midline, columns across, 3): one straight row per midline point."""
    ends = resample(lateral, len(midline))
    rows = [
        ruled_grid(start[None], end[None], ACROSS)[:, 0]
        for start, end in zip(midline, ends, strict=True)
    ]
    return np.array(rows)


def _thickness(part: str, rows: int) -> np.ndarray:
    """Thin aponeuroses at the midline and the free border, belly in between."""
    across = bump(ACROSS, 0.3, 0.6)
    along = bump(rows, 0.55, 0.5)
    if part == "descending":
        along = np.linspace(0.3, 1.0, rows) ** 0.5  # thin on the occiput, bulk low
    return THICKNESS[part] * along[:, None] * across[None, :]


def _on_clavicle(lateral: np.ndarray, rows: int) -> np.ndarray:
    """Rows of the descending part whose lateral end lies on the clavicle or the
    acromion (past the free border: the lateral line's third point onward)."""
    steps = np.linalg.norm(np.diff(lateral, axis=0), axis=1)
    length = np.concatenate([[0.0], np.cumsum(steps)])
    return np.linspace(0.0, length[-1], rows) >= length[2] - 1e-6


def _attachment_weights(part: str, rows: int, lateral: np.ndarray) -> np.ndarray:
    """Which grid points dive to bone: the occipital row, and the lateral insertions."""
    weights = np.zeros((rows, ACROSS))
    if part == "descending":
        weights[0] = 1.0
        weights[1] = 0.5
        # The clavicle and acromion take the lower rows' lateral ends; the
        # upper rows end on the free border, which attaches to nothing.
        on_bone = _on_clavicle(lateral, rows)
        weights[on_bone, -1] = 1.0
        weights[on_bone, -2] = 0.4
    elif part == "transverse":
        weights[:, -1] = 1.0
        weights[:, -2] = 0.4
    else:
        weights[0, -1] = 1.0
    if part != "descending":
        # Below C7 the medial edge is an aponeurosis on the spinous processes.
        weights[:, 0] = np.maximum(weights[:, 0], 1.0)
        weights[:, 1] = np.maximum(weights[:, 1], 0.4)
    return weights


def trapezius_parts(body: Body) -> dict[str, object]:
    """The three parts as closed meshes, built once and shared by their builders."""
    cached = body.cache.get("trapezius")
    if cached is not None:
        return cached
    midlines, laterals = _midlines(body), _lateral_lines(body)
    parts = {}
    for part in ("descending", "transverse", "ascending"):
        grid = _part_grid(midlines[part], laterals[part])
        thickness = _thickness(part, len(grid))
        outer, inner = drape(body, grid, thickness)
        weights = _attachment_weights(part, len(grid), laterals[part])
        outer, inner = attach(body, outer, inner, weights)
        parts[part] = (outer, inner)
    # Neighbouring parts share their boundary rows exactly.
    for upper, lower in (("descending", "transverse"), ("transverse", "ascending")):
        for face in (0, 1):
            shared = (parts[upper][face][-1] + parts[lower][face][0]) / 2
            parts[upper][face][-1] = shared
            parts[lower][face][0] = shared
    meshes = {part: slab(outer, inner) for part, (outer, inner) in parts.items()}
    body.cache["trapezius"] = meshes
    return meshes


def descending(body: Body):
    return trapezius_parts(body)["descending"]


def transverse(body: Body):
    return trapezius_parts(body)["transverse"]


def ascending(body: Body):
    return trapezius_parts(body)["ascending"]
