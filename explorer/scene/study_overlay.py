"""The study layer of a scene: muscle labels and the legend, laid out as each frame starts.

One observer on the renderer's ``StartEvent`` updates both, the legend first
(the labels keep clear of it), so a camera turn moves the labels in the very
frame it draws and nothing ever renders for them alone. While a quiz asks a
question both step aside (:meth:`StudyOverlay.suspend`): a label or a legend
row would give the answer away.
"""

from __future__ import annotations

import numpy as np

from explorer.scene.labels import MuscleLabels
from explorer.scene.markers import NearestVertex
from explorer.scene.picking import project_to_display, snapshot_view
from explorer.scene.structures import point_normals
from explorer.scene.study_legend import StudyLegend

#: Cosine between the skin's normal over a marker and the view below which it faces away.
FACING_SLACK = -0.25


class StudyOverlay:
    """Labels and legend of ``scene``, both off until enabled.

    Parameters
    ----------
    scene
        The :class:`~explorer.scene.anatomy_scene.AnatomyScene` to annotate.
    """

    def __init__(self, scene) -> None:
        self.scene = scene
        self.renderer = scene.plotter.renderer
        muscles = scene.catalog.muscles
        self.legend = StudyLegend(self.renderer, [muscle.name for muscle in muscles])
        self.legend.set_enabled(False)
        self.labels = MuscleLabels(scene, blocked=self.blocked_boxes)
        index = {muscle.id: number for number, muscle in enumerate(muscles)}
        self._muscle_of_marker = np.array([index[p.muscle.id] for p in scene.points], np.intp)
        self._marker_normals: np.ndarray | None = None  # outward, from the skin over each marker
        self._wanted = {"labels": False, "legend": False}
        self.suspended = False
        self._observer = self.renderer.AddObserver("StartEvent", self._on_frame_start)

    def set_labels(self, enabled: bool) -> None:
        """Show or hide the muscle labels (from the next frame)."""
        self._wanted["labels"] = bool(enabled)
        self.labels.set_enabled(enabled and not self.suspended)

    def set_legend(self, enabled: bool) -> None:
        """Show or hide the legend (from the next frame)."""
        self._wanted["legend"] = bool(enabled)
        self.legend.set_enabled(enabled and not self.suspended)

    def suspend(self, suspended: bool) -> None:
        """Hide both while ``suspended`` (a quiz question), then bring back what was on."""
        self.suspended = bool(suspended)
        self.set_labels(self._wanted["labels"])
        self.set_legend(self._wanted["legend"])

    def muscles_on_screen(self) -> np.ndarray:
        """Catalog indices of the muscles with a marker shown on this side of the body.

        A marker counts when it is shown, inside the view, and the skin over it
        does not face away from the camera: in a view from behind, the face's
        markers show through the see-through skin but are not what the
        student looks at.
        """
        if self._marker_normals is None:
            skin = self.scene.skin_mesh
            nearest = NearestVertex(skin).query(self.scene.markers.positions)
            self._marker_normals = point_normals(skin)[nearest]
        view = snapshot_view(self.renderer)
        positions = self.scene.markers.positions
        display, in_front = project_to_display(positions, view)
        shown = self.scene.visible_markers() & in_front
        shown &= (display[:, 0] >= 0) & (display[:, 0] < view.width)
        shown &= (display[:, 1] >= 0) & (display[:, 1] < view.height)
        towards_eye = view.eye - positions
        towards_eye /= np.linalg.norm(towards_eye, axis=1, keepdims=True)
        # A little past side-on still counts: markers on the top of the shoulder or the
        # side of the head are in plain sight from behind.
        shown &= np.einsum("ij,ij->i", self._marker_normals, towards_eye) > FACING_SLACK
        return np.unique(self._muscle_of_marker[shown])

    def blocked_boxes(self) -> np.ndarray:
        """(k, 4) display boxes of the legends, which labels must not cover."""
        boxes = [self.legend.box] if self.legend.box is not None else []
        # The comparison legend (scene/selection_legend.py) has the opposite corner.
        compare = getattr(self.scene, "legend", None)
        for actor in [*getattr(compare, "swatches", ()), *getattr(compare, "labels", ())]:
            if actor.GetVisibility():
                bbox = [0.0, 0.0, 0.0, 0.0]
                actor.GetBoundingBox(self.renderer, bbox)
                boxes.append(np.array([bbox[0], bbox[2], bbox[1], bbox[3]]))
        return np.array(boxes, dtype=float).reshape(-1, 4)

    def _on_frame_start(self, *_args) -> None:
        # Only a shown legend needs the muscles on screen: finding them costs a
        # projection of every marker (and, the first time, a nearest-vertex
        # search for each), about half a second at 5,000 trigger points.
        if self.legend.enabled:
            self.legend.update(self.muscles_on_screen(), tuple(self.renderer.GetSize()))
        self.labels.update()

    def remove(self) -> None:
        """Stop following frames and take the labels out."""
        self.renderer.RemoveObserver(self._observer)
        self.labels.remove()
