"""Where a flight to a selection ends: the whole head, the whole pattern and the markers in view.

A pose framed on the pattern alone cut the head off at the edge of the
view (a temple pattern showed half a skull, a chest pattern none of the
face). The framed cloud therefore always holds the head as well, so the
patient sees where on their own head and neck the pain is. Among the
directions that face the pattern well, the first from which no opaque
layer (another muscle, a bone, solid skin) hides a selected marker wins;
if none does, the one facing the pattern best. A viewport narrower than it
is tall sees less across than up and down: :func:`fit_to_aspect` steps the
camera back until the framed sphere fits across too.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from explorer.scene import views

#: The head: the skin within this distance of its top (vertex to chin, with room), mm.
HEAD_HEIGHT_MM = 250.0
#: A direction facing at least this share of the best one's painted skin may be
#: taken instead, to keep the markers clear of opaque layers.
MIN_FACING_SHARE = 0.5


def head_box(skin_vertices: np.ndarray) -> np.ndarray:
    """(2, 3) lowest and highest corner of the head (atlas frame: +z is up)."""
    vertices = np.asarray(skin_vertices, dtype=float)
    head = vertices[vertices[:, 2] >= vertices[:, 2].max() - HEAD_HEIGHT_MM]
    return np.vstack([head.min(axis=0), head.max(axis=0)])


def selection_pose(
    markers: np.ndarray,
    painted: np.ndarray,
    head: np.ndarray,
    body_centre: np.ndarray,
    min_radius: float,
    normals: np.ndarray,
    weights: np.ndarray,
    hidden: Callable[[np.ndarray, int], bool],
) -> views.CameraPose:
    """A pose showing ``markers``, the ``painted`` skin and the ``head``, markers unhidden.

    Parameters
    ----------
    markers
        (m, 3) centres of the selected markers.
    painted
        (p, 3) skin vertices the pattern paints.
    head
        Points that must stay in view, e.g. the corners of :func:`head_box`.
    body_centre, min_radius
        As :func:`explorer.scene.views.framing_pose`.
    normals, weights
        Skin normals to face and their weights (see :func:`views.view_direction_scores`).
    hidden
        ``hidden(eye, row)``: whether an opaque layer hides ``markers[row]`` from ``eye``.
    """
    markers = np.asarray(markers, dtype=float).reshape(-1, 3)
    cloud = np.vstack([markers, np.asarray(painted, float).reshape(-1, 3), head])
    directions, scores = views.view_direction_scores(normals, weights)
    order = np.argsort(-scores, kind="stable")
    for index in order:
        if scores[index] < MIN_FACING_SHARE * scores[order[0]]:
            break
        pose = views.framing_pose(cloud, body_centre, min_radius, direction=directions[index])
        if not any(hidden(pose.position, row) for row in range(len(markers))):
            return pose
    return views.framing_pose(cloud, body_centre, min_radius, direction=directions[order[0]])


def aspect_factor(aspect: float, view_angle: float = views.VIEW_ANGLE) -> float:
    """How much farther the camera must be for a sphere framed top to bottom to fit across.

    Poses fit their sphere into the vertical field of view; a viewport ``aspect``
    (width / height) below 1 has a narrower horizontal one.
    """
    if aspect >= 1.0 or aspect <= 0.0:
        return 1.0
    half = math.radians(view_angle) / 2.0
    across = math.atan(aspect * math.tan(half))
    return math.sin(half) / math.sin(across)


def fit_to_aspect(
    pose: views.CameraPose, aspect: float, view_angle: float = views.VIEW_ANGLE
) -> views.CameraPose:
    """``pose`` stepped back along its line of sight so its framing fits a narrow viewport."""
    factor = aspect_factor(aspect, view_angle)
    if factor == 1.0:
        return pose
    offset = (pose.position - pose.focal_point) * factor
    return views.CameraPose(pose.focal_point + offset, pose.focal_point, pose.view_up)


def viewport_aspect(renderer) -> float:
    """Width over height of ``renderer``'s viewport in pixels (1 before it has a size)."""
    width, height = renderer.GetSize()
    return width / height if width > 0 and height > 0 else 1.0
