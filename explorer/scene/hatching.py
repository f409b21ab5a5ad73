"""The stripe layer over the skin: spillover and overlaps drawn as coloured hatching.

VTK can only multiply a texture by the vertex colour, so one skin actor
cannot show stripes of one point's colour over another point's solid zone.
The stripes therefore get their own actor: a copy of the skin lifted a
little along the normals (so it never sinks into the skin), with a
texture that is opaque on every other row of a stripe coordinate and clear
between, tinted per vertex by the stripe colour and strength that
:func:`explorer.scene.overlay.overlay_arrays` computes.

Only the faces that carry stripes are drawn: a click swaps a small face list
and two per-vertex arrays in place, and an empty selection costs no drawing.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.scene import overlay
from explorer.scene.structures import point_normals

#: Lift of the stripe layer above the skin, mm: clears depth precision, invisible to the eye.
LIFT_MM = 0.4


class HatchLayer:
    """Coloured stripes over the skin, updated in place on every selection.

    Parameters
    ----------
    plotter
        The scene's plotter; the stripe actor is added once, here.
    skin
        The scene's skin mesh (with point normals); its point order is the overlay's.
    period_mm
        One stripe and one gap, in mm along the skin.
    """

    def __init__(self, plotter: pv.Plotter, skin: pv.PolyData, period_mm: float) -> None:
        lifted = np.asarray(skin.points) + LIFT_MM * point_normals(skin)
        self._faces = np.asarray(skin.regular_faces)
        # Start with every face: pyvista refuses to add an empty mesh.
        self.mesh = pv.PolyData(lifted, faces=skin.faces)
        self.mesh.point_data["hatch_rgba"] = np.zeros((skin.n_points, 4), dtype=np.uint8)
        self.mesh.active_texture_coordinates = np.column_stack(
            [np.full(skin.n_points, 0.5, np.float32), overlay.stripe_coordinate(lifted, period_mm)]
        )
        texture = pv.Texture(overlay.stripe_texture_image())
        # No mipmaps: coarse levels would average stripe and gap into a flat tint.
        texture.repeat, texture.interpolate = True, True
        self.actor = plotter.add_mesh(
            self.mesh,
            scalars="hatch_rgba",
            rgba=True,
            texture=texture,
            name="hatching",
            show_scalar_bar=False,
            culling="back",
        )
        self.actor.prop.specular = 0.1
        self.update(np.zeros((skin.n_points, 3), np.uint8), np.zeros(skin.n_points, np.float32))

    def update(self, stripe_rgb: np.ndarray, stripe_alpha: np.ndarray) -> None:
        """Show stripes of ``stripe_rgb`` at strength ``stripe_alpha`` (0..1) per vertex."""
        rgba = self.mesh.point_data["hatch_rgba"]
        rgba[:, :3] = stripe_rgb
        rgba[:, 3] = np.round(255.0 * np.clip(stripe_alpha, 0.0, 1.0))
        striped = np.asarray(stripe_alpha) > 0
        shown = self._faces[striped[self._faces].any(axis=1)]
        self.mesh.regular_faces = shown
        self.mesh.Modified()

    @property
    def face_count(self) -> int:
        """How many faces carry stripes now."""
        return int(self.mesh.n_cells)

    def set_visible(self, visible: bool) -> None:
        """Show or hide the stripes (with the skin layer)."""
        self.actor.visibility = bool(visible)
