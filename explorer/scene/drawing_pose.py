"""A camera pose facing a pain drawing, so a tapped region turns the head towards the visitor.

The same framing as a selection's (:meth:`AnatomyScene.selection_pose`):
look from the direction that faces most of the marked skin, and back off
until the whole marked area fits.
"""

from __future__ import annotations

import numpy as np

from explorer.scene import views
from explorer.scene.structures import point_normals

#: Skin marked above this weight counts as the drawing.
DRAWN_LEVEL = 0.2
#: Never frame tighter than this share of the skin's size: a small disc still shows the head.
MIN_RADIUS_SHARE = 0.15


class DrawingFraming:
    """Poses that face a per-vertex drawing on ``scene``'s skin (normals computed once)."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self._normals: np.ndarray | None = None

    def pose(self, weights: np.ndarray) -> views.CameraPose | None:
        """The pose facing the skin where ``weights`` exceed :data:`DRAWN_LEVEL`, or None."""
        weights = np.asarray(weights, dtype=float)
        drawn = weights > DRAWN_LEVEL
        if not drawn.any():
            return None
        if self._normals is None:
            self._normals = point_normals(self.scene.skin_mesh)
        points = np.asarray(self.scene.skin_mesh.points)
        direction = views.best_view_direction(self._normals[drawn], weights[drawn])
        box = self.scene.bounds().reshape(3, 2)
        diagonal = float(np.linalg.norm(box[:, 1] - box[:, 0]))
        return views.framing_pose(
            points[drawn], box.mean(axis=1), MIN_RADIUS_SHARE * diagonal, direction=direction
        )
