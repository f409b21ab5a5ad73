"""Off-screen renders of chosen views: the handout's maps and "Save image".

:class:`SnapshotRenderer` builds one off-screen scene and renders a
selection from the views that show its pattern best, on a white background
(paper, slides). The views are picked the way the viewport frames a
selection (:func:`explorer.scene.views.best_view_direction`: the direction
facing the most painted skin), and the second view is the best one that
looks from a clearly different side, so the two pictures never repeat each
other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from explorer.model.atlas import Atlas
from explorer.model.content import Catalog
from explorer.model.referral import ReferralEngine
from explorer.model.state import LAYERS, LayerSettings
from explorer.scene import views
from explorer.scene.anatomy_scene import FRAMING_LEVEL, AnatomyScene
from explorer.scene.render import build_engine
from explorer.scene.structures import point_normals

#: The second view must look from at least this far round from the first.
MIN_VIEW_ANGLE_DEG = 70.0
#: A second view is worth showing only if it sees this share of the best view's paint.
MIN_SECOND_SCORE = 0.25
PAPER_WHITE = "white"
#: Sides seen, by azimuth of the camera around the head (RAS: +x right, +y front).
_SIDES = ("right", "front-right", "front", "front-left", "left", "back-left", "back", "back-right")


@dataclass(frozen=True)
class Snapshot:
    """One rendered view: the picture and the words that say where it is seen from."""

    image: np.ndarray = field(repr=False)  # (height, width, 3) uint8
    caption: str
    direction: tuple[float, float, float]


def side_caption(direction: np.ndarray) -> str:
    """Where a camera looking along ``-direction`` sees the head from, in plain words."""
    x, y, z = (float(value) for value in direction)
    if z > 0.9:
        return "Seen from above"
    azimuth = np.degrees(np.arctan2(y, x)) % 360.0
    side = _SIDES[round(float(azimuth) / 45.0) % len(_SIDES)]
    return "Seen from behind" if side == "back" else f"Seen from the {side}"


def rank_directions(normals: np.ndarray, weights: np.ndarray, count: int) -> list[np.ndarray]:
    """Up to ``count`` view directions, best first, each well round from the ones before.

    ``normals`` and ``weights`` are the painted skin's outward normals and
    intensities (as for :func:`~explorer.scene.views.best_view_direction`).
    """
    best = views.best_view_direction(normals, weights)
    chosen = [best]
    candidates = views.candidate_directions()
    scores = np.asarray(weights) @ np.clip(np.asarray(normals) @ candidates.T, 0.0, None)
    top = float(scores.max()) or 1.0
    for index in np.argsort(-scores, kind="stable"):
        if len(chosen) >= count:
            break
        direction = candidates[index]
        apart = all(
            np.degrees(np.arccos(np.clip(direction @ other, -1, 1))) >= MIN_VIEW_ANGLE_DEG
            for other in chosen
        )
        if apart and scores[index] >= MIN_SECOND_SCORE * top:
            chosen.append(direction)
    return chosen


def crop_to_content(image: np.ndarray, background, aspect: float = 0.8) -> np.ndarray:
    """``image`` cut to what differs from ``background``, padded to ``width / height = aspect``.

    Every view of a figure then has the same shape (so they line up on the
    page) and the head fills it, whatever room the framing left around it.
    """
    differs = np.any(np.abs(image.astype(int) - np.asarray(background)[:3]) > 8, axis=2)
    rows, columns = np.flatnonzero(differs.any(axis=1)), np.flatnonzero(differs.any(axis=0))
    if rows.size == 0:
        return image
    top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
    height, width = bottom - top, right - left
    margin = round(0.04 * max(height, width))
    height, width = height + 2 * margin, width + 2 * margin
    height, width = max(height, round(width / aspect)), max(width, round(height * aspect))
    canvas = np.empty((height, width, 3), dtype=np.uint8)
    canvas[:] = np.asarray(background, dtype=np.uint8)[:3]
    y, x = (height - (bottom - top)) // 2, (width - (right - left)) // 2
    canvas[y : y + bottom - top, x : x + right - left] = image[top:bottom, left:right]
    return canvas


class SnapshotRenderer:
    """One off-screen scene, reused for every picture of a handout.

    Parameters
    ----------
    atlas, catalog
        What to show.
    engine
        A referral engine to reuse (the window's, with its cached fields); a new one by default.
    size
        Width and height of each picture in pixels.
    background
        The scene's background colour (white for paper).
    """

    def __init__(
        self,
        atlas: Atlas,
        catalog: Catalog,
        engine: ReferralEngine | None = None,
        *,
        size: tuple[int, int] = (900, 900),
        background: str = PAPER_WHITE,
    ) -> None:
        self.plotter = pv.Plotter(off_screen=True, window_size=list(size))
        self.scene = AnatomyScene(self.plotter, atlas, catalog, engine or build_engine(atlas))
        self.plotter.set_background(background)
        # The pictures need neither the markers (under the skin anyway) nor the viewport's
        # legend: the page names the colours in text a reader can select.
        self.scene.marker_actor.visibility = False
        self._normals = point_normals(self.scene.skin_mesh)

    def __enter__(self) -> SnapshotRenderer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Release the render window."""
        self.plotter.close()

    def set_layers(self, layers: dict[str, LayerSettings]) -> None:
        """Show, hide and fade layers as in ``layers`` (e.g. the window's current ones)."""
        for name, settings in layers.items():
            self.scene.set_layer(name, settings.visible, settings.opacity, render=False)

    def hide_inner_layers(self) -> None:
        """Show the skin alone, opaque: the page shows where pain is felt, not the anatomy."""
        self.scene.set_layer("skin", True, 1.0, render=False)
        for name in LAYERS[1:]:
            self.scene.set_layer(name, False, 1.0, render=False)

    def render_selection(self, ids: Sequence[str], count: int = 2) -> list[Snapshot]:
        """Pictures of ``ids`` painted, from the ``count`` views that show the pattern best."""
        self._select(ids)
        intensity = np.max([self.scene.engine.field(self.scene.catalog.get(i)).combined
                            for i in ids], axis=0)  # fmt: skip
        painted = intensity > FRAMING_LEVEL
        directions = rank_directions(self._normals[painted], intensity[painted], count)
        cloud = self.scene.skin_mesh.points[painted]
        body_centre = self.scene.bounds().reshape(3, 2).mean(axis=1)
        min_radius = 0.3 * 0.5 * float(np.linalg.norm(np.ptp(self.scene.skin_mesh.points, axis=0)))
        shots = []
        for direction in directions:
            pose = views.framing_pose(cloud, body_centre, min_radius, direction=direction)
            self.scene.apply_pose(pose, render=False)
            picture = crop_to_content(self._grab(), self.plotter.background_color.int_rgb)
            shots.append(Snapshot(picture, side_caption(direction), tuple(direction)))
        return shots

    def render_pose(
        self, ids: Sequence[str], pose: views.CameraPose, *, legend: bool = True
    ) -> np.ndarray:
        """One picture of ``ids`` painted, seen from ``pose`` (e.g. the viewport's camera).

        ``legend`` keeps the viewport's colour legend (a slide has no other).
        """
        self._select(ids, legend)
        self.scene.apply_pose(pose, render=False)
        return self._grab()

    def _select(self, ids: Sequence[str], legend: bool = False) -> None:
        self.scene.on_selection_changed(tuple(ids), render=False)
        if not legend:
            self.scene.legend.show([])

    def _grab(self) -> np.ndarray:
        # Render first: an off-screen plotter's screenshot otherwise returns its last frame.
        self.plotter.render()
        return np.asarray(self.plotter.screenshot(return_img=True))[:, :, :3].copy()
