"""Muscle names on the model, each with a leader line to its muscle, placed every frame.

At the start of each frame (the renderer's ``StartEvent``, so no frame is
ever drawn for the labels alone) every visible muscle gets an anchor: a
point of its surface that faces the camera and that no opaque surface
hides, near the middle of what shows of it. One side is labelled per
muscle, the one that shows more (alternating between muscles when both
show alike, so labels spread over both sides). :func:`place_labels` then
finds each label a free place: on screen, clear of the other labels, the
legends, the anchors and the painted pattern.

The anchor candidates (a few dozen well-spread vertices per structure) are
picked once, when labels are first shown, so a frame costs one projection
of about a thousand points, a ray test per label and the layout.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D, vtkTextActor

from explorer.scene.label_layout import Occupancy, leader_end, place_labels
from explorer.scene.marker_style import muscle_marker_style
from explorer.scene.overlay import SKIN_RGB
from explorer.scene.picking import project_to_display, snapshot_view
from explorer.scene.sight_lines import SightLines
from explorer.scene.structures import point_normals

FONT_PX = 14
#: Well-spread surface points per structure that may carry a label's anchor.
ANCHORS_PER_STRUCTURE = 48
#: Anchors tried per muscle before it counts as hidden.
TRIES = 6
LEADER_RGB = (0.86, 0.86, 0.86)


def spread_vertices(vertices: np.ndarray, count: int) -> np.ndarray:
    """Indices of ``count`` vertices spread over the mesh (farthest-point order).

    Starts at the vertex nearest the centroid; deterministic.
    """
    vertices = np.asarray(vertices, dtype=float)
    count = min(count, len(vertices))
    chosen = [int(np.argmin(np.linalg.norm(vertices - vertices.mean(axis=0), axis=1)))]
    distance = np.linalg.norm(vertices - vertices[chosen[0]], axis=1)
    for _ in range(count - 1):
        chosen.append(int(np.argmax(distance)))
        distance = np.minimum(distance, np.linalg.norm(vertices - vertices[chosen[-1]], axis=1))
    return np.array(chosen, dtype=np.intp)


class _Candidates:
    """Anchor candidates of every (muscle, side): positions, normals and owner group."""

    def __init__(self, scene) -> None:
        self.groups: list[tuple[int, str, tuple[str, ...]]] = []  # (muscle index, side, ids)
        points, normals, owners = [], [], []
        actors = scene.structures.actors
        for index, muscle in enumerate(scene.catalog.muscles):
            for side in ("left", "right"):
                ids = tuple(f"{base}_{side}" for base in muscle.structures)
                ids = tuple(sid for sid in ids if sid in actors)
                if not ids:
                    continue
                for sid in ids:
                    mesh = scene.structures.meshes[sid]
                    picked = spread_vertices(mesh.points, ANCHORS_PER_STRUCTURE)
                    points.append(np.asarray(mesh.points)[picked])
                    normals.append(point_normals(mesh)[picked])
                    owners.append(np.full(len(picked), len(self.groups)))
                self.groups.append((index, side, ids))
        self.points = np.vstack(points) if points else np.zeros((0, 3))
        self.normals = np.vstack(normals) if normals else np.zeros((0, 3))
        self.owner = np.concatenate(owners) if owners else np.zeros(0, dtype=int)
        #: Candidate indices of each group.
        self.members = [np.flatnonzero(self.owner == group) for group in range(len(self.groups))]


class MuscleLabels:
    """Labels of the visible muscles in ``scene``, laid out at the start of every frame.

    Parameters
    ----------
    scene
        The :class:`~explorer.scene.anatomy_scene.AnatomyScene` to label.
    blocked
        Returns (k, 4) display boxes the labels must keep clear of (the legends).
    """

    def __init__(self, scene, blocked: Callable[[], np.ndarray] | None = None) -> None:
        self.scene, self.renderer = scene, scene.plotter.renderer
        self.blocked = blocked or (lambda: np.zeros((0, 4)))
        self.enabled = False
        #: Muscle id -> (x0, y0, x1, y1) display box of its label in the last frame.
        self.boxes: dict[str, np.ndarray] = {}
        #: Muscle id -> the (x, y) display point its leader line ends at.
        self.anchors: dict[str, np.ndarray] = {}
        self._candidates: _Candidates | None = None
        self._texts: dict[int, vtkTextActor] = {}
        self._sizes: dict[int, np.ndarray] = {}
        self._lines, self._lines_actor = _leader_actor()
        self._skin_normals = point_normals(scene.skin_mesh)
        self._painted = np.zeros(0, dtype=np.intp)
        self._painted_stamp: tuple[int, int] | None = None
        self.renderer.AddViewProp(self._lines_actor)

    def set_enabled(self, enabled: bool) -> None:
        """Show or hide the labels (shown from the next frame on)."""
        self.enabled = bool(enabled)
        if not self.enabled:
            self._hide_all()

    def update(self) -> None:
        """Place the labels for the frame about to be drawn (nothing when disabled)."""
        if not self.enabled:
            return
        if self._candidates is None:
            self._candidates = _Candidates(self.scene)
        view = snapshot_view(self.renderer)
        chosen = self._anchor_points(view)
        anchors = np.array([display for _, display in chosen]).reshape(-1, 2)
        sizes = np.array([self._size(index) for index, _ in chosen]).reshape(-1, 2)
        centre, _ = project_to_display(self.scene.bounds().reshape(3, 2).mean(axis=1), view)
        occupancy = Occupancy((view.width, view.height), self._painted_on_screen(view))
        boxes = place_labels(
            anchors, sizes, (view.width, view.height), centre[0], self.blocked(), occupancy
        )
        self._show(chosen, boxes)

    # Anchors -------------------------------------------------------------

    def _anchor_points(self, view) -> list[tuple[int, np.ndarray]]:
        """(muscle index, display xy) of an unhidden anchor for each visible muscle."""
        candidates = self._candidates
        display, in_front = project_to_display(candidates.points, view)
        facing = np.einsum("ij,ij->i", candidates.normals, view.eye - candidates.points) > 0
        # Only the half of the body turned to the camera: a back muscle seen through the
        # gaps between the ribs is no label for the front view.
        centre = self.scene.bounds().reshape(3, 2).mean(axis=1)
        towards_eye = (view.eye - centre) / np.linalg.norm(view.eye - centre)
        facing &= (candidates.points - centre) @ towards_eye > 0
        usable = facing & in_front & (display[:, 0] >= 0) & (display[:, 0] < view.width)
        usable &= (display[:, 1] >= 0) & (display[:, 1] < view.height)
        actors = self.scene.structures.actors
        shown = [any(actors[sid].GetVisibility() for sid in ids) for _, _, ids in candidates.groups]
        usable &= np.asarray(shown, dtype=bool)[candidates.owner]
        sight = SightLines(view.eye, candidates.points[usable], self.scene.occluders())
        # Index of each usable candidate in the sight lines.
        line_of = np.cumsum(usable) - 1
        sides: dict[int, list[int]] = {}
        for group, (muscle_index, _, _) in enumerate(candidates.groups):
            sides.setdefault(muscle_index, []).append(group)
        shown_per_group = np.bincount(candidates.owner[usable], minlength=len(candidates.groups))
        chosen = []
        for muscle_index, groups in sides.items():
            counts = [int(shown_per_group[group]) for group in groups]
            order = sorted(range(len(groups)), key=lambda i: -counts[i])
            if len(groups) == 2 and abs(counts[0] - counts[1]) <= 0.25 * max(counts):
                order = [muscle_index % 2, 1 - muscle_index % 2]  # both show alike: alternate
            for slot in order:
                point = self._unhidden(groups[slot], usable, display, sight, line_of)
                if point is not None:
                    chosen.append((muscle_index, point))
                    break
        return chosen

    def _unhidden(self, group: int, usable, display, sight, line_of) -> np.ndarray | None:
        """Display xy of the group's most central usable candidate that nothing hides."""
        candidates = self._candidates
        members = candidates.members[group]
        members = members[usable[members]]
        if len(members) == 0:
            return None
        middle = display[members].mean(axis=0)
        members = members[np.argsort(np.linalg.norm(display[members] - middle, axis=1))]
        own = set(candidates.groups[group][2])  # the muscle's own surface is no cover
        for member in members[:TRIES]:
            if not sight.hidden(int(line_of[member]), own):
                return display[member]
        return None

    def _painted_on_screen(self, view) -> np.ndarray:
        """Display xy of the painted skin vertices that face the camera."""
        skin = self.scene.skin_mesh
        painted = self._painted_vertices()
        if len(painted) == 0:
            return np.zeros((0, 2))
        points = np.asarray(skin.points)[painted]
        facing = np.einsum("ij,ij->i", self._skin_normals[painted], view.eye - points) > 0
        display, in_front = project_to_display(points[facing], view)
        return display[in_front]

    def _painted_vertices(self) -> np.ndarray:
        """Skin vertices the pattern paints (solid or striped), recounted only after a change."""
        skin, stripes = self.scene.skin_mesh, self.scene.hatching.mesh
        stamp = (skin.GetMTime(), stripes.GetMTime())
        if stamp != self._painted_stamp:
            fill = np.asarray(skin.point_data["overlay_rgba"])[:, :3]
            striped = np.asarray(stripes.point_data["hatch_rgba"])[:, 3] > 0
            self._painted = np.flatnonzero((fill != SKIN_RGB).any(axis=1) | striped)
            self._painted_stamp = stamp
        return self._painted

    # Actors --------------------------------------------------------------

    def _text(self, muscle_index: int) -> vtkTextActor:
        if muscle_index not in self._texts:
            muscle = self.scene.catalog.muscles[muscle_index]
            actor = vtkTextActor()
            actor.SetInput(muscle.name)
            prop = actor.GetTextProperty()
            prop.SetFontSize(FONT_PX)
            prop.SetColor(1.0, 1.0, 1.0)
            prop.SetBackgroundColor(0.08, 0.09, 0.11)
            prop.SetBackgroundOpacity(0.8)
            # A frame in the marker colour ties the label to the muscle's markers and legend row.
            prop.SetFrame(True)
            prop.SetFrameColor(*(c / 255 for c in muscle_marker_style(muscle_index).rgb))
            prop.SetFrameWidth(2)
            actor.SetVisibility(False)
            self.renderer.AddViewProp(actor)
            self._texts[muscle_index] = actor
        return self._texts[muscle_index]

    def _size(self, muscle_index: int) -> np.ndarray:
        """Width and height the label takes on screen, measured once."""
        if muscle_index not in self._sizes:
            bbox = [0.0, 0.0, 0.0, 0.0]
            self._text(muscle_index).GetBoundingBox(self.renderer, bbox)
            self._sizes[muscle_index] = np.array([bbox[1] - bbox[0], bbox[3] - bbox[2]]) + 2
        return self._sizes[muscle_index]

    def _show(self, chosen, boxes) -> None:
        self.boxes, self.anchors = {}, {}
        shown = set()
        segments = []
        for (muscle_index, anchor), box in zip(chosen, boxes, strict=True):
            if box is None:
                continue
            muscle_id = self.scene.catalog.muscles[muscle_index].id
            actor = self._text(muscle_index)
            actor.SetDisplayPosition(int(np.rint(box[0])) + 1, int(np.rint(box[1])) + 1)
            actor.SetVisibility(True)
            shown.add(muscle_index)
            self.boxes[muscle_id], self.anchors[muscle_id] = box, anchor
            segments.append((anchor, leader_end(anchor, box)))
        for muscle_index, actor in self._texts.items():
            if muscle_index not in shown:
                actor.SetVisibility(False)
        _set_segments(self._lines, segments)
        self._lines_actor.SetVisibility(bool(segments))

    def _hide_all(self) -> None:
        for actor in self._texts.values():
            actor.SetVisibility(False)
        self._lines_actor.SetVisibility(False)
        self.boxes, self.anchors = {}, {}

    def remove(self) -> None:
        """Take every label actor out of the renderer."""
        for actor in [*self._texts.values(), self._lines_actor]:
            self.renderer.RemoveViewProp(actor)
        self._texts.clear()


def _leader_actor() -> tuple[vtkPolyData, vtkActor2D]:
    data = vtkPolyData()
    data.SetPoints(vtkPoints())
    data.SetLines(vtkCellArray())
    data.SetVerts(vtkCellArray())
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(data)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    prop = actor.GetProperty()
    prop.SetColor(*LEADER_RGB)
    prop.SetLineWidth(1.5)
    prop.SetPointSize(5.0)  # the dot on the muscle where the line ends
    actor.SetVisibility(False)
    return data, actor


def _set_segments(data: vtkPolyData, segments) -> None:
    """Replace the lines (anchor -> label) and anchor dots of the leader layer."""
    points, lines, verts = vtkPoints(), vtkCellArray(), vtkCellArray()
    for anchor, end in segments:
        start_id = points.InsertNextPoint(float(anchor[0]), float(anchor[1]), 0.0)
        end_id = points.InsertNextPoint(float(end[0]), float(end[1]), 0.0)
        lines.InsertNextCell(2, (start_id, end_id))
        verts.InsertNextCell(1, (start_id,))
    data.SetPoints(points)
    data.SetLines(lines)
    data.SetVerts(verts)
    data.Modified()
