"""Finger-sized markers: flat disks of a fixed size on screen, drawn over the 3D scene.

The explorer's markers are small spheres in millimetres, right for a mouse
and wrong for a finger: on a kiosk they are a few pixels across. This layer
hides them and, at the start of every frame, projects the markers that face
the camera and places one disk per marker so that no two overlap
(:func:`place_disks`): a disk that had to move is tied to its true spot by a
thin line, and where even that does not fit, one disk stands for a group
and shows the count. Taps are matched against the disks of the last frame,
so a finger hits what the eye sees.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import VTK_UNSIGNED_CHAR, vtkPoints, vtkStringArray
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkCoordinate, vtkPolyDataMapper2D
from vtkmodules.vtkRenderingLabel import vtkLabeledDataMapper

from explorer.scene import views
from explorer.scene.marker_groups import ScreenDisk, disk_at, place_disks
from explorer.scene.markers import SELECTED_MARKER_RGB, NearestVertex
from explorer.scene.picking import project_to_display, snapshot_view
from explorer.scene.structures import point_normals

SEGMENTS = 40
RIM_RGB = (255, 255, 255)
#: The white rim, as a share of the radius: it keeps a disk visible on skin of any colour.
RIM_SHARE = 0.14
#: A disk may be nudged this many diameters off its marker before it joins a group instead.
MAX_NUDGE = 1.5
#: The thin line from a nudged disk to its marker, and the dot on the marker (pixels).
LEADER_WIDTH, ANCHOR_RADIUS = 2.0, 4.0
#: A tap on a group moves the camera this many times closer in one go, at least and at most.
MIN_SPREAD_STEP, MAX_SPREAD_STEP = 1.5, 3.0
#: A marker shows while its skin faces the camera, up to a little past side-on (cosine):
#: points at the rim of the head (temples from the front) stay, the far side goes.
FACING_MIN_COSINE = -0.25
#: ... and never closer than this share of the skin's size: beyond it, the kiosk asks instead.
CLOSEST_SHARE = 0.25


class TouchMarkers:
    """Draws and hit-tests finger-sized marker disks for ``scene``.

    Parameters
    ----------
    scene
        The :class:`~explorer.scene.anatomy_scene.AnatomyScene` whose markers to show.
    diameter_px, gap_px
        Sizes in logical pixels: a disk, and the space kept between two disks.
    pixel_ratio
        Returns physical pixels per logical pixel now (the render window draws in physical ones).
    """

    def __init__(self, scene, diameter_px: float, gap_px: float, pixel_ratio):
        self.scene, self.pixel_ratio = scene, pixel_ratio
        self.sizes = (diameter_px / 2, gap_px)
        self.selected: set[str] = set()
        #: Show only the selected markers (the kiosk's pain drawing: disks would hide the skin).
        self.only_selected = False
        self.disks: list[ScreenDisk] = []
        self._last_key: tuple | None = None
        skin = scene.skin_mesh
        nearest_skin = NearestVertex(skin).query(scene.markers.positions)
        self._normals = point_normals(skin)[nearest_skin]
        scene.marker_actor.SetVisibility(False)
        self._disk_data, self.actor = _disk_actor()
        self._label_data, self.labels = _label_actor()
        renderer = scene.plotter.renderer
        renderer.AddViewProp(self.actor)
        renderer.AddViewProp(self.labels)
        self._observer = renderer.AddObserver("StartEvent", lambda *_: self.update())

    def set_selected(self, ids: Iterable[str]) -> None:
        """Markers to draw in the selection colour (and to keep out of groups' tails)."""
        self.selected = set(ids)

    # Layout ----------------------------------------------------------------

    def facing(self) -> np.ndarray:
        """Mask of the markers shown now: visible in the scene and facing the camera."""
        eye = np.asarray(self.scene.plotter.renderer.GetActiveCamera().GetPosition())
        shown = self.scene.visible_markers()
        if self.only_selected:
            shown = shown & np.isin(np.asarray(self.scene.marker_ids), list(self.selected))
        towards_eye = eye - self.scene.markers.positions
        towards_eye /= np.maximum(np.linalg.norm(towards_eye, axis=1), 1e-9)[:, None]
        faces = np.einsum("ij,ij->i", self._normals, towards_eye) > FACING_MIN_COSINE
        return shown & faces

    def layout(self) -> list[ScreenDisk]:
        """The disks of the current view, in display pixels; also kept in :attr:`disks`."""
        ratio = float(self.pixel_ratio())
        radius, gap = (size * ratio for size in self.sizes)
        view = snapshot_view(self.scene.plotter.renderer)
        display, in_front = project_to_display(self.scene.markers.positions, view)
        inside = (display >= -radius).all(axis=1)
        inside &= (display[:, 0] <= view.width + radius) & (display[:, 1] <= view.height + radius)
        shown = np.flatnonzero(self.facing() & in_front & inside)
        ids = self.scene.marker_ids
        # Selected markers lead their groups, so the disk a visitor tapped stays put.
        order = sorted(shown, key=lambda index: ids[index] not in self.selected)
        # Members are indices into all the scene's markers, like ``order``.
        order = np.array(order, dtype=int)
        self.disks = place_disks(display, order, radius, gap, MAX_NUDGE * 2 * radius)
        return self.disks

    def hit(self, x: float, y: float, slack_px: float = 6.0) -> tuple[str, ...]:
        """Trigger point ids of the disk at display pixel ``x, y`` (y up), or ``()``."""
        disk = disk_at(self.disks, x, y, slack_px * float(self.pixel_ratio()))
        return () if disk is None else tuple(self.scene.marker_ids[i] for i in disk.members)

    def spread_pose(self, ids: tuple[str, ...]) -> views.CameraPose | None:
        """A closer pose, centred on a group's markers, at which their disks come apart.

        None when that would bring the camera closer than :data:`CLOSEST_SHARE`
        of the skin's size (the markers nearly coincide): then the caller asks
        which point was meant instead.
        """
        indices = [self.scene.marker_ids.index(tp_id) for tp_id in ids]
        positions = self.scene.markers.positions[indices]
        view = snapshot_view(self.scene.plotter.renderer)
        display, _ = project_to_display(positions, view)
        apart = [np.linalg.norm(a - b) for a, b in itertools.combinations(display, 2)]
        radius, gap = (size * float(self.pixel_ratio()) for size in self.sizes)
        needed = (2 * radius + gap) / max(min(apart, default=0.0), 1.0)
        camera = self.scene.plotter.renderer.GetActiveCamera()
        centre = positions.mean(axis=0)
        eye = np.asarray(camera.GetPosition())
        step = min(max(needed * 1.1, MIN_SPREAD_STEP), MAX_SPREAD_STEP)
        distance = float(np.linalg.norm(eye - centre)) / step
        skin = np.asarray(self.scene.skin_mesh.points)
        closest = CLOSEST_SHARE * float(np.linalg.norm(np.ptp(skin, axis=0)))
        if distance < closest:
            return None
        direction = (eye - centre) / np.linalg.norm(eye - centre)
        return views.CameraPose(
            centre + distance * direction, centre, np.asarray(camera.GetViewUp())
        )

    # Drawing ---------------------------------------------------------------

    def _view_key(self) -> tuple:
        """What the disks depend on: camera, viewport size, selection, which markers show."""
        renderer = self.scene.plotter.renderer
        camera = renderer.GetActiveCamera()
        visible = self.scene.visible_markers().tobytes()
        size, selected = tuple(renderer.GetSize()), frozenset(self.selected)
        return camera.GetMTime(), size, selected, self.only_selected, visible

    def update(self) -> None:
        """Recompute the disks for the camera about to be drawn and refill the 2D geometry.

        Skipped when nothing they depend on changed: a painting stroke redraws
        the scene at every dab, with the camera still.
        """
        key = self._view_key()
        if key == self._last_key:
            return
        self._last_key = key
        disks = self.layout()
        colours = [self._colour(disk) for disk in disks]
        _fill_disks(self._disk_data, disks, colours, float(self.pixel_ratio()))
        groups = [disk for disk in disks if disk.is_group]
        _fill_labels(self._label_data, groups)
        text = self.labels.GetMapper().GetLabelTextProperty()
        text.SetFontSize(int(1.1 * self.sizes[0] * float(self.pixel_ratio())))

    def _colour(self, disk: ScreenDisk) -> tuple[int, int, int]:
        ids = self.scene.marker_ids
        if any(ids[index] in self.selected for index in disk.members):
            return SELECTED_MARKER_RGB
        return tuple(int(c) for c in self.scene.markers.base_colors[disk.members[0]])

    def remove(self) -> None:
        """Take the layer out of the scene and show the sphere markers again."""
        renderer = self.scene.plotter.renderer
        renderer.RemoveObserver(self._observer)
        renderer.RemoveViewProp(self.actor)
        renderer.RemoveViewProp(self.labels)
        self.scene.marker_actor.SetVisibility(True)


def _disk_actor() -> tuple[vtkPolyData, vtkActor2D]:
    data = vtkPolyData()
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(data)
    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToDisplay()
    mapper.SetTransformCoordinate(coordinate)
    mapper.SetColorModeToDirectScalars()
    mapper.SetScalarModeToUseCellData()
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    return data, actor


def _label_actor() -> tuple[vtkPolyData, vtkActor2D]:
    data = vtkPolyData()
    mapper = vtkLabeledDataMapper()
    mapper.SetInputData(data)
    mapper.CoordinateSystemDisplay()
    mapper.SetLabelModeToLabelFieldData()
    mapper.SetFieldDataName("count")
    text = mapper.GetLabelTextProperty()
    text.SetColor(0.1, 0.1, 0.1)
    text.SetBold(True)
    text.SetShadow(False)
    text.SetJustificationToCentered()
    text.SetVerticalJustificationToCentered()
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    return data, actor


_UNIT_CIRCLE = np.column_stack(
    [np.cos(np.linspace(0.0, 2 * np.pi, SEGMENTS, endpoint=False)),
     np.sin(np.linspace(0.0, 2 * np.pi, SEGMENTS, endpoint=False))]
)  # fmt: skip


def _circle(x: float, y: float, radius: float) -> np.ndarray:
    return np.array([x, y]) + radius * _UNIT_CIRCLE


def _leader(disk: ScreenDisk, width: float) -> np.ndarray:
    """A thin quad, ``width`` px wide, from a nudged disk's centre to its marker's true spot."""
    start, end = np.array([disk.x, disk.y]), np.asarray(disk.anchor)
    along = (end - start) / max(float(np.linalg.norm(end - start)), 1e-9)
    across = np.array([-along[1], along[0]]) * width / 2
    return np.array([start - across, end - across, end + across, start + across])


def _shapes(disks: list[ScreenDisk], colours, ratio: float):
    """(outline, rgb) polygons in drawing order: leaders and dots first, disks on top."""
    for disk in disks:
        if disk.nudged:
            yield _leader(disk, LEADER_WIDTH * ratio), RIM_RGB
            yield _circle(*disk.anchor, ANCHOR_RADIUS * ratio), RIM_RGB
    for disk, colour in zip(disks, colours, strict=True):
        yield _circle(disk.x, disk.y, disk.radius), RIM_RGB
        yield _circle(disk.x, disk.y, disk.radius * (1 - RIM_SHARE)), colour


def _fill_disks(data: vtkPolyData, disks: list[ScreenDisk], colours, ratio: float) -> None:
    """Filled polygons: leader lines, marker dots, then each disk's white rim and face.

    Built as whole arrays and handed to VTK at once: a frame costs the same
    few array copies however many disks there are.
    """
    shapes = list(_shapes(disks, colours, ratio))
    outlines = [outline for outline, _ in shapes]
    sizes = np.array([len(outline) for outline in outlines], dtype=np.int64)
    xy = np.vstack(outlines) if outlines else np.zeros((0, 2))
    points = vtkPoints()
    points.SetData(numpy_to_vtk(np.column_stack([xy, np.zeros(len(xy))]), deep=True))
    polys = vtkCellArray()
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    polys.SetData(
        numpy_to_vtkIdTypeArray(offsets, deep=True),
        numpy_to_vtkIdTypeArray(np.arange(len(xy), dtype=np.int64), deep=True),
    )
    rgb = np.array([colour for _, colour in shapes], dtype=np.uint8).reshape(-1, 3)
    cell_colours = numpy_to_vtk(rgb, deep=True, array_type=VTK_UNSIGNED_CHAR)
    data.SetPoints(points)
    data.SetPolys(polys)
    data.GetCellData().SetScalars(cell_colours)
    data.Modified()


def _fill_labels(data: vtkPolyData, groups: list[ScreenDisk]) -> None:
    points, counts = vtkPoints(), vtkStringArray()
    counts.SetName("count")
    for disk in groups:
        points.InsertNextPoint(disk.x, disk.y, 0.0)
        counts.InsertNextValue(str(len(disk.members)))
    data.SetPoints(points)
    data.GetPointData().AddArray(counts)
    data.Modified()
