"""The referral overlay: each selected point in its own colour, solid essential, striped spillover.

A selection becomes per-vertex arrays for two layers on the skin:

* the skin's own vertex colour (the *fill*): solid where a point's essential
  zone is, in that point's colour, blending in from bare skin at the zone's
  feathered edge;
* the colour and strength of the *stripes* drawn over it by
  :mod:`explorer.scene.hatching`: a point's spillover zone is striped in its
  colour over bare skin, and where a second point's pattern reaches into a
  first point's solid zone, the second is striped over the first.

So an overlap reads as an overlap, one colour hatched over another, never as
a blend of both into a third colour. Stripes are a texture on their own
layer, so they stay crisp however coarse the mesh.

Colours follow Okabe & Ito's colour-blind-safe set, one per point in
selection order (:data:`POINT_COLOURS`). The first point keeps the
single-point look: solid dark vermillion, light orange stripes, which also
differ in lightness and so read in greyscale.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from explorer.model.referral import SPILLOVER_LEVEL, ReferralField

#: Neutral skin, light enough that both overlay levels stand out against it.
SKIN_RGB = (226, 212, 200)
#: Okabe-Ito orange: the first point's spillover stripes.
SPILLOVER_RGB = (230, 159, 0)
#: Okabe-Ito vermillion: the first point's essential zones, solid.
ESSENTIAL_RGB = (213, 94, 0)
#: Essential intensity above which a vertex counts as essential (drawn solid).
ESSENTIAL_EDGE = 0.02
#: Stripes of a second spillover below this strength leave the fill alone.
WASH_EDGE = 0.05
#: How strongly a second spillover tints the skin under the first's stripes.
WASH_AMOUNT = 0.35
#: Texture rows: one stripe period, the first half drawn.
TEXTURE_ROWS = 16


class PointColours(NamedTuple):
    """The colours of one compared point: its solid zones and its stripes (RGB 0..255)."""

    solid: tuple[int, int, int]
    stripes: tuple[int, int, int]
    name: str


#: Okabe-Ito colours in selection order. Yellow is left out: it vanishes on skin.
POINT_COLOURS: tuple[PointColours, ...] = (
    PointColours(ESSENTIAL_RGB, SPILLOVER_RGB, "vermillion"),
    PointColours((0, 114, 178), (0, 114, 178), "blue"),
    PointColours((0, 158, 115), (0, 158, 115), "bluish green"),
    PointColours((204, 121, 167), (204, 121, 167), "reddish purple"),
    PointColours((86, 180, 233), (86, 180, 233), "sky blue"),
    PointColours((0, 0, 0), (0, 0, 0), "black"),
)


def point_colours(index: int) -> PointColours:
    """Colours of the ``index``-th selected point (the palette repeats after six)."""
    return POINT_COLOURS[index % len(POINT_COLOURS)]


def stripe_coordinate(vertices: np.ndarray, period_mm: float) -> np.ndarray:
    """Per-vertex stripe coordinate: distance along the (1, 1, 1) diagonal in stripe periods.

    The diagonal is oblique to every preset view, so stripes never collapse
    into a single band when seen straight from the front, side or top.
    """
    diagonal = np.array([1.0, 1.0, 1.0]) / np.sqrt(3.0)
    return (np.asarray(vertices, dtype=float) @ diagonal / period_mm).astype(np.float32)


class OverlayArrays(NamedTuple):
    """Per-vertex arrays of the overlay (see :func:`overlay_arrays`)."""

    rgb: np.ndarray  # (n, 3) uint8 fill colour of the skin
    coverage: np.ndarray  # (n,) float32 0..1, how much paint: makes see-through skin solid there
    stripe_rgb: np.ndarray  # (n, 3) uint8 colour of the stripes drawn over the fill
    stripe_alpha: np.ndarray  # (n,) float32 0..1 stripe strength (0: no stripes)


class SupportOverlay(NamedTuple):
    """The overlay on the vertices some field reaches; every other vertex is bare skin.

    Bare skin is :data:`SKIN_RGB`, no coverage and no stripes: what
    :func:`overlay_arrays` holds off the support.
    """

    support: np.ndarray  # (k,) sorted vertex indices
    rgb: np.ndarray  # (k, 3) uint8 fill colour
    coverage: np.ndarray  # (k,) float32 0..1
    stripe_rgb: np.ndarray  # (k, 3) uint8
    stripe_alpha: np.ndarray  # (k,) float32 0..1


def support_overlay(fields: list[ReferralField]) -> SupportOverlay:
    """Fill, stripes and paint coverage on the union support of ``fields`` (selection order).

    A pattern covers a small part of the skin, so a click that writes only
    these vertices costs the same however fine the skin is.
    """
    if not fields:
        empty = np.zeros(0, np.float32)
        no_colour = np.zeros((0, 3), np.uint8)
        return SupportOverlay(np.zeros(0, np.intp), no_colour, empty, no_colour, empty)
    support, essential, spillover = _levels(fields)
    fill, stripes, alpha, cover = _paint(essential, spillover)
    return SupportOverlay(support, fill, cover, stripes, alpha)


def overlay_arrays(fields: list[ReferralField], n_vertices: int) -> OverlayArrays:
    """Fill, stripes and paint coverage for the selected points' fields, on the whole skin."""
    rgb = np.empty((n_vertices, 3), dtype=np.uint8)
    rgb[:] = SKIN_RGB
    stripe_rgb = np.zeros((n_vertices, 3), dtype=np.uint8)
    stripe_alpha = np.zeros(n_vertices, np.float32)
    coverage = np.zeros(n_vertices, np.float32)
    painted = support_overlay(fields)
    support = painted.support
    rgb[support], stripe_rgb[support] = painted.rgb, painted.stripe_rgb
    stripe_alpha[support], coverage[support] = painted.stripe_alpha, painted.coverage
    return OverlayArrays(rgb, coverage, stripe_rgb, stripe_alpha)


def _levels(fields: list[ReferralField]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The union support and each field's (points, support) essential and spillover 0..1."""
    support = np.unique(np.concatenate([item.support for item in fields]))
    essential = np.zeros((len(fields), support.size), np.float32)
    spillover = np.zeros_like(essential)
    for index, item in enumerate(fields):
        where = np.searchsorted(support, item.support)
        essential[index, where] = item.essential_values
        spillover[index, where] = item.spillover_values / SPILLOVER_LEVEL
    return support, np.clip(essential, 0, 1), np.clip(spillover, 0, 1)


def _paint(essential: np.ndarray, spillover: np.ndarray):
    """Fill, stripe colour, stripe strength and coverage on the support.

    The *owner* of a vertex is the point with the strongest essential zone
    there (the earlier-selected on a tie); it fills the vertex solid. Every
    other point may stripe over it, the strongest one winning. A point never
    stripes its own solid zone: essential stays solid.
    """
    palette = _palette(essential.shape[0])
    columns = np.arange(essential.shape[1])
    owner = np.argmax(essential, axis=0)
    owned = essential[owner, columns] > ESSENTIAL_EDGE
    skin = np.array(SKIN_RGB, np.float32)
    rise = np.where(owned, essential[owner, columns], 0.0)[:, None]
    fill = skin + rise * (palette.solid[owner] - skin)
    # What each point would stripe here: its spillover, or its essential inside another's zone.
    strength = np.where(essential > ESSENTIAL_EDGE, essential, spillover)
    strength[owner[owned], columns[owned]] = 0.0
    ranked = np.argsort(-strength, axis=0, kind="stable")
    first, second = ranked[0], ranked[1] if len(ranked) > 1 else ranked[0]
    alpha = strength[first, columns]
    stripes = palette.stripes[first]
    # Two spillovers on bare skin: the second washes the skin faintly under the first's stripes.
    washed = ~owned & (second != first) & (strength[second, columns] > WASH_EDGE)
    wash = (WASH_AMOUNT * strength[second, columns] * washed)[:, None]
    fill = fill + wash * (palette.stripes[second] - fill)
    cover = np.where(owned, 0.9 * rise[:, 0], 0.75 * np.clip(alpha, 0, 1))
    return (
        np.round(fill).astype(np.uint8),
        stripes.astype(np.uint8),
        alpha.astype(np.float32),
        cover.astype(np.float32),
    )


class _Palette(NamedTuple):
    solid: np.ndarray  # (points, 3) float32
    stripes: np.ndarray  # (points, 3) float32


def _palette(count: int) -> _Palette:
    colours = [point_colours(index) for index in range(count)]
    return _Palette(
        np.array([colour.solid for colour in colours], np.float32),
        np.array([colour.stripes for colour in colours], np.float32),
    )


def skin_alpha(coverage: np.ndarray, opacity: float) -> np.ndarray:
    """Per-vertex alpha (uint8): the skin layer's opacity, but painted areas nearly solid.

    So the referral stays legible while the skin is see-through to show the markers.
    """
    alpha = opacity + (1.0 - opacity) * np.asarray(coverage, dtype=np.float32)
    return np.round(255.0 * alpha).astype(np.uint8)


def stripe_texture_image() -> np.ndarray:
    """(rows, 2, 4) uint8 RGBA texture: white, opaque on the first half of the rows.

    VTK multiplies it by the stripe layer's vertex colour, so the stripes take
    each vertex's stripe colour and strength, and the gaps show the fill below.
    """
    image = np.full((TEXTURE_ROWS, 2, 4), 255, dtype=np.uint8)
    image[TEXTURE_ROWS // 2 :, :, 3] = 0
    return image
