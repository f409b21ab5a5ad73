"""Openings in a bone found by their geometry: the transverse foramina and the
vertebral canal of the cervical vertebrae.

A point lies in an opening when it is outside the bone and every horizontal
ray from it meets bone within a short reach: the bone rings it in the plane of
the vertebra. Among such points near a guess, the one farthest from the bone
is the centre of the opening, and that distance is its clear radius.
"""

from __future__ import annotations

import numpy as np

from tools.build_atlas import geometry
from tools.build_atlas.surfaces import Surface

#: Directions of the rays that test a ring of bone (in the horizontal plane).
RAYS = 12


def ringed(surface: Surface, point, reach: float, rays: int = RAYS, misses: int = 0) -> bool:
    """True if all but ``misses`` of ``rays`` horizontal rays from ``point`` meet
    ``surface`` within ``reach`` mm (a ring of bone, allowing a narrow slit)."""
    missed = 0
    for angle in np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False):
        direction = np.array([np.cos(angle), np.sin(angle), 0.0])
        if len(surface.crossings(point, direction, reach)) == 0:
            missed += 1
            if missed > misses:
                return False
    return True


def opening(surface: Surface, guess, half_size, reach: float, step: float = 1.0):
    """Centre and clear radius (mm) of the opening nearest ``guess``, or None.

    ``half_size`` is the (x, y, z) half-extent of the box searched around
    ``guess``; ``reach`` bounds the rays (a little more than the opening's width).
    """
    axes = [
        np.arange(centre - half, centre + half + 1e-9, step)
        for centre, half in zip(np.asarray(guess, float), half_size, strict=True)
    ]
    grid = np.array(np.meshgrid(*axes, indexing="ij")).reshape(3, -1).T
    clearance = geometry.signed_distance(surface.polydata, grid)
    for index in np.argsort(-clearance, kind="stable"):
        if clearance[index] < 0.5:
            return None
        if ringed(surface, grid[index], reach):
            return grid[index], float(clearance[index])
    return None


def transverse_foramina(cervical: Surface, marks: dict[str, np.ndarray]) -> dict:
    """Centres of the transverse foramina C1-C6, both sides, as landmarks.

    Each is searched medial to the tip of its transverse process, where the
    foramen lies between the anterior and posterior roots of the process.
    """
    found = {}
    for level in range(1, 7):
        for side, sign in (("left", -1.0), ("right", 1.0)):
            tip = marks[f"c{level}_transverse_{side}"]
            guess = tip + (-sign * (9.0 if level > 1 else 10.0), 0.0, 0.0)
            result = opening(cervical, guess, (8.0, 10.0, 7.0), reach=11.0, step=0.5)
            if result is None:
                raise RuntimeError(f"no transverse foramen found at C{level} ({side})")
            found[f"c{level}_transverse_foramen_{side}"] = result
    return found


def canal_centres(cervical: Surface, marks: dict[str, np.ndarray]) -> dict:
    """Centre and clear radius of the vertebral canal at C1-C7 (midline)."""
    found = {}
    for level in range(1, 8):
        if level >= 4:  # just in front of the articular pillars
            pillars = (marks[f"c{level}_articular_left"] + marks[f"c{level}_articular_right"]) / 2
            guess = np.array([0.0, pillars[1] + 10.0, pillars[2]])
        else:  # halfway from the back of the arch to the transverse processes
            back = marks["c1_posterior_tubercle" if level == 1 else f"c{level}_spinous"]
            front = (marks[f"c{level}_transverse_left"] + marks[f"c{level}_transverse_right"]) / 2
            guess = np.array([0.0, (back[1] + front[1]) / 2, front[2]])
        result = opening(cervical, guess, (0.0, 14.0, 4.0), reach=22.0)
        if result is None:
            raise RuntimeError(f"no vertebral canal found at C{level}")
        found[f"c{level}_canal"] = result
    return found
