"""How close and how far the camera may come: from a 5 cm field to the whole bust.

Zooming moves the camera along its line of sight, so the limits are on its
distance to the focal point. The nearest shows a field about 5 cm high (a
trigger point and the skin around it); the farthest shows the whole atlas
with room to spare, never a speck. :func:`keep_zoom_within` applies them
before every render, whatever moved the camera (wheel, right-drag, pinch).
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np
import pyvista as pv

from explorer.scene import views
from explorer.scene.framing import aspect_factor, viewport_aspect

#: Height of the field of view at the nearest zoom, mm.
NEAREST_FIELD_MM = 50.0
#: The farthest zoom, as a multiple of the distance that frames the atlas's bounding
#: sphere: everything any view or selection frames fits, with room, never a speck.
FARTHEST_FACTOR = 1.2


@dataclass(frozen=True)
class ZoomLimits:
    """Nearest and farthest camera-to-focal-point distances, mm."""

    nearest: float
    farthest: float

    @classmethod
    def for_bounds(cls, bounds: np.ndarray, view_angle: float = views.VIEW_ANGLE) -> ZoomLimits:
        """Limits for an atlas with ``bounds`` (xmin, xmax, ymin, ymax, zmin, zmax)."""
        half_angle = math.radians(view_angle) / 2.0
        nearest = 0.5 * NEAREST_FIELD_MM / math.tan(half_angle)
        box = np.asarray(bounds, dtype=float).reshape(3, 2)
        radius = 0.5 * float(np.linalg.norm(box[:, 1] - box[:, 0]))
        whole = views.pose_from(
            box.mean(axis=1),
            np.array([0.0, 1.0, 0.0]),
            radius,
            np.array([0.0, 0.0, 1.0]),
            view_angle,
        ).distance
        return cls(nearest, FARTHEST_FACTOR * whole)

    def clamp(self, distance: float, aspect: float = 1.0) -> float:
        """``distance`` brought within the limits, for a viewport ``aspect`` wide per unit high.

        A narrow viewport needs the camera farther back to show the whole
        bust across (see :func:`explorer.scene.framing.aspect_factor`).
        """
        farthest = self.farthest * aspect_factor(aspect)
        return min(max(float(distance), self.nearest), farthest)

    def field_mm(self, distance: float, view_angle: float = views.VIEW_ANGLE) -> float:
        """Height of the field of view at ``distance``, mm."""
        return 2.0 * distance * math.tan(math.radians(view_angle) / 2.0)

    def apply(self, camera, aspect: float = 1.0) -> bool:
        """Move ``camera`` along its line of sight into the limits; return whether it moved."""
        distance = camera.GetDistance()
        wanted = self.clamp(distance, aspect)
        if abs(wanted - distance) <= 1e-9 * max(distance, 1.0):
            return False
        focal = np.array(camera.GetFocalPoint())
        direction = (np.array(camera.GetPosition()) - focal) / distance
        camera.SetPosition(*(focal + wanted * direction))
        return True


def zoom_by(camera, factor: float, limits: ZoomLimits, aspect: float = 1.0) -> None:
    """Bring ``camera`` ``factor`` times closer (below 1: farther), within ``limits``."""
    distance = camera.GetDistance()
    camera.Dolly(distance / limits.clamp(distance / factor, aspect))


def keep_zoom_within(plotter: pv.Plotter, limits: ZoomLimits) -> ZoomLimits:
    """Clamp the active camera of ``plotter`` into ``limits`` before every render.

    One place for every way of zooming: VTK's right-drag dolly, a pinch and
    the wheel all end in a render. Returns ``limits``.
    """
    window = plotter.render_window
    if window is None:
        return limits
    renderer = weakref.ref(plotter.renderer)

    def before_render(*_args) -> None:
        active = renderer()
        if active is not None and limits.apply(active.GetActiveCamera(), viewport_aspect(active)):
            active.ResetCameraClippingRange()

    window.AddObserver("StartEvent", before_render)
    return limits
