"""Marker look per muscle: a colour and a shape, so no two muscles on screen look alike.

Six colours that stand out against muscle, bone, skin, the painted pattern
(vermillion and orange) and the selection (yellow) are not enough for every
muscle of the content, so the shape is the second cue: sphere, cube and
diamond give eighteen distinct looks. The n-th muscle takes colour
``n % 6`` and shape ``n // 6``, so muscles next to each other in the content
(often next to each other on the body) differ in colour first.

Every shape is made from the same icosphere by moving its vertices (onto a
cube, onto an octahedron), so all markers keep one vertex count and can
share one glyph mesh.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

#: Okabe & Ito's colour-blind-safe hues (no yellow: it marks the selection; no
#: vermillion or orange: they paint the pain), and Tol's olive and indigo (seven
#: colours by three shapes: 21 distinct looks for the 19 muscles). Not white: the
#: kiosk draws markers as disks with a white rim, and white on skin barely shows.
MARKER_COLOURS: tuple[tuple[int, int, int], ...] = (
    (0, 114, 178),  # blue
    (0, 158, 115),  # bluish green
    (204, 121, 167),  # reddish purple
    (86, 180, 233),  # sky blue
    (117, 112, 179),  # violet
    (153, 153, 51),  # olive
    (51, 34, 136),  # indigo
)
SHAPES = ("sphere", "cube", "diamond")
#: Scale per shape so that each looks about as big as the sphere.
_SHAPE_SCALE = {"sphere": 1.0, "cube": 0.82, "diamond": 1.3}


class MarkerStyle(NamedTuple):
    """The look of one muscle's markers."""

    rgb: tuple[int, int, int]
    shape: str


def muscle_marker_style(muscle_index: int) -> MarkerStyle:
    """Colour and shape of the ``muscle_index``-th muscle's markers.

    Distinct for the first ``len(MARKER_COLOURS) * len(SHAPES)`` muscles.
    """
    colours = len(MARKER_COLOURS)
    shape = SHAPES[(muscle_index // colours) % len(SHAPES)]
    return MarkerStyle(MARKER_COLOURS[muscle_index % colours], shape)


def shape_templates(unit_sphere: np.ndarray) -> np.ndarray:
    """(shapes, k, 3) float32: the vertices of a unit sphere moved onto each of :data:`SHAPES`.

    The sphere is kept; for the cube each vertex is pushed out until its
    largest coordinate is 1, for the diamond until the sum of its absolute
    coordinates is 1.
    """
    sphere = np.asarray(unit_sphere, dtype=np.float64)
    cube = sphere / np.abs(sphere).max(axis=1, keepdims=True)
    diamond = sphere / np.abs(sphere).sum(axis=1, keepdims=True)
    shapes = {"sphere": sphere, "cube": cube, "diamond": diamond}
    return np.stack([shapes[name] * _SHAPE_SCALE[name] for name in SHAPES]).astype(np.float32)
