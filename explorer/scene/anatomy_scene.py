"""The 3D scene: skin with the referral overlay, structures, markers, highlight.

Every actor is added once, in the constructor. A selection change then costs
one in-place texture-coordinate assignment on the skin, a few property
changes and one render (see DESIGN.md, "Path of a click").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.content import Catalog, TriggerPoint
from explorer.model.referral import ReferralEngine
from explorer.model.state import LAYERS, AppState, LayerSettings, start_settings
from explorer.scene import framing, overlay, views
from explorer.scene.hatching import HatchLayer
from explorer.scene.lod import LevelOfDetail
from explorer.scene.marker_style import SHAPES, muscle_marker_style
from explorer.scene.markers import (
    MarkerGlyphs,
    NearestVertex,
    build_locator,
    marker_colors,
    marker_positions,
    muscle_marker_color,
)
from explorer.scene.motion import CameraMotion
from explorer.scene.picking import SegmentOccluder, pick_marker, snapshot_view
from explorer.scene.selection_legend import SelectionLegend
from explorer.scene.structures import (
    StructureActors,
    draw_directly,
    layer_of,
    point_normals,
    polydata,
    style_visibility,
)
from explorer.scene.zoom import ZoomLimits, keep_zoom_within

#: Stripe period of the spillover hatching, in mm on the skin.
STRIPE_PERIOD_MM = 7.0
#: Skin vertices painted above this level count as "the pattern" when framing the camera.
FRAMING_LEVEL = 0.2
BACKGROUND = "#20242b"
#: Camera poses remembered for this many multi-selections (a few hundred bytes each).
#: Single selections are all kept: they are bounded by the catalog, and the
#: background precompute fills them so that no click computes one.
POSE_CACHE_SIZE = 512


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
    include_at_risk
        Whether the structures at risk are in the scene at all (hidden until
        their layer is shown); the kiosk builds its scene without them.
    """

    def __init__(
        self,
        plotter: pv.Plotter,
        atlas: Atlas,
        catalog: Catalog,
        engine: ReferralEngine,
        *,
        include_at_risk: bool = True,
    ) -> None:
        self.plotter, self.atlas, self.catalog, self.engine = plotter, atlas, catalog, engine
        plotter.set_background(BACKGROUND)
        self.skin_mesh = self._add_skin()
        self.structures = StructureActors(plotter, atlas, include_at_risk)
        self.points: tuple[TriggerPoint, ...] = catalog.trigger_points()
        self.marker_ids = tuple(point.id for point in self.points)
        self._index = {tp_id: index for index, tp_id in enumerate(self.marker_ids)}
        self._marker_layer, self._marker_muscle = self._marker_groups()
        self.markers = self._add_markers()
        self._layers = {layer: start_settings(layer) for layer in LAYERS}
        for layer, settings in self._layers.items():
            if not settings.visible:  # the structures at risk start hidden
                self.structures.set_layer(layer, settings.visible, settings.opacity)
        self._selection: tuple[str, ...] = ()
        self._hovered: str | None = None
        self._only_selected_muscle = False
        self._filter_mask: np.ndarray | None = None
        #: Further (n,) bool marker filters by name, e.g. "isolate" (see set_marker_mask).
        self._marker_masks: dict[str, np.ndarray] = {}
        self._skin_locator = None
        self._skin_normals: np.ndarray | None = None  # for choosing selection views
        self._bounds: np.ndarray | None = None
        self._poses: dict[tuple[str, ...], views.CameraPose] = {}
        self._single_poses: dict[tuple[str, ...], views.CameraPose] = {}
        self._skin_vertex: NearestVertex | None = None
        self._skin_diagonal = float(np.linalg.norm(np.ptp(self.atlas.skin.vertices, axis=0)))
        #: Size of a selected marker relative to the others (the needle view shrinks it,
        #: so that it does not cover the short line from the skin to the point).
        self.selected_marker_scale = 1.5
        #: Set by a Qt host to turn :meth:`render` into a repaint request (see there).
        self.request_frame: Callable[[], None] | None = None
        #: Who moves the camera; while anything does, frames draw decimated meshes (lod.py).
        self.motion = CameraMotion(LevelOfDetail.for_scene(self), self.render)
        #: Nearest and farthest zoom, kept before every render (zoom.py).
        self.zoom_limits = keep_zoom_within(plotter, ZoomLimits.for_bounds(self.bounds()))
        self.show_view(views.DEFAULT_VIEW, render=False)

    # Building ------------------------------------------------------------

    def _add_skin(self) -> pv.PolyData:
        mesh = polydata(self.atlas.skin)
        if mesh.n_points != self.engine.n_vertices:
            raise ValueError("the referral engine was built on a different skin mesh")
        arrays = overlay.overlay_arrays([], mesh.n_points)
        self._coverage = arrays.coverage
        rgba = np.column_stack([arrays.rgb, overlay.skin_alpha(arrays.coverage, 1.0)])
        mesh.point_data["overlay_rgba"] = rgba
        self.skin_actor = self.plotter.add_mesh(
            mesh, scalars="overlay_rgba", rgba=True, name="skin"
        )
        self.skin_actor.prop.specular = 0.1
        draw_directly(self.skin_actor, mesh, "overlay_rgba")
        # Written through a plain view, marked modified once per change (see _paint).
        self._skin_rgba = np.asarray(mesh.point_data["overlay_rgba"])
        #: Skin vertices the last paint coloured: the next one resets only these to bare skin.
        self._painted = np.zeros(0, np.intp)
        #: Whether every vertex's alpha is what _coverage and the skin's opacity give
        #: (the needle view fades the whole skin; the next paint then writes all alphas).
        self._alpha_follows_coverage = True
        # Stripes (spillover, overlaps) and the compare legend live in their own actors.
        self.hatching = HatchLayer(self.plotter, mesh, STRIPE_PERIOD_MM)
        self.legend = SelectionLegend(self.plotter.renderer)
        return mesh

    def _marker_groups(self) -> tuple[np.ndarray, np.ndarray]:
        """Per marker: index into ``LAYERS`` and into the catalog's muscles.

        Computed once, so that marker visibility at click time is array
        arithmetic whose cost does not depend on Python loops over the points.
        """
        muscle_index = {muscle.id: index for index, muscle in enumerate(self.catalog.muscles)}
        layers, muscles = [], []
        for point in self.points:
            structure = self.atlas.structures.get(point.structures[0]) if point.structures else None
            layer = layer_of(structure) if structure is not None else "superficial"
            layers.append(LAYERS.index(layer))
            muscles.append(muscle_index[point.muscle.id])
        return np.array(layers, dtype=np.intp), np.array(muscles, dtype=np.intp)

    def _structure_locator(self, sid: str):
        """The picking locator of an added structure (None for one not in the scene)."""
        return self.structures.locator(sid) if sid in self.structures.meshes else None

    def _add_markers(self) -> MarkerGlyphs:
        positions = marker_positions(self.points, self.atlas, self._structure_locator)
        diagonal = float(np.linalg.norm(np.ptp(self.atlas.skin.vertices, axis=0)))
        # Colours repeat after six muscles; the shape tells those muscles apart. One
        # look per muscle, taken per marker by index: no Python loop over thousands.
        muscles = range(len(self.catalog.muscles))
        colors = np.array([muscle_marker_color(index) for index in muscles], np.uint8)
        shapes = [SHAPES.index(muscle_marker_style(index).shape) for index in muscles]
        glyphs = MarkerGlyphs(
            positions.reshape(-1, 3),
            colors.reshape(-1, 3)[self._marker_muscle],
            radius=np.clip(diagonal * 0.012, 2.5, 5.0),
            shapes=np.array(shapes, dtype=np.intp)[self._marker_muscle],
        )
        self.marker_actor = self.plotter.add_mesh(
            glyphs.mesh, scalars="rgb", rgb=True, name="markers", show_scalar_bar=False
        )
        self.marker_actor.prop.ambient = 0.35
        draw_directly(self.marker_actor, glyphs.mesh, "rgb")
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
        """Paint the referral of ``ids`` (a colour each), highlight their markers and muscles."""
        self._selection = tuple(ids)
        points = [self.catalog.get(tp_id) for tp_id in self._selection]
        self._paint(points)
        self.legend.show([(p.label, overlay.point_colours(i).solid) for i, p in enumerate(points)])
        self.structures.emphasise({sid for point in points for sid in point.structures})
        self._update_markers()
        if render:
            self.render()

    def show_pattern(self, ids: Iterable[str], render: bool = True) -> None:
        """Paint the referral of ``ids`` alone: no marker or muscle gives away whose it is.

        For quiz questions; the next selection change paints over it.
        """
        self._paint([self.catalog.get(tp_id) for tp_id in ids])
        if render:
            self.render()

    def _paint(self, points: list[TriggerPoint]) -> None:
        fields = [self.engine.field(point) for point in points]
        painted = overlay.support_overlay(fields)
        # In place: the arrays VTK already holds get new values; nothing is re-added.
        # Only the last pattern's vertices and the new one's are written: everywhere
        # else the skin is bare already, so a click costs what the pattern covers.
        rgba, old, new = self._skin_rgba, self._painted, painted.support
        rgba[old, :3] = overlay.SKIN_RGB
        self._coverage[old] = 0.0
        rgba[new, :3] = painted.rgb
        self._coverage[new] = painted.coverage
        changed = np.union1d(old, new) if self._alpha_follows_coverage else slice(None)
        opacity = self._layers["skin"].opacity
        rgba[changed, 3] = overlay.skin_alpha(self._coverage[changed], opacity)
        self._painted, self._alpha_follows_coverage = new, True
        self._skin_modified()
        self.hatching.paint(new, painted.stripe_rgb, painted.stripe_alpha)

    def _skin_modified(self) -> None:
        self.skin_mesh.GetPointData().GetArray("overlay_rgba").Modified()
        self.skin_mesh.Modified()

    def fade_skin(self, alpha: int) -> None:
        """Give every skin vertex, painted or not, the alpha ``alpha`` (0..255).

        For the needle view, which must see through the pattern too; the next
        :meth:`set_layer` of the skin (or paint) puts the layer's alpha back.
        """
        self._skin_rgba[:, 3] = alpha
        self._alpha_follows_coverage = False
        self._skin_modified()

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
        self._filter_mask = None
        if text.strip():
            self._filter_mask = np.zeros(len(self.points), dtype=bool)
            self._filter_mask[[self._index[p.id] for p in self.catalog.search(text)]] = True
        self._update_markers()
        self.render()

    def layer_settings(self, layer: str) -> LayerSettings:
        """Visibility and opacity the scene shows ``layer`` with now."""
        return self._layers[layer]

    def set_layer(self, layer: str, visible: bool, opacity: float, render: bool = True) -> None:
        """Show/hide and fade one layer (skin, superficial, deep, bones or at_risk)."""
        self._layers[layer] = LayerSettings(bool(visible), float(opacity))
        if layer == "skin":
            # Skin opacity lives in the vertex alpha, so painted areas can stay solid.
            style_visibility(self.skin_actor, visible, 1.0, cull=opacity < 0.99)
            self.hatching.set_visible(visible)
            self._skin_rgba[:, 3] = overlay.skin_alpha(self._coverage, opacity)
            self._alpha_follows_coverage = True
            self._skin_modified()
        else:
            self.structures.set_layer(layer, visible, opacity)
        self._update_markers()
        if render:
            self.render()

    # Markers -------------------------------------------------------------

    def visible_markers(self) -> np.ndarray:
        """(n,) bool: markers shown now (layer shown, and passing both filters)."""
        layer_shown = np.array([self._layers[layer].visible for layer in LAYERS], dtype=bool)
        visible = layer_shown[self._marker_layer]
        if self._only_selected_muscle and self._selection:
            chosen = self._marker_muscle[self._mask(self._selection)]
            visible &= np.isin(self._marker_muscle, chosen)
        if self._filter_mask is not None:
            # A search never hides the selected point.
            visible &= self._filter_mask | self._mask(self._selection)
        for mask in self._marker_masks.values():
            visible &= mask
        return visible

    def set_marker_mask(self, name: str, mask: np.ndarray | None, render: bool = True) -> None:
        """Show only the markers ``mask`` (n,) bool keeps, under ``name``; None drops it."""
        if mask is None:
            self._marker_masks.pop(name, None)
        else:
            self._marker_masks[name] = np.asarray(mask, dtype=bool)
        self._update_markers()
        if render:
            self.render()

    def _mask(self, ids: Iterable[str]) -> np.ndarray:
        """(n,) bool marking the markers of ``ids``; costs O(len(ids)) in Python."""
        mask = np.zeros(len(self.points), dtype=bool)
        mask[[self._index[tp_id] for tp_id in ids]] = True
        return mask

    def _update_markers(self) -> None:
        selected = self._mask(self._selection)
        hovered = self._mask([self._hovered] if self._hovered is not None else [])
        scales = np.where(selected, self.selected_marker_scale, np.where(hovered, 1.3, 1.0))
        scales = np.where(self.visible_markers(), scales, 0.0)
        self.markers.update(scales, marker_colors(self.markers.base_colors, selected, hovered))

    def marker_position(self, tp_id: str) -> np.ndarray:
        """Centre of the marker of ``tp_id`` in mm."""
        return self.markers.positions[self._index[tp_id]]

    # Picking and camera --------------------------------------------------

    def pick(self, x: float, y: float, radius: float) -> str | None:
        """Trigger point id of the marker at display pixel ``x, y`` (VTK: y up), or None."""
        view = snapshot_view(self.plotter.renderer)
        # Which surfaces occlude is fixed for one pick: ask once, not once per nearby marker
        # (dense markers put many within the radius), and only if a marker is near at
        # all: the hover picks on every mouse move, mostly over bare background.
        asked: list[list[tuple[str, object]]] = []

        def occluders() -> list[tuple[str, object]]:
            if not asked:
                asked.append(self._occluders())
            return asked[0]

        blocked = SegmentOccluder(occluders, self._own_structures)
        index = pick_marker(
            self.markers.positions, self.visible_markers(), view, (x, y), radius, blocked
        )
        return None if index is None else self.marker_ids[index]

    def display_position(self, tp_id: str) -> tuple[float, float]:
        """Where marker ``tp_id`` appears now, in display pixels (VTK: y up)."""
        from explorer.scene.picking import project_to_display

        display, _ = project_to_display(
            self.marker_position(tp_id), snapshot_view(self.plotter.renderer)
        )
        return float(display[0, 0]), float(display[0, 1])

    def occluders(self) -> list[tuple[str, object]]:
        """(name, cell locator) of every surface that hides what lies behind it now."""
        return self._occluders()

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
        """(6,) bounds of all atlas structures (computed once: every click frames with it)."""
        if self._bounds is None:
            vertices = np.vstack([s.vertices for s in self.atlas.structures.values()])
            low, high = vertices.min(axis=0), vertices.max(axis=0)
            self._bounds = np.column_stack([low, high]).ravel()
        return self._bounds.copy()

    def view_pose(self, name: str) -> views.CameraPose:
        """Camera pose of preset ``name`` for this atlas."""
        return views.preset_pose(name, self.bounds())

    def show_view(self, name: str, render: bool = True) -> None:
        """Jump to preset ``name``."""
        views.apply_pose(self.plotter.renderer, self.view_pose(name))
        if render:
            self.render()

    def selection_pose(self, ids: Iterable[str]) -> views.CameraPose | None:
        """A pose showing the markers of ``ids`` and their painted area (None if empty).

        Cached per selection: it depends only on fixed geometry and cached
        fields, and every click asks for it.
        """
        ids = tuple(ids)
        if not ids:
            return None
        cache = self._single_poses if len(ids) == 1 else self._poses
        if ids not in cache:
            if cache is self._poses and len(cache) >= POSE_CACHE_SIZE:
                cache.pop(next(iter(cache)))  # oldest first: dicts keep order
            cache[ids] = self._compute_selection_pose(ids)
        return cache[ids]

    def _compute_selection_pose(self, ids: tuple[str, ...]) -> views.CameraPose:
        points = [self.marker_position(tp_id) for tp_id in ids]
        fields = [self.engine.field(self.catalog.get(tp_id)) for tp_id in ids]
        intensity = np.max([f.combined for f in fields], axis=0)
        painted = intensity > FRAMING_LEVEL
        box = self.bounds().reshape(3, 2)
        min_radius = 0.3 * 0.5 * self._skin_diagonal
        # The head stays whole in view and no opaque layer hides a marker (framing.py).
        occluders = self._occluders()
        blocked = SegmentOccluder(lambda: occluders, self._own_structures)
        rows = [self._index[tp_id] for tp_id in ids]
        return framing.selection_pose(
            np.array(points),
            self.skin_mesh.points[painted],
            framing.head_box(self.skin_mesh.points),
            box.mean(axis=1),
            min_radius,
            *self._facing_weights(points, intensity, painted),
            hidden=lambda eye, row: blocked(eye, points[row], rows[row]),
        )

    def _facing_weights(self, points, intensity, painted) -> tuple[np.ndarray, np.ndarray]:
        """Skin normals to face: the painted vertices, and the skin over each marker.

        The marker counts as much as a quarter of the pattern, so the view
        shows where the pain starts as well as where it is felt.
        """
        if self._skin_normals is None:
            self._skin_normals = point_normals(self.skin_mesh)
        normals = self._skin_normals[painted]
        weights = intensity[painted].astype(float)
        if self._skin_vertex is None:
            # Built once; pyvista's find_closest_point builds a locator on every call.
            self._skin_vertex = NearestVertex(self.skin_mesh)
        over_markers = self._skin_vertex.query(points)
        marker_weight = 0.25 * max(float(weights.sum()), 1.0) / len(points)
        normals = np.vstack([normals, self._skin_normals[over_markers]])
        weights = np.concatenate([weights, np.full(len(points), marker_weight)])
        return normals, weights

    def apply_pose(self, pose: views.CameraPose, render: bool = True) -> None:
        """Move the camera to ``pose``."""
        views.apply_pose(self.plotter.renderer, pose)
        if render:
            self.render()

    def render(self) -> None:
        """Draw one frame, or ask the host widget for one.

        In a Qt widget every paint renders the scene anyway, so a direct
        render would draw each frame twice; with ``request_frame`` set the
        frame is drawn once, by the next paint.
        """
        if self.request_frame is not None:
            self.request_frame()
        else:
            self.plotter.render()
