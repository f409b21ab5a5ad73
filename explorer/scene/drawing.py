"""The pain drawing in the 3D scene: an outline that stays visible over any referral.

The referral overlay owns the skin's colours, so the drawing cannot be
painted into them without one hiding the other. Instead it is drawn as its
own line actor: the 0.5 contour of the drawing's weights, traced on a copy
of the skin lifted a little along the normals so the line never sinks into
the skin. It is drawn twice, a wide white halo under a narrower dark blue
core, which reads on bare skin, on orange stripes and on solid red alike.

:class:`SkinPicker` turns a pointer position into the skin point under it,
for the brush.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.scene.structures import point_normals

#: Lift of the outline above the skin, mm: clears the surface without floating visibly.
LIFT_MM = 1.2
#: Okabe-Ito blue: far from the skin, the orange spillover and the red essential colours.
CORE_COLOR = "#0a3d91"
HALO_COLOR = "white"
CORE_WIDTH_PX, HALO_WIDTH_PX = 4.0, 8.0
#: The drawing's edge: weights at or above this count as drawn.
EDGE_LEVEL = 0.5


class DrawingOutline:
    """Outline of a per-vertex pain drawing on the skin, updated in place.

    Parameters
    ----------
    plotter
        The scene's plotter; two line actors are added once, here.
    skin
        The skin mesh of the scene (its point order is the drawing's).
    """

    def __init__(self, plotter: pv.Plotter, skin: pv.PolyData) -> None:
        self.plotter = plotter
        normals = point_normals(skin)
        self._lifted_skin = pv.PolyData(np.asarray(skin.points) + LIFT_MM * normals, skin.faces)
        # One line mesh drawn twice. Actors need a non-empty mesh to start with;
        # they stay hidden until something is drawn.
        point = np.asarray(skin.points[:1], dtype=float)
        self.lines = pv.PolyData(np.vstack([point, point]), lines=np.array([2, 0, 1]))
        self.halo_actor = plotter.add_mesh(
            self.lines, color=HALO_COLOR, line_width=HALO_WIDTH_PX,
            name="pain_drawing_halo", lighting=False, pickable=False,
        )  # fmt: skip
        # The core is drawn as tubes: their shaded depth bulges towards the camera, so
        # the core wins over its flat halo on the same line. (A depth offset did not:
        # it works off-screen but not in the Qt window, where the halo hid the core.)
        self.core_actor = plotter.add_mesh(
            self.lines, color=CORE_COLOR, line_width=CORE_WIDTH_PX,
            name="pain_drawing_outline", lighting=False, pickable=False,
            render_lines_as_tubes=True,
        )  # fmt: skip
        self._shown = True
        self._has_lines = False
        self._sync_visibility()

    @property
    def visible(self) -> bool:
        """Whether the outline is on screen (shown and something is drawn)."""
        return bool(self.core_actor.GetVisibility())

    def set_shown(self, shown: bool) -> None:
        """Show or hide the outline (e.g. when leaving the pain-drawing mode)."""
        self._shown = bool(shown)
        self._sync_visibility()

    def update(self, weights: np.ndarray) -> None:
        """Trace the outline of ``weights`` (per skin vertex); does not render."""
        weights = np.asarray(weights, dtype=np.float32)
        self._has_lines = bool(weights.max(initial=0.0) >= EDGE_LEVEL)
        if self._has_lines:
            self._lifted_skin.point_data["pain"] = weights
            # In place: the actors keep their mesh; only its geometry changes.
            self.lines.copy_from(self._lifted_skin.contour([EDGE_LEVEL], scalars="pain"))
        self._sync_visibility()

    def _sync_visibility(self) -> None:
        on = self._shown and self._has_lines
        self.halo_actor.SetVisibility(on)
        self.core_actor.SetVisibility(on)


class SkinPicker:
    """Finds the skin point under a display pixel, ignoring every other actor.

    Parameters
    ----------
    renderer
        The scene's renderer.
    skin_actor
        The skin's actor; only it is picked.
    """

    def __init__(self, renderer, skin_actor) -> None:
        from vtkmodules.vtkRenderingCore import vtkCellPicker

        self.renderer = renderer
        self.picker = vtkCellPicker()
        self.picker.SetTolerance(0.0005)
        self.picker.PickFromListOn()
        self.picker.AddPickList(skin_actor)

    def pick(self, x: float, y: float) -> np.ndarray | None:
        """Skin point (mm) at display pixel ``x, y`` (VTK: origin bottom-left), or None."""
        if not self.picker.Pick(x, y, 0.0, self.renderer):
            return None
        return np.array(self.picker.GetPickPosition(), dtype=float)
