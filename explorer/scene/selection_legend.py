"""A small legend in the viewport's corner naming the colour of each compared point.

It shows only while two or more points are compared: with one point there
is no colour to tell apart. Each row is a swatch in the point's solid
colour on a light band and its name in white on a dark band, so every row
reads on the dark background whatever the colour. Rows are made once (one per palette
colour) and only retexted, recoloured or hidden on a click.

The API is :meth:`SelectionLegend.show` with ``(label, rgb)`` rows; a later,
general legend (solid versus striped, marker colours) can sit beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D, vtkTextActor

from explorer.scene.overlay import POINT_COLOURS

#: Where the first row sits, in display pixels from the lower-left corner.
MARGIN_PX = 12
ROW_PX = 24
FONT_PX = 15
SWATCH_PX = 16


class SelectionLegend:
    """Rows of "swatch  name" in the lower-left corner of ``renderer``.

    Parameters
    ----------
    renderer
        The scene's renderer; the text actors are added once, here.
    rows
        How many rows can be shown at once (by default one per palette colour).
    """

    def __init__(self, renderer, rows: int = len(POINT_COLOURS)) -> None:
        self.swatches: list[vtkActor2D] = []
        self.rims: list[vtkActor2D] = []
        self.labels: list[vtkTextActor] = []
        for _row in range(rows):
            # A light rim behind each swatch, so black and dark blue show on the dark band.
            rim, swatch, label = (
                _square_actor(SWATCH_PX + 2),
                _square_actor(SWATCH_PX),
                vtkTextActor(),
            )
            rim.GetProperty().SetColor(0.92, 0.92, 0.92)
            prop = label.GetTextProperty()
            prop.SetFontSize(FONT_PX)
            prop.SetColor(1.0, 1.0, 1.0)
            prop.SetBackgroundColor(0.08, 0.09, 0.11)
            prop.SetBackgroundOpacity(0.75)
            for actor in (rim, swatch, label):
                actor.SetVisibility(False)
                renderer.AddViewProp(actor)
            self.rims.append(rim)
            self.swatches.append(swatch)
            self.labels.append(label)
        self.entries: tuple[tuple[str, tuple[int, int, int]], ...] = ()

    def show(self, entries: Sequence[tuple[str, tuple[int, int, int]]]) -> None:
        """Name each ``(label, rgb)``; fewer than two entries hide the legend.

        Rows beyond the legend's size are left out (the palette repeats there).
        """
        self.entries = tuple(entries) if len(entries) >= 2 else ()
        shown = self.entries[: len(self.labels)]
        rows = zip(self.rims, self.swatches, self.labels, strict=True)
        for row, (rim, swatch, label) in enumerate(rows):
            visible = row < len(shown)
            for actor in (rim, swatch, label):
                actor.SetVisibility(visible)
            if not visible:
                continue
            text, rgb = shown[row]
            # The first point is the top row, as in the list and on the card.
            y = MARGIN_PX + (len(shown) - 1 - row) * ROW_PX
            swatch.GetProperty().SetColor(*(channel / 255.0 for channel in rgb))
            rim.SetPosition(MARGIN_PX - 1, y + 1)
            swatch.SetPosition(MARGIN_PX, y + 2)
            label.SetInput(f" {text} ")
            label.SetDisplayPosition(MARGIN_PX + SWATCH_PX + 6, y)

    @property
    def visible(self) -> bool:
        """Whether any row is shown."""
        return bool(self.entries)


def _square_actor(size_px: int) -> vtkActor2D:
    """A filled square, ``size_px`` wide, whose lower-left corner is the actor's position."""
    corners = np.array([[0, 0, 0], [size_px, 0, 0], [size_px, size_px, 0], [0, size_px, 0]])
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(pv.PolyData(corners.astype(float), faces=[4, 0, 1, 2, 3]))
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    return actor
