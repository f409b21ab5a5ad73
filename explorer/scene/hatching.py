"""The stripe layer over the skin: spillover and overlaps drawn as coloured hatching.

VTK can only multiply a texture by the vertex colour, so one skin actor
cannot show stripes of one point's colour over another point's solid zone.
The stripes therefore get their own actor: a copy of the skin lifted a
little along the normals (so it never sinks into the skin), with a
texture that is opaque on every other row of a stripe coordinate and clear
between, tinted per vertex by the stripe colour and strength that
:func:`explorer.scene.overlay.overlay_arrays` computes.

Only the faces that carry stripes are drawn: a click swaps a small face list
and writes the pattern's vertices of one per-vertex array in place, and an
empty selection costs no drawing.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from explorer.scene import overlay
from explorer.scene.mesh_incidence import faces_touching, incident_faces
from explorer.scene.structures import draw_directly, point_normals

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
        draw_directly(self.actor, self.mesh, "hatch_rgba")
        # Written through a plain view and marked modified once: pyvista's array
        # wrapper costs a lookup and a Modified() per assignment.
        self._rgba = np.asarray(self.mesh.point_data["hatch_rgba"])
        self._incidence = incident_faces(skin.n_points, self._faces)
        #: Vertices whose stripe colour may be non-zero: the next paint clears only these.
        self._written = np.arange(skin.n_points)
        self.paint(np.zeros(0, np.intp), np.zeros((0, 3), np.uint8), np.zeros(0, np.float32))

    def update(self, stripe_rgb: np.ndarray, stripe_alpha: np.ndarray) -> None:
        """Show stripes of ``stripe_rgb`` at strength ``stripe_alpha`` (0..1) per vertex."""
        self.paint(np.arange(len(self._rgba)), stripe_rgb, stripe_alpha)

    def paint(self, support: np.ndarray, stripe_rgb: np.ndarray, stripe_alpha: np.ndarray) -> None:
        """Show stripes on the vertices ``support`` only; every other vertex has none.

        ``stripe_rgb`` (k, 3) and ``stripe_alpha`` (k,) 0..1 are the values at
        ``support``. Only the previous and the new support are written, so a
        click costs in proportion to the pattern, not to the skin.
        """
        rgba = self._rgba
        rgba[self._written] = 0
        rgba[support, :3] = stripe_rgb
        rgba[support, 3] = np.round(255.0 * np.clip(stripe_alpha, 0.0, 1.0))
        self._written = np.asarray(support)
        striped = self._written[np.asarray(stripe_alpha) > 0]
        self.mesh.regular_faces = self._faces[faces_touching(self._incidence, striped)]
        self.mesh.GetPointData().GetArray("hatch_rgba").Modified()
        self.mesh.Modified()

    @property
    def face_count(self) -> int:
        """How many faces carry stripes now."""
        return int(self.mesh.n_cells)

    def set_visible(self, visible: bool) -> None:
        """Show or hide the stripes (with the skin layer)."""
        self.actor.visibility = bool(visible)
