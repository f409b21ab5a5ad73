"""What the 3D view shows for a quiz question, and from where, without giving the answer away.

* a painted pattern (``pattern_to_muscle``, ``tap_pattern_source``): the
  pattern alone, no marker or muscle highlighted, framed like a selection;
* a named point (``tap_named_point``): nothing painted, the whole body from
  the side the point is on, so finding it is the student's job;
* a highlighted muscle (``name_highlighted_muscle``): that muscle alone,
  isolated on its side with the skeleton faint (a deep muscle would hide
  under the others), and no markers at all (their colours would name it).

The answer itself is shown by selecting it, like any other selection.
"""

from __future__ import annotations

import numpy as np

from explorer.scene import views
from explorer.scene.isolate import MuscleIsolation
from explorer.scene.markers import NearestVertex
from explorer.scene.structures import point_normals

MASK_NAME = "quiz"
PAINTED_KINDS = frozenset({"pattern_to_muscle", "tap_pattern_source"})
#: Skin painted above this counts as the pattern when framing it.
PATTERN_LEVEL = 0.2
#: Smallest framing radius, as a share of the atlas's half size: enough to show where
#: on the body the pattern is, and (to find its source) what lies around it.
MIN_RADIUS_SHARE = {"pattern_to_muscle": 0.35, "tap_pattern_source": 0.55}


class QuizView:
    """Puts quiz questions on ``scene`` (an :class:`~explorer.scene.anatomy_scene.AnatomyScene`).

    Parameters
    ----------
    scene
        The scene to show questions in.
    state
        The app state holding the layer settings (see :class:`MuscleIsolation`).
    """

    def __init__(self, scene, state=None) -> None:
        self.scene = scene
        # A highlighted muscle is shown isolated: a deep one would hide under the others.
        self.isolation = MuscleIsolation(scene, state)
        self._skin_vertex: NearestVertex | None = None
        self._skin_normals = point_normals(scene.skin_mesh)

    def show(self, question) -> views.CameraPose:
        """Show ``question`` (see :class:`explorer.model.quiz.Question`); return the pose to use."""
        scene = self.scene
        self.isolation.restore()
        scene.structures.emphasise(set())
        if question.kind in PAINTED_KINDS:
            scene.set_marker_mask(MASK_NAME, None, render=False)
            scene.show_pattern([question.point_id], render=False)
            pose = self._pattern_pose(question.point_id, MIN_RADIUS_SHARE[question.kind])
        elif question.kind == "name_highlighted_muscle":
            scene.show_pattern([], render=False)
            self.isolation.isolate(question.point_id)
            # No markers: their colour would name the muscle.
            scene.set_marker_mask(MASK_NAME, np.zeros(len(scene.points), bool), render=False)
            pose = self._muscle_pose(self.isolation.structure_ids())
        else:
            scene.set_marker_mask(MASK_NAME, None, render=False)
            scene.show_pattern([], render=False)
            pose = self._whole_body_pose(scene.marker_position(question.point_id))
        scene.render()
        return pose

    def reveal(self) -> None:
        """Ready the scene for the answer's selection: markers back, an isolated muscle kept."""
        self.scene.set_marker_mask(MASK_NAME, None)

    def clear(self) -> None:
        """Take the question off the scene: layers and markers back, nothing painted."""
        self.isolation.restore()
        self.scene.set_marker_mask(MASK_NAME, None, render=False)
        self.scene.show_pattern([], render=False)
        self.scene.structures.emphasise(set())
        self.scene.render()

    def _pattern_pose(self, tp_id: str, min_share: float) -> views.CameraPose:
        """Framed on the painted pattern alone: framing the marker too would point at it."""
        field = self.scene.engine.field(self.scene.catalog.get(tp_id))
        intensity = field.combined
        painted = intensity > PATTERN_LEVEL
        vertices = np.asarray(self.scene.skin_mesh.points)[painted]
        direction = views.best_view_direction(self._skin_normals[painted], intensity[painted])
        return views.framing_pose(
            vertices, self._centre(), min_share * self._body_radius(), direction=direction
        )

    def _muscle_pose(self, structures: set[str]) -> views.CameraPose:
        meshes = [self.scene.structures.meshes[sid] for sid in sorted(structures)]
        vertices = np.vstack([np.asarray(mesh.points) for mesh in meshes])
        normals = np.vstack([point_normals(mesh) for mesh in meshes])
        direction = views.best_view_direction(normals, np.ones(len(normals)))
        # Wide enough to show the skeleton around it: a muscle is named by where it lies.
        radius = 0.6 * self._body_radius()
        return views.framing_pose(vertices, self._centre(), radius, direction=direction)

    def _whole_body_pose(self, marker: np.ndarray) -> views.CameraPose:
        """The whole atlas from the side whose skin lies over ``marker``."""
        skin = self.scene.skin_mesh
        if self._skin_vertex is None:
            self._skin_vertex = NearestVertex(skin)
        normal = self._skin_normals[self._skin_vertex.query(marker)[0]]
        direction = views.best_view_direction(normal[None, :], np.ones(1))
        up = np.array([0.0, 0.0, 1.0])
        return views.pose_from(self._centre(), direction, self._body_radius(), up)

    def _centre(self) -> np.ndarray:
        return self.scene.bounds().reshape(3, 2).mean(axis=1)

    def _body_radius(self) -> float:
        box = self.scene.bounds().reshape(3, 2)
        return 0.5 * float(np.max(box[:, 1] - box[:, 0]))
