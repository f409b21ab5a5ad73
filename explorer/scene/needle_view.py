"""The needle view (desktop only): the structures at risk near one point and its approach line.

With the view on and exactly one trigger point selected, the structures its
needling block names are drawn in full colour and glow; every other surface
fades (the skin almost clear, muscles and bones faint), so the named ones
and the line stand out. The approach is drawn as a line from the skin
through the point (white) and on past it (amber) to the first structure at
risk it meets, or for :data:`~explorer.model.needle.REACH_MM`. A short
corner text in the viewport's lower left names the point, gives both
distances and the caveat in brief; the card says it all in full.

The view only changes opacity, culling, colour and glow: visibility stays
with the layers and with muscle isolation, so turning the view off puts the
layers' own look back (:meth:`NeedleView._restore`) and composes with both.
It follows the selection, so undo and redo move it with the point. The
kiosk never builds one.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkTextActor

from explorer.model.atlas import AT_RISK_KINDS
from explorer.model.card_text import needle_corner, needle_summary
from explorer.model.needle import NeedlePath, named_structures, path_for_point, skin_normal_near
from explorer.scene import views
from explorer.scene.structures import base_opacity, layer_of, style_visibility

#: Opacity of what is not highlighted: the skin, the point's own muscle, everything else.
FADED_SKIN = 0.12
OWN_MUSCLE = 0.45
FADED = 0.18
#: Glow (VTK ambient) of a highlighted structure at risk.
GLOW = 0.35
SKIN_LINE_RGB = (1.0, 1.0, 1.0)
ONWARD_LINE_RGB = (1.0, 0.62, 0.0)
LINE_WIDTH_PX = 5.0
#: The corner text: lines wrap at this many characters, in a font this size (px).
TEXT_WIDTH = 60
FONT_PX = 14
#: The needle view frames at least this radius around its line, in mm.
MIN_FRAME_RADIUS_MM = 120.0
#: How far the framing slides the line right and up, as fractions of the framed radius,
#: so the corner text in the lower left leaves it clear.
TEXT_CLEARANCE = (0.3, 0.2)
#: The viewed point's marker is small, so it never hides the line; the usual size after.
VIEWED_MARKER_SCALE = 0.5
SELECTED_MARKER_SCALE = 1.5
#: Name of the marker filter that leaves only the viewed point's marker.
MASK_NAME = "needle"
COLOUR_KEY = "Colours: arteries red, veins blue, nerves yellow, pleura pale blue-grey."


class NeedleView:
    """Highlights one point's structures at risk in ``scene`` and draws its approach line.

    Parameters
    ----------
    scene
        The :class:`~explorer.scene.anatomy_scene.AnatomyScene`; the line and
        text actors are added to its plotter once, hidden.
    """

    def __init__(self, scene) -> None:
        self.scene = scene
        self.tp_id: str | None = None
        self.path: NeedlePath | None = None
        self.highlighted: tuple[str, ...] = ()
        self.lines: list[str] = []
        #: The corner text's lines as shown (wrapped), empty while hidden.
        self.corner: list[str] = []
        self._paths: dict[str, NeedlePath | None] = {}
        self._skin_segment = pv.Line((0, 0, 0), (0, 0, 1))
        self._onward_segment = pv.Line((0, 0, 0), (0, 0, 1))
        self.skin_line_actor = self._add_line(self._skin_segment, "needle_skin", SKIN_LINE_RGB)
        self.onward_line_actor = self._add_line(
            self._onward_segment, "needle_onward", ONWARD_LINE_RGB
        )
        self.text_actor = _text_actor()
        scene.plotter.renderer.AddViewProp(self.text_actor)

    @property
    def active(self) -> bool:
        """Whether a point's needle view is shown now."""
        return self.tp_id is not None

    def bind(self, state) -> None:
        """Follow ``state``'s needle-view switch, selection and layers (after the scene's)."""
        update = lambda *_: self.follow(state)  # noqa: E731
        state.needle_view_changed.connect(update)
        state.selection_changed.connect(update)
        state.layer_changed.connect(update)
        state.mode_changed.connect(update)
        self.follow(state)

    def follow(self, state) -> None:
        """Show the selected point's view if the switch is on and one point is selected.

        A point without needling notes shows the plain scene (its card offers
        no switch to turn the view off again).

        Only while exploring: a quiz must not name its answer, and the pain
        drawing needs the skin solid.
        """
        selection = state.selection
        one = len(selection) == 1 and self.scene.catalog.get(selection[0]).needling is not None
        if state.needle_view and one and state.mode == "explore":
            self.show(selection[0])
        else:
            self.hide()

    def show(self, tp_id: str, render: bool = True) -> None:
        """Highlight ``tp_id``'s structures at risk, fade the rest, draw its line."""
        point = self.scene.catalog.get(tp_id)
        position = self.scene.marker_position(tp_id)
        self.tp_id = tp_id
        if tp_id not in self._paths:  # fixed geometry: a layer change must not recast rays
            self._paths[tp_id] = path_for_point(point, position, self.scene.atlas)
        self.path = self._paths[tp_id]
        actors = self.scene.structures.actors
        named = named_structures(point, actors)
        hit = (self.path.hit_id,) if self.path and self.path.hit_id in actors else ()
        self.highlighted = tuple(dict.fromkeys(named + hit))
        self._fade_skin()
        self._style_structures(set(point.structures))
        self._draw_line()
        self.scene.selected_marker_scale = VIEWED_MARKER_SCALE
        self.scene.set_marker_mask(MASK_NAME, self.scene._mask([tp_id]), render=False)
        self.lines = self._text()
        names = {sid: s.name for sid, s in self.scene.atlas.structures.items()}
        corner = needle_corner(point.label, self.path, names)
        self.corner = [part for line in corner for part in textwrap.wrap(line, TEXT_WIDTH)]
        # A space either side: the dark band then frames the words.
        self.text_actor.SetInput("\n".join(f" {line} " for line in self.corner))
        self.text_actor.SetVisibility(True)
        if render:
            self.scene.render()

    def hide(self, render: bool = True) -> None:
        """Put back the layers' own look and remove the line and text."""
        if self.tp_id is None:
            return
        self.tp_id, self.path, self.highlighted, self.lines = None, None, (), []
        self.corner = []
        self._restore()
        for actor in (self.skin_line_actor, self.onward_line_actor, self.text_actor):
            actor.SetVisibility(False)
        self.scene.selected_marker_scale = SELECTED_MARKER_SCALE
        self.scene.set_marker_mask(MASK_NAME, None, render=False)
        if render:
            self.scene.render()

    def pose(self) -> views.CameraPose | None:
        """A camera pose seeing the line side-on from outside the body (None if inactive).

        It looks from the point's side of the body, turned square to the line;
        when the line runs across the body (side to side) it looks along the
        skin's outward normal instead, or from the body's centre out through
        the point, again square to the line, so the line never shows end-on.
        """
        if self.tp_id is None:
            return None
        position = self.scene.marker_position(self.tp_id)
        outward = skin_normal_near(self.scene.atlas.skin, position)
        ends = [position]
        if self.path is not None:
            line = self.path.direction
            ends += [self.path.end] + ([self.path.entry] if self.path.entry is not None else [])
            centre_out = position - self.scene.bounds().reshape(3, 2).mean(axis=1)
            # From the point's own side first: the head and neck read best side-on.
            side = [np.sign(position[0]) or -1.0, 0.0, 0.0]
            candidates = (side, outward, centre_out, np.cross(line, [0.0, 0.0, 1.0]), [0, 1, 0])
            for candidate in candidates:
                candidate = np.asarray(candidate, dtype=float)
                square = candidate - (candidate @ line) * line
                if np.linalg.norm(square) > 0.5 * np.linalg.norm(candidate):
                    outward = square
                    break
        ends = np.array(ends)
        centre = 0.5 * (ends.min(axis=0) + ends.max(axis=0))
        radius = max(0.5 * float(np.linalg.norm(np.ptp(ends, axis=0))), MIN_FRAME_RADIUS_MM)
        pose = views.pose_from(centre, outward, radius, np.array([0.0, 0.0, 1.0]))
        # Slide the view so the line sits up and right of the middle, clear of the text.
        forward = pose.focal_point - pose.position
        right = np.cross(forward / np.linalg.norm(forward), pose.view_up)
        shift = -TEXT_CLEARANCE[0] * radius * right - TEXT_CLEARANCE[1] * radius * pose.view_up
        return views.CameraPose(pose.position + shift, pose.focal_point + shift, pose.view_up)

    # Look ------------------------------------------------------------------

    def _fade_skin(self) -> None:
        scene = self.scene
        if not scene.layer_settings("skin").visible:
            return
        # The whole skin, painted pattern too: it must not hide the line beneath it.
        scene.fade_skin(round(FADED_SKIN * 255))
        scene.skin_actor.GetProperty().SetBackfaceCulling(True)
        scene.hatching.set_visible(False)

    def _style_structures(self, own_muscle: set[str]) -> None:
        structures = self.scene.structures
        for sid, actor in structures.actors.items():
            structure = self.scene.atlas.structures[sid]
            prop = actor.GetProperty()
            if sid in self.highlighted:
                # Shown whatever the layer says: these are what the view is for.
                style_visibility(actor, True, base_opacity(structure), cull=True)
                prop.SetColor(*(structures.base_rgb[sid] / 255.0))
                prop.SetAmbient(GLOW)
                continue
            layer = self.scene.layer_settings(layer_of(structure))
            fade = OWN_MUSCLE if sid in own_muscle else FADED
            prop.SetOpacity(min(layer.opacity * base_opacity(structure), fade))
            prop.SetBackfaceCulling(True)
            if structure.kind in AT_RISK_KINDS:
                prop.SetAmbient(0.0)

    def _restore(self) -> None:
        scene = self.scene
        skin = scene.layer_settings("skin")
        # Resets the skin's alpha from its layer opacity, its culling and the stripes.
        scene.set_layer("skin", skin.visible, skin.opacity, render=False)
        at_risk = scene.layer_settings("at_risk")
        scene.structures.set_layer("at_risk", at_risk.visible, at_risk.opacity)
        for sid, actor in scene.structures.actors.items():
            structure = scene.atlas.structures[sid]
            layer = scene.layer_settings(layer_of(structure))
            opacity = layer.opacity * base_opacity(structure)
            # Opacity and culling only: visibility belongs to the layers and to isolation.
            actor.GetProperty().SetOpacity(opacity)
            actor.GetProperty().SetBackfaceCulling(opacity < 0.99)
            if structure.kind in AT_RISK_KINDS:
                actor.GetProperty().SetAmbient(0.0)

    def _draw_line(self) -> None:
        path = self.path
        if path is None:
            self.skin_line_actor.SetVisibility(False)
            self.onward_line_actor.SetVisibility(False)
            return
        start = path.entry if path.entry is not None else path.point
        self._skin_segment.points = np.array([start, path.point], dtype=float)
        self._onward_segment.points = np.array([path.point, path.end], dtype=float)
        self.skin_line_actor.SetVisibility(path.entry is not None)
        self.onward_line_actor.SetVisibility(True)

    def _text(self) -> list[str]:
        """The view's sentences for the card, one a line."""
        names = {sid: s.name for sid, s in self.scene.atlas.structures.items()}
        lines = []
        named = [names[sid] for sid in self.highlighted]
        lines.append("Structures at risk shown: " + (", ".join(named) if named else "none named"))
        lines += needle_summary(self.path, names)
        lines.append(COLOUR_KEY)
        return lines

    def _add_line(self, mesh: pv.PolyData, name: str, rgb: tuple[float, float, float]):
        actor = self.scene.plotter.add_mesh(mesh, color=rgb, name=name, pickable=False)
        prop = actor.GetProperty()
        prop.SetLineWidth(LINE_WIDTH_PX)
        prop.SetRenderLinesAsTubes(True)
        prop.SetLighting(False)  # the same bright colour from every side
        actor.SetVisibility(False)
        return actor


def _text_actor() -> vtkTextActor:
    """The corner text: white on a translucent dark band, bottom-left, hidden until shown.

    Bottom-left because the structures at risk of the neck run up from the
    point, and the view is framed on the line up and right of the middle: the
    lower corner is the emptier. The key of the upper-right corner is clear of it.
    """
    actor = vtkTextActor()
    prop = actor.GetTextProperty()
    prop.SetFontSize(FONT_PX)
    prop.SetColor(1.0, 1.0, 1.0)
    prop.SetBackgroundColor(0.08, 0.09, 0.11)
    prop.SetBackgroundOpacity(0.7)
    prop.SetVerticalJustificationToBottom()
    prop.SetLineSpacing(1.15)
    coordinate = actor.GetPositionCoordinate()
    coordinate.SetCoordinateSystemToNormalizedViewport()
    coordinate.SetValue(0.01, 0.015)
    actor.SetVisibility(False)
    return actor
