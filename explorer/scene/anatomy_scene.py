"""The 3D scene: skin with the referral overlay, structures, markers, highlight.

Every actor is added once, in the constructor. A selection change then costs
one in-place texture-coordinate assignment on the skin, a few property
changes and one render (see DESIGN.md, "Path of a click").
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.content import Catalog, TriggerPoint
from explorer.model.referral import ReferralEngine
from explorer.model.state import LAYERS, AppState, LayerSettings
from explorer.scene import overlay, views
from explorer.scene.markers import MarkerGlyphs, marker_colors, marker_position, muscle_marker_color
from explorer.scene.picking import SegmentOccluder, pick_marker, snapshot_view
from explorer.scene.structures import (
    StructureActors,
    build_locator,
    layer_of,
    polydata,
    style_visibility,
)

#: Stripe period of the spillover hatching, in mm on the skin.
STRIPE_PERIOD_MM = 7.0
#: Skin vertices painted above this level count as "the pattern" when framing the camera.
FRAMING_LEVEL = 0.2
BACKGROUND = "#20242b"


class AnatomyScene:
    """All actors of the atlas in one plotter, driven by selection and layer changes.

    Parameters
    ----------
    plotter
        A pyvista ``Plotter`` or pyvistaqt ``QtInteractor``; the scene adds to it.
    atlas, catalog
        What to show.
    engine
        Referral engine on ``atlas.skin``; its cached fields are what a click swaps in.
    """

    def __init__(
        self, plotter: pv.Plotter, atlas: Atlas, catalog: Catalog, engine: ReferralEngine
    ) -> None:
        self.plotter, self.atlas, self.catalog, self.engine = plotter, atlas, catalog, engine
        plotter.set_background(BACKGROUND)
        self.skin_mesh = self._add_skin()
        self.structures = StructureActors(plotter, atlas)
        self.points: tuple[TriggerPoint, ...] = catalog.trigger_points()
        self.marker_ids = tuple(point.id for point in self.points)
        self._index = {tp_id: index for index, tp_id in enumerate(self.marker_ids)}
        self.markers = self._add_markers()
        self._layers = {layer: LayerSettings() for layer in LAYERS}
        self._selection: tuple[str, ...] = ()
        self._hovered: str | None = None
        self._only_selected_muscle = False
        self._filter_ids: set[str] | None = None
        self._skin_locator = None
        self._occluder = SegmentOccluder(self._occluders, self._own_structures)
        self.show_view(views.DEFAULT_VIEW, render=False)

    # Building ------------------------------------------------------------

    def _add_skin(self) -> pv.PolyData:
        mesh = polydata(self.atlas.skin)
        if mesh.n_points != self.engine.n_vertices:
            raise ValueError("the referral engine was built on a different skin mesh")
        arrays = overlay.overlay_arrays([], mesh.n_points)
        self._coverage = arrays.coverage
        stripes = overlay.stripe_coordinate(mesh.points, STRIPE_PERIOD_MM)
        mesh.active_texture_coordinates = np.column_stack(
            [overlay.texture_u(arrays.strength), stripes]
        )
        rgba = np.column_stack([arrays.rgb, overlay.skin_alpha(arrays.coverage, 1.0)])
        mesh.point_data["overlay_rgba"] = rgba
        texture = pv.Texture(overlay.stripe_texture_image())
        # No mipmaps: coarse mip levels would average the level columns into a tint at the rim.
        texture.repeat, texture.interpolate = True, True
        self.skin_actor = self.plotter.add_mesh(
            mesh, scalars="overlay_rgba", rgba=True, texture=texture, name="skin"
        )
        self.skin_actor.prop.specular = 0.1
        return mesh

    def _add_markers(self) -> MarkerGlyphs:
        muscle_index = {muscle.id: index for index, muscle in enumerate(self.catalog.muscles)}
        positions = np.array([marker_position(point, self.atlas) for point in self.points])
        colors = np.array([muscle_marker_color(muscle_index[p.muscle.id]) for p in self.points])
        diagonal = float(np.linalg.norm(np.ptp(self.atlas.skin.vertices, axis=0)))
        glyphs = MarkerGlyphs(
            positions.reshape(-1, 3),
            colors.reshape(-1, 3),
            radius=np.clip(diagonal * 0.012, 2.5, 5.0),
        )
        self.marker_actor = self.plotter.add_mesh(
            glyphs.mesh, scalars="rgb", rgb=True, name="markers", show_scalar_bar=False
        )
        self.marker_actor.prop.ambient = 0.35
        return glyphs

    # State ---------------------------------------------------------------

    def bind(self, state: AppState) -> None:
        """Apply ``state`` now and follow its signals from then on."""
        for layer in LAYERS:
            settings = state.layer(layer)
            self.set_layer(layer, settings.visible, settings.opacity, render=False)
        self._only_selected_muscle = state.show_only_selected_muscle
        state.selection_changed.connect(self.on_selection_changed)
        state.hovered_changed.connect(self._on_hovered_changed)
        state.layer_changed.connect(lambda layer: self._on_layer_changed(state, layer))
        state.show_only_selected_muscle_changed.connect(self._on_show_only_selected_muscle_changed)
        state.marker_filter_changed.connect(self._on_marker_filter_changed)
        self.on_selection_changed(state.selection)

    def on_selection_changed(self, ids: Iterable[str], render: bool = True) -> None:
        """Paint the referral of ``ids`` (additive), highlight their markers and muscles."""
        self._selection = tuple(ids)
        points = [self.catalog.get(tp_id) for tp_id in self._selection]
        fields = [self.engine.field(point) for point in points]
        arrays = overlay.overlay_arrays(fields, self.engine.n_vertices)
        self._coverage = arrays.coverage
        # In place: the arrays VTK already holds get new values; nothing is re-added.
        rgba = self.skin_mesh.point_data["overlay_rgba"]
        rgba[:, :3] = arrays.rgb
        rgba[:, 3] = overlay.skin_alpha(arrays.coverage, self._layers["skin"].opacity)
        self.skin_mesh.active_texture_coordinates[:, 0] = overlay.texture_u(arrays.strength)
        self.skin_mesh.Modified()
        self.structures.emphasise({sid for point in points for sid in point.structures})
        self._update_markers()
        if render:
            self.render()

    def _on_hovered_changed(self, tp_id: str | None) -> None:
        self._hovered = tp_id
        self._update_markers()
        self.render()

    def _on_layer_changed(self, state: AppState, layer: str) -> None:
        settings = state.layer(layer)
        self.set_layer(layer, settings.visible, settings.opacity)

    def _on_show_only_selected_muscle_changed(self, enabled: bool) -> None:
        self._only_selected_muscle = enabled
        self._update_markers()
        self.render()

    def _on_marker_filter_changed(self, text: str) -> None:
        self._filter_ids = {p.id for p in self.catalog.search(text)} if text.strip() else None
        self._update_markers()
        self.render()

    def set_layer(self, layer: str, visible: bool, opacity: float, render: bool = True) -> None:
        """Show/hide and fade one layer (skin, superficial, deep or bones)."""
        self._layers[layer] = LayerSettings(bool(visible), float(opacity))
        if layer == "skin":
            # Skin opacity lives in the vertex alpha, so painted areas can stay solid.
            style_visibility(self.skin_actor, visible, 1.0, cull=opacity < 0.99)
            alpha = overlay.skin_alpha(self._coverage, opacity)
            self.skin_mesh.point_data["overlay_rgba"][:, 3] = alpha
            self.skin_mesh.Modified()
        else:
            self.structures.set_layer(layer, visible, opacity)
        self._update_markers()
        if render:
            self.render()

    # Markers -------------------------------------------------------------

    def visible_markers(self) -> np.ndarray:
        """(n,) bool: markers shown now (layer shown, and passing both filters)."""
        selected_muscles = {self.catalog.get(tp_id).muscle.id for tp_id in self._selection}
        visible = np.ones(len(self.points), dtype=bool)
        for index, point in enumerate(self.points):
            structure = self.atlas.structures.get(point.structures[0]) if point.structures else None
            layer = layer_of(structure) if structure is not None else "superficial"
            if not self._layers[layer].visible:
                visible[index] = False
            elif self._only_selected_muscle and selected_muscles:
                visible[index] = point.muscle.id in selected_muscles
            if self._filter_ids is not None and point.id not in self._filter_ids:
                visible[index] = False
        return visible

    def _update_markers(self) -> None:
        selected = np.array([tp_id in self._selection for tp_id in self.marker_ids], dtype=bool)
        hovered = np.array([tp_id == self._hovered for tp_id in self.marker_ids], dtype=bool)
        scales = np.where(selected, 1.5, np.where(hovered, 1.3, 1.0))
        scales = np.where(self.visible_markers(), scales, 0.0)
        self.markers.update(scales, marker_colors(self.markers.base_colors, selected, hovered))

    def marker_position(self, tp_id: str) -> np.ndarray:
        """Centre of the marker of ``tp_id`` in mm."""
        return self.markers.positions[self._index[tp_id]]

    # Picking and camera --------------------------------------------------

    def pick(self, x: float, y: float, radius: float) -> str | None:
        """Trigger point id of the marker at display pixel ``x, y`` (VTK: y up), or None."""
        view = snapshot_view(self.plotter.renderer)
        index = pick_marker(
            self.markers.positions, self.visible_markers(), view, (x, y), radius, self._occluder
        )
        return None if index is None else self.marker_ids[index]

    def display_position(self, tp_id: str) -> tuple[float, float]:
        """Where marker ``tp_id`` appears now, in display pixels (VTK: y up)."""
        from explorer.scene.picking import project_to_display

        display, _ = project_to_display(
            self.marker_position(tp_id), snapshot_view(self.plotter.renderer)
        )
        return float(display[0, 0]), float(display[0, 1])

    def _occluders(self) -> list[tuple[str, object]]:
        occluders = self.structures.occluders()
        skin = self.skin_actor
        if skin.visibility and self._layers["skin"].opacity >= 0.99:
            if self._skin_locator is None:
                self._skin_locator = build_locator(self.skin_mesh)
            occluders.append(("skin", self._skin_locator))
        return occluders

    def _own_structures(self, marker_index: int) -> set[str]:
        return set(self.points[marker_index].structures)

    def bounds(self) -> np.ndarray:
        """(6,) bounds of all atlas structures."""
        vertices = np.vstack([s.vertices for s in self.atlas.structures.values()])
        low, high = vertices.min(axis=0), vertices.max(axis=0)
        return np.column_stack([low, high]).ravel()

    def view_pose(self, name: str) -> views.CameraPose:
        """Camera pose of preset ``name`` for this atlas."""
        return views.preset_pose(name, self.bounds())

    def show_view(self, name: str, render: bool = True) -> None:
        """Jump to preset ``name``."""
        views.apply_pose(self.plotter.renderer, self.view_pose(name))
        if render:
            self.render()

    def selection_pose(self, ids: Iterable[str]) -> views.CameraPose | None:
        """A pose showing the markers of ``ids`` and their painted area (None if empty)."""
        ids = tuple(ids)
        if not ids:
            return None
        points = [self.marker_position(tp_id) for tp_id in ids]
        fields = [self.engine.field(self.catalog.get(tp_id)) for tp_id in ids]
        painted = np.max([f.combined for f in fields], axis=0) > FRAMING_LEVEL
        cloud = np.vstack([np.array(points), self.skin_mesh.points[painted]])
        box = self.bounds().reshape(3, 2)
        body_centre = box.mean(axis=1)
        min_radius = 0.3 * 0.5 * float(np.linalg.norm(np.ptp(self.atlas.skin.vertices, axis=0)))
        return views.framing_pose(cloud, body_centre, min_radius)

    def apply_pose(self, pose: views.CameraPose, render: bool = True) -> None:
        """Move the camera to ``pose``."""
        views.apply_pose(self.plotter.renderer, pose)
        if render:
            self.render()

    def render(self) -> None:
        """Draw one frame."""
        self.plotter.render()
