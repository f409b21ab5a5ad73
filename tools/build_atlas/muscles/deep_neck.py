"""Deep muscles of the neck (issue 13): the scalenes, semispinalis cervicis and
the cervical multifidi.

The scalenes are straps down the column of the tubercles of the transverse
processes they arise from, on to the first or second rib (the neck is too
narrow under the SCM for a draped band of their thickness). Semispinalis
cervicis is draped just under semispinalis capitis beside the spinous
processes; the multifidi lie flat on the laminae beneath it.
"""

from __future__ import annotations

import numpy as np

from tools.build_atlas.muscle_shapes import bump, resample, ruled_grid, slab, strap
from tools.build_atlas.muscles.neck import ACROSS, ALONG, SCM, TRAPEZIUS, band, profile
from tools.build_atlas.tissue import Body, on_bone

#: Tubercles of a cervical transverse process relative to its lateral tip (mm):
#: the anterior one in front, the posterior one behind (left side).
ANTERIOR_TUBERCLE = np.array([2.0, 6.0, 0.0])
POSTERIOR_TUBERCLE = np.array([1.0, -5.0, 0.0])
BACK_COVER = (
    *TRAPEZIUS,
    *SCM,
    "splenius_capitis",
    "splenius_cervicis",
    "levator_scapulae",
    "semispinalis_capitis",
)


def _tubercles(body: Body, levels, offset) -> np.ndarray:
    """Tubercles of the transverse processes at ``levels``; each is also recorded
    as a landmark (the report measures the muscles' ends from them)."""
    kind = "anterior" if offset[1] > 0 else "posterior"
    points = []
    for level in levels:
        point = body.mark(f"c{level}_transverse_left") + offset
        body.marks.setdefault(f"c{level}_{kind}_tubercle_left", point)
        points.append(point)
    return np.array(points)


def _scalene(body: Body, tubercles: np.ndarray, insertion: np.ndarray, width: float, thick: float):
    """A strap down the column of its tubercles (the slips join it one by one)
    and on to its rib, its flat face looking out and forward."""
    points = np.vstack([tubercles, (tubercles[-1] + insertion) / 2, insertion])
    return strap(points, width, thick, np.array([-0.7, 0.7, 0.0]), 0.45)


def scalenus_anterior(body: Body):
    """Anterior tubercles C3-C6 -> scalene tubercle of the first rib."""
    origin = _tubercles(body, (3, 4, 5, 6), ANTERIOR_TUBERCLE)
    return _scalene(body, origin, body.mark("first_rib_scalene_tubercle_left"), 12.0, 7.0)


def scalenus_medius(body: Body):
    """Posterior tubercles C2-C7 -> upper surface of the first rib, behind the
    subclavian groove."""
    origin = _tubercles(body, (2, 3, 4, 5, 6, 7), POSTERIOR_TUBERCLE)
    return _scalene(body, origin, body.mark("first_rib_behind_groove_left"), 14.0, 8.0)


def scalenus_posterior(body: Body):
    """Posterior tubercles C4-C6 -> outer surface of the second rib."""
    origin = _tubercles(body, (4, 5, 6), POSTERIOR_TUBERCLE + (-2.0, -3.0, 0.0))
    return _scalene(body, origin, body.mark("second_rib_outer_left"), 10.0, 6.0)


def semispinalis_cervicis(body: Body):
    """Transverse processes T1-T5 -> spinous processes C2-C5, beside them, just
    under semispinalis capitis."""
    m = body.mark
    origin = np.array([m(f"t{level}_transverse_left") for level in (5, 3, 1)])
    insertion = np.array([m(f"c{level}_spinous") + (-5.0, 4.0, 0.0) for level in (5, 4, 3, 2)])
    outer, inner = band(body, origin, insertion, profile(6.0, 0.35, 0.35), BACK_COVER, (2.0, 3.0))
    return slab(outer, inner)


def multifidus_cervicis(body: Body):
    """Articular processes C4-C7 -> spinous processes two to four levels up
    (C2-C5): the deepest layer, lying flat on the laminae seen from behind."""
    m = body.mark
    origin = np.array([m(f"c{level}_articular_left") for level in (7, 6, 5, 4)])
    insertion = np.array([m(f"c{level}_spinous") + (-3.0, 6.0, 0.0) for level in (5, 4, 3, 2)])
    grid = ruled_grid(resample(origin, ACROSS), resample(insertion, ACROSS), ALONG)
    thickness = 4.0 * bump(ALONG, 0.3, 0.5)[:, None] * bump(ACROSS, 0.3, 0.5)[None]
    return slab(*on_bone(body, grid, thickness, np.array([0.0, 1.0, 0.0])))
