"""Headless rendering of a scene to a PNG, for ``app.py render`` and screenshots."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.content import Catalog
from explorer.model.referral import ReferralEngine
from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.needle_view import NeedleView
from explorer.scene.study_overlay import StudyOverlay

#: Skin opacity of a render with labels (the window's start-up value).
LABELLED_SKIN_OPACITY = 0.6


def build_engine(atlas: Atlas, cache_dir: Path | None = None) -> ReferralEngine:
    """The referral engine for ``atlas``'s skin."""
    skin = atlas.skin
    # The graph is built by the first field, not here: the window shows sooner.
    return ReferralEngine(
        skin.vertices,
        skin.faces,
        atlas.landmark_positions(),
        cache_dir=cache_dir,
        build_graph=False,
    )


def render_png(
    atlas: Atlas,
    catalog: Catalog,
    output: Path,
    *,
    selection: Sequence[str] = (),
    view: str | None = None,
    size: tuple[int, int] = (1024, 768),
    hidden_layers: Sequence[str] = (),
    shown_layers: Sequence[str] = (),
    layer_opacity: dict[str, float] | None = None,
    labels: bool = False,
    legend: bool = False,
    needle: bool = False,
) -> Path:
    """Render the atlas with ``selection`` painted and write a PNG.

    Parameters
    ----------
    view
        A preset name; ``None`` frames the selection (or shows the default
        view when nothing is selected).
    size
        Width and height in pixels.
    hidden_layers
        Layers to hide (skin, superficial, deep, bones, at_risk).
    shown_layers
        Layers to show that start hidden (at_risk, the structures at risk).
    layer_opacity
        Opacity per layer; layers not named stay opaque.
    labels, legend
        Name the visible muscles on the model (the skin then see-through unless
        ``layer_opacity`` says otherwise); draw the key (scene/study_overlay.py).
    needle
        Show the needle view of the one selected point (scene/needle_view.py):
        its structures at risk, the approach line and the distances.
    """
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    try:
        scene = AnatomyScene(plotter, atlas, catalog, build_engine(atlas))
        layer_opacity = dict(layer_opacity or {})
        if labels:
            # Labels name muscles, which lie under the skin: see through it, as the window does.
            layer_opacity.setdefault("skin", LABELLED_SKIN_OPACITY)
        for layer, opacity in layer_opacity.items():
            scene.set_layer(layer, True, opacity, render=False)
        for layer in shown_layers:
            scene.set_layer(layer, True, layer_opacity.get(layer, 1.0), render=False)
        for layer in hidden_layers:
            scene.set_layer(layer, False, 1.0, render=False)
        scene.on_selection_changed(selection, render=False)
        needle_pose = None
        if needle and len(selection) == 1:
            needle_view = NeedleView(scene)
            needle_view.show(selection[0], render=False)
            needle_pose = needle_view.pose()
        if labels or legend:
            study = StudyOverlay(scene)
            study.set_labels(labels)
            study.set_legend(legend)
        pose = (needle_pose or scene.selection_pose(selection)) if view is None else None
        if pose is not None:
            scene.apply_pose(pose, render=False)
        else:
            scene.show_view(view or "anterior", render=False)
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        plotter.screenshot(str(output))
    finally:
        plotter.close()
    return output
