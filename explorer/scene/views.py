"""Camera presets as data, plus framing and easing of camera poses.

Everything here is plain numpy on the atlas frame (RAS mm: +x = the
subject's right, +y = anterior, +z = superior), so it is testable without
a render window; :func:`apply_pose` is the one place that touches a camera.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Vertical field of view (degrees) every pose is computed for.
VIEW_ANGLE = 30.0
#: Room left around the framed points, as a factor on their bounding radius.
MARGIN = 1.25  # room around the framed sphere, so a pattern never touches the edge


@dataclass(frozen=True)
class ViewPreset:
    """A named direction to look from.

    Attributes
    ----------
    name
        Identifier used by the CLI (``--view``) and settings.
    label
        Text for buttons and menus.
    key
        Keyboard shortcut in the GUI.
    direction
        Unit vector from the focal point towards the camera.
    view_up
        Which way is up on screen.
    """

    name: str
    label: str
    key: str
    direction: tuple[float, float, float]
    view_up: tuple[float, float, float]


def _unit(vector: tuple[float, float, float]) -> tuple[float, float, float]:
    array = np.asarray(vector, dtype=float)
    return tuple(float(value) for value in array / np.linalg.norm(array))


# "left" looks at the subject's left side, so the camera sits at -x.
PRESETS: tuple[ViewPreset, ...] = (
    ViewPreset("anterior", "Front", "1", (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    ViewPreset("posterior", "Back", "2", (0.0, -1.0, 0.0), (0.0, 0.0, 1.0)),
    ViewPreset("left", "Left", "3", (-1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    ViewPreset("right", "Right", "4", (1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    ViewPreset("superior", "Top", "5", (0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
    ViewPreset(
        "posterior_oblique", "Back-left oblique", "6", _unit((-1.0, -1.0, 0.35)), (0.0, 0.0, 1.0)
    ),
)
PRESETS_BY_NAME = {preset.name: preset for preset in PRESETS}
#: The view shown at start-up and by "reset".
DEFAULT_VIEW = "anterior"


@dataclass(frozen=True)
class CameraPose:
    """Where the camera is, what it looks at and which way is up (all in mm)."""

    position: np.ndarray
    focal_point: np.ndarray
    view_up: np.ndarray

    @property
    def distance(self) -> float:
        """Distance from the camera to its focal point."""
        return float(np.linalg.norm(self.position - self.focal_point))


def preset(name: str) -> ViewPreset:
    """Return the preset called ``name``; ``KeyError`` lists the valid names."""
    try:
        return PRESETS_BY_NAME[name]
    except KeyError:
        names = ", ".join(PRESETS_BY_NAME)
        raise KeyError(f"unknown view '{name}'; expected one of {names}") from None


def preset_pose(name: str, bounds: np.ndarray, view_angle: float = VIEW_ANGLE) -> CameraPose:
    """Pose of preset ``name`` framing the box ``bounds`` (xmin, xmax, ymin, ymax, zmin, zmax)."""
    box = np.asarray(bounds, dtype=float).reshape(3, 2)
    centre, size = box.mean(axis=1), box[:, 1] - box[:, 0]
    view = preset(name)
    direction = np.asarray(view.direction)
    # Only the extent across the screen matters, not the depth along the view.
    across = np.abs(size - np.dot(size, direction) * direction)
    radius = 0.5 * float(
        np.linalg.norm(across) / np.sqrt(2) if _oblique(direction) else across.max()
    )
    return pose_from(centre, direction, radius, np.asarray(view.view_up), view_angle)


def _oblique(direction: np.ndarray) -> bool:
    """Whether ``direction`` is not along one axis (the box then shows a diagonal)."""
    return not np.allclose(np.abs(direction), np.round(np.abs(direction)))


def pose_from(
    centre: np.ndarray,
    direction: np.ndarray,
    radius: float,
    view_up: np.ndarray,
    view_angle: float = VIEW_ANGLE,
) -> CameraPose:
    """Pose looking at ``centre`` from ``direction`` so a sphere of ``radius`` fits the view."""
    direction = np.asarray(direction, dtype=float)
    direction = direction / np.linalg.norm(direction)
    distance = MARGIN * radius / np.sin(np.radians(view_angle) / 2.0)
    return CameraPose(
        position=np.asarray(centre, dtype=float) + distance * direction,
        focal_point=np.asarray(centre, dtype=float),
        view_up=_orthogonal_up(direction, np.asarray(view_up, dtype=float)),
    )


def framing_pose(
    points: np.ndarray,
    body_centre: np.ndarray,
    min_radius: float,
    view_angle: float = VIEW_ANGLE,
    direction: np.ndarray | None = None,
) -> CameraPose:
    """Pose that shows ``points`` (a trigger point and its referral area) from outside.

    ``direction`` (see :func:`best_view_direction`) says where to look from;
    without it the camera looks from the body centre out through the points'
    centroid. The radius never drops below ``min_radius`` so a single spot
    does not fill the screen.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    low, high = points.min(axis=0), points.max(axis=0)
    centre = 0.5 * (low + high)
    radius = max(0.5 * float(np.linalg.norm(high - low)), min_radius)
    if direction is None:
        direction = centre - np.asarray(body_centre, dtype=float)
    if np.linalg.norm(direction) < 1e-6:
        direction = np.array(PRESETS_BY_NAME[DEFAULT_VIEW].direction)
    up = np.array([0.0, 0.0, 1.0])
    return pose_from(centre, direction, radius, up, view_angle)


def candidate_directions(elevation_deg: float = 15.0, azimuths: int = 12) -> np.ndarray:
    """Unit view directions around the head, slightly from above, plus straight down.

    Patients recognise their head from the side, front and back; a view from
    the top is offered only for patterns that lie on the crown.
    """
    elevation = np.radians(elevation_deg)
    angles = np.linspace(0.0, 2 * np.pi, azimuths, endpoint=False)
    ring = np.column_stack(
        [
            np.cos(angles) * np.cos(elevation),
            np.sin(angles) * np.cos(elevation),
            np.full(azimuths, np.sin(elevation)),
        ]
    )
    return np.vstack([ring, [[0.0, 0.0, 1.0]]])


def best_view_direction(
    normals: np.ndarray, weights: np.ndarray, top_view_handicap: float = 0.75
) -> np.ndarray:
    """The candidate direction that faces the most painted skin.

    Parameters
    ----------
    normals
        (N, 3) outward skin normals of the painted vertices (and the marker's
        nearest skin vertex, which the caller weighs more).
    weights
        (N,) importance of each, e.g. intensity times vertex area.
    top_view_handicap
        The straight-down view's score is multiplied by this, so it wins only
        when the pattern really sits on the crown.
    """
    directions, scores = view_direction_scores(normals, weights, top_view_handicap)
    return directions[int(np.argmax(scores))]


def view_direction_scores(
    normals: np.ndarray, weights: np.ndarray, top_view_handicap: float = 0.75
) -> tuple[np.ndarray, np.ndarray]:
    """Every :func:`candidate_directions` and how much painted skin it faces (see above)."""
    directions = candidate_directions()
    facing = np.clip(np.asarray(normals) @ directions.T, 0.0, None)
    scores = np.asarray(weights) @ facing
    scores[-1] *= top_view_handicap
    return directions, scores


def _orthogonal_up(direction: np.ndarray, view_up: np.ndarray) -> np.ndarray:
    """``view_up`` made perpendicular to ``direction``; anterior when looking straight down."""
    direction = direction / np.linalg.norm(direction)
    if abs(float(np.dot(direction, view_up))) > 0.95 * np.linalg.norm(view_up):
        view_up = np.array([0.0, 1.0, 0.0])
    up = view_up - np.dot(view_up, direction) * direction
    return up / np.linalg.norm(up)


def interpolate_pose(start: CameraPose, end: CameraPose, fraction: float) -> CameraPose:
    """Pose ``fraction`` (0..1, eased) of the way from ``start`` to ``end``.

    The focal point moves in a straight line while the direction and the
    distance are interpolated separately, so the camera swings around the
    head rather than cutting through it.
    """
    t = _smoothstep(min(max(fraction, 0.0), 1.0))
    focal = (1 - t) * start.focal_point + t * end.focal_point
    start_dir = (start.position - start.focal_point) / start.distance
    end_dir = (end.position - end.focal_point) / end.distance
    direction = _slerp(start_dir, end_dir, t)
    distance = (1 - t) * start.distance + t * end.distance
    up = (1 - t) * start.view_up + t * end.view_up
    if np.linalg.norm(up) < 1e-6:
        up = end.view_up
    return CameraPose(focal + distance * direction, focal, _orthogonal_up(direction, up))


def _smoothstep(t: float) -> float:
    return t * t * (3.0 - 2.0 * t)


def _slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    angle = float(np.arccos(np.clip(np.dot(a, b), -1.0, 1.0)))
    if angle < 1e-4:
        return b
    if np.pi - angle < 1e-3:
        # Opposite directions: swing over the top rather than through the centre.
        b = b + np.array([0.0, 0.0, 1e-2])
        b = b / np.linalg.norm(b)
        angle = float(np.arccos(np.clip(np.dot(a, b), -1.0, 1.0)))
    mixed = (np.sin((1 - t) * angle) * a + np.sin(t * angle) * b) / np.sin(angle)
    return mixed / np.linalg.norm(mixed)


def current_pose(camera) -> CameraPose:
    """Read a VTK/pyvista camera into a :class:`CameraPose`."""
    return CameraPose(
        np.array(camera.GetPosition()),
        np.array(camera.GetFocalPoint()),
        np.array(camera.GetViewUp()),
    )


def apply_pose(renderer, pose: CameraPose, view_angle: float = VIEW_ANGLE) -> None:
    """Set ``renderer``'s camera to ``pose`` and fit the clipping range (no render)."""
    camera = renderer.GetActiveCamera()
    camera.SetViewAngle(view_angle)
    camera.SetPosition(*pose.position)
    camera.SetFocalPoint(*pose.focal_point)
    camera.SetViewUp(*pose.view_up)
    renderer.ResetCameraClippingRange()
    # Tell pyvista the camera is set on purpose, or its first render resets it.
    if hasattr(renderer, "camera_set"):
        renderer.camera_set = True
