"""Checks on what the user typed, made before any work: file paths, view names, skin points."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from explorer.cli_support import did_you_mean
from explorer.model.atlas import Atlas
from explorer.model.errors import Problem
from explorer.scene.views import PRESETS

#: How far from the skin surface a ``lookup --at`` point may lie. Points typed
#: from a screenshot or the manifest are rarely exactly on it; 10 mm is three
#: skin triangles on the shipped atlas and far less than any anatomical mistake.
ON_SKIN_TOLERANCE_MM = 10.0


def resolve_input(path: Path, file_name: str) -> tuple[Path, Problem | None]:
    """The file meant by ``path``: the file itself, or ``file_name`` inside a folder.

    Returns the path and, for a folder without ``file_name`` in it, the
    problem to report (reading a folder would fail with a misleading hint).
    """
    path = Path(path)
    if not path.is_dir():
        return path, None
    inside = path / file_name
    if inside.is_file():
        return inside, None
    problem = Problem(
        path,
        None,
        None,
        f"is a folder, not a file, and holds no {file_name}.",
        fix=f"Give the path of the {file_name} file itself.",
    )
    return path, problem


def _view_key(text: str) -> str:
    return text.strip().lower().replace("_", "-").replace(" ", "-")


#: Every spelling ``--view`` takes: the preset names and the GUI's button labels.
VIEW_SPELLINGS: dict[str, str] = {
    **{_view_key(preset.label): preset.name for preset in PRESETS},
    **{_view_key(preset.name): preset.name for preset in PRESETS},
}
VIEW_HELP = ", ".join(
    f"{_view_key(preset.label)} ({preset.name})"
    if _view_key(preset.label) != _view_key(preset.name)
    else preset.name
    for preset in PRESETS
)


def view_name(text: str) -> str:
    """``--view`` type: a GUI label (Front, Back...) or a preset name, as the preset name."""
    key = _view_key(text)
    if key in VIEW_SPELLINGS:
        return VIEW_SPELLINGS[key]
    hint = did_you_mean(key, VIEW_SPELLINGS)
    choose = f" Choose from: {VIEW_HELP}" if hint else f"; choose from: {VIEW_HELP}"
    raise argparse.ArgumentTypeError(f"unknown view '{text}'{hint}{choose}")


def finite_number(text: str) -> float:
    """argparse type: a finite number (``float`` alone would take nan and inf)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not np.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a number; found '{text}'")
    return value


def positive_number(text: str) -> float:
    """argparse type: a finite number above zero."""
    value = finite_number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0; found '{text}'")
    return value


def positive_count(text: str) -> int:
    """argparse type: a whole number above zero."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0; found '{text}'")
    return value


#: What the renderer can write, by file name ending (PNG is the one documented).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")


def image_path(text: str) -> Path:
    """argparse type: a file name ending in one of :data:`IMAGE_SUFFIXES`."""
    path = Path(text)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an image file name: end it in {', '.join(IMAGE_SUFFIXES)}"
        )
    return path


def image_size(text: str) -> tuple[int, int]:
    """argparse type: ``WIDTHxHEIGHT`` in pixels, each 16 to 8192."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT, e.g. 800x600; found '{text}'"
        ) from None
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 16 and 8192 pixels")
    return width, height


def off_skin_message(atlas: Atlas, point: np.ndarray) -> str | None:
    """Why ``point`` cannot be a place of pain (it is not on the skin), or ``None``.

    The distance is to the nearest skin vertex, which overshoots the distance
    to the surface by at most half an edge: well inside the tolerance.
    """
    from scipy.spatial import cKDTree

    vertices = atlas.skin.vertices
    distance, index = cKDTree(vertices).query(np.asarray(point, dtype=float))
    if distance <= ON_SKIN_TOLERANCE_MM:
        return None
    nearest = ", ".join(f"{value:.1f}" for value in vertices[index])
    typed = ", ".join(f"{value:g}" for value in point)
    return (
        f"the point ({typed}) is not on the skin: the nearest skin is {distance:.1f} mm away, "
        f"at ({nearest}). Give a point within {ON_SKIN_TOLERANCE_MM:g} mm of the skin, "
        "or a skin landmark with --landmark"
    )
