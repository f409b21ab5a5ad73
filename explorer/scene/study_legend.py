"""The key in the viewport's upper-right corner: solid and striped zones, and marker looks.

Two rows say what the painting means (solid: the main pain area; stripes:
where it may spread), then one row per muscle with a marker on screen: its
marker's shape in its colour, and its name. The comparison legend of
:mod:`explorer.scene.selection_legend` has the lower-left corner, so the two
never meet, and the labels keep clear of both. Swatches are drawn as 2D
polygons, not as font glyphs, so stripes and shapes look the same in every font.

Rows are rebuilt only when the set of muscles on screen or the viewport
size changes; :meth:`StudyLegend.update` is cheap enough to call every frame.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonCore import vtkPoints, vtkUnsignedCharArray
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D, vtkTextActor

from explorer.scene.marker_style import muscle_marker_style
from explorer.scene.overlay import SKIN_RGB, point_colours

MARGIN_PX = 10
ROW_GAP_PX = 3
FONT_PX = 11
SWATCH_PX = 11
PAD_PX = 6
BACKGROUND_RGB = (20, 23, 28)
SOLID_TEXT = "Main pain area"
STRIPED_TEXT = "Pain may spread here"


class StudyLegend:
    """Key of the overlay and the markers, drawn in ``renderer``'s upper-right corner."""

    def __init__(self, renderer, muscle_names: list[str]) -> None:
        self.renderer = renderer
        self.muscle_names = list(muscle_names)
        self.enabled = True
        self._background, self._background_actor = _polygon_actor(opacity=0.78)
        self._swatches, self._swatch_actor = _polygon_actor(opacity=1.0)
        self._texts: list[vtkTextActor] = []
        self._shown: tuple[tuple[int, ...], tuple[int, int]] | None = None
        #: The legend's display box (x0, y0, x1, y1), or None while hidden.
        self.box: np.ndarray | None = None
        #: The rows shown: ("solid" | "striped" | muscle index, text).
        self.rows: list[tuple[object, str]] = []
        for actor in (self._background_actor, self._swatch_actor):
            renderer.AddViewProp(actor)

    def set_enabled(self, enabled: bool) -> None:
        """Show or hide the legend (from the next frame on)."""
        self.enabled = bool(enabled)
        self._shown = None
        if not self.enabled:
            self._hide()

    def update(self, muscles_on_screen: np.ndarray, size: tuple[int, int]) -> None:
        """Show the rows for ``muscles_on_screen`` (catalog indices) in a ``size`` viewport."""
        if not self.enabled:
            return
        key = (tuple(int(i) for i in np.unique(muscles_on_screen)), tuple(size))
        if key == self._shown:
            return
        self._shown = key
        self.rows = [("solid", SOLID_TEXT), ("striped", STRIPED_TEXT)]
        self.rows += [(index, self.muscle_names[index]) for index in key[0]]
        self._layout(size)

    def _layout(self, size: tuple[int, int]) -> None:
        texts = self._text_actors(len(self.rows))
        widths, heights = [], []
        for actor, (_, text) in zip(texts, self.rows, strict=False):
            actor.SetInput(text)
            actor.SetVisibility(True)
            bbox = [0.0, 0.0, 0.0, 0.0]
            actor.GetBoundingBox(self.renderer, bbox)
            widths.append(bbox[1] - bbox[0])
            heights.append(bbox[3] - bbox[2])
        for actor in texts[len(self.rows) :]:
            actor.SetVisibility(False)
        # Rows as tall as the text really is: the window's DPI scales fonts, not pixels.
        row_px = max(max(heights) + ROW_GAP_PX, SWATCH_PX + ROW_GAP_PX)
        width = 2 * PAD_PX + SWATCH_PX + 8 + max(widths)
        height = 2 * PAD_PX + row_px * len(self.rows)
        # Top-right: usually background above the shoulders; the compare legend is bottom-left.
        x0, y0 = size[0] - MARGIN_PX - width, size[1] - MARGIN_PX - height
        self.box = np.array([x0, y0, x0 + width, y0 + height], dtype=float)
        _fill(self._background, [_rect(x0, y0, x0 + width, y0 + height)], [BACKGROUND_RGB])
        polygons, colours = [], []
        for row, (kind, _) in enumerate(self.rows):
            # First row on top.
            bottom = y0 + height - PAD_PX - row_px * (row + 1)
            x, y = x0 + PAD_PX, bottom + (row_px - SWATCH_PX) / 2
            for polygon, rgb in _swatch(kind, x, y):
                polygons.append(polygon)
                colours.append(rgb)
            text_y = bottom + (row_px - heights[row]) / 2
            texts[row].SetDisplayPosition(int(x + SWATCH_PX + 8), int(text_y))
        _fill(self._swatches, polygons, colours)
        self._background_actor.SetVisibility(True)
        self._swatch_actor.SetVisibility(True)

    def _text_actors(self, count: int) -> list[vtkTextActor]:
        while len(self._texts) < count:
            actor = vtkTextActor()
            prop = actor.GetTextProperty()
            prop.SetFontSize(FONT_PX)
            prop.SetColor(0.95, 0.95, 0.95)
            self.renderer.AddViewProp(actor)
            self._texts.append(actor)
        return self._texts

    def _hide(self) -> None:
        for actor in (*self._texts, self._background_actor, self._swatch_actor):
            actor.SetVisibility(False)
        self.box = None
        self.rows = []


def _swatch(kind, x: float, y: float) -> list[tuple[np.ndarray, tuple[int, int, int]]]:
    """Polygons (and colours) of one row's swatch with its lower-left corner at ``x, y``."""
    s = SWATCH_PX
    colours = point_colours(0)
    if kind == "solid":
        return [(_rect(x, y, x + s, y + s), colours.solid)]
    if kind == "striped":
        stripes = [(_rect(x, y, x + s, y + s), SKIN_RGB)]
        # Diagonal bands as on the skin, clipped to the square by construction.
        for start in (-s, -s / 2, 0.0, s / 2):
            band = np.array(
                [[start, 0], [start + s / 4, 0], [start + s + s / 4, s], [start + s, s]]
            )
            band[:, 0] = np.clip(band[:, 0], 0, s)
            stripes.append((band + [x, y], colours.stripes))
        return stripes
    style = muscle_marker_style(int(kind))
    centre = np.array([x + s / 2, y + s / 2])
    if style.shape == "cube":
        return [(_rect(x + 1, y + 1, x + s - 1, y + s - 1), style.rgb)]
    if style.shape == "diamond":
        r = s / 2 + 1
        return [(centre + [[0, -r], [r, 0], [0, r], [-r, 0]], style.rgb)]
    turns = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    return [(centre + (s / 2) * np.column_stack([np.cos(turns), np.sin(turns)]), style.rgb)]


def _rect(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)


def _polygon_actor(opacity: float) -> tuple[vtkPolyData, vtkActor2D]:
    data = vtkPolyData()
    data.SetPoints(vtkPoints())
    data.SetPolys(vtkCellArray())
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(data)
    mapper.SetScalarModeToUseCellData()
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetOpacity(opacity)
    actor.SetVisibility(False)
    return data, actor


def _fill(data: vtkPolyData, polygons, colours) -> None:
    """Replace the polygons of ``data``, one RGB colour each."""
    points, cells = vtkPoints(), vtkCellArray()
    rgb = vtkUnsignedCharArray()
    rgb.SetNumberOfComponents(3)
    for polygon, colour in zip(polygons, colours, strict=True):
        ids = [points.InsertNextPoint(float(px), float(py), 0.0) for px, py in polygon]
        cells.InsertNextCell(len(ids), ids)
        rgb.InsertNextTuple3(*colour)
    data.SetPoints(points)
    data.SetPolys(cells)
    data.GetCellData().SetScalars(rgb)
    data.Modified()
