"""The referral overlay: solid essential zones, striped spillover zones.

Two per-vertex arrays on the skin change in place on a click:

* ``rgb``, the vertex colour: skin, blending to the essential colour where
  the essential field is, and on to a darker "hot" red where the patterns of
  several selected points add up;
* texture coordinate ``u``, the spillover strength; ``v`` is a fixed
  world-space coordinate along a diagonal.

VTK multiplies the vertex colour by the texture. The texture
(:func:`stripe_texture_image`) is white except on every other row, where it
tints towards the spillover colour in proportion to ``u``; since ``v``
repeats the rows across the skin, spillover shows as stripes. Texture
coordinates are interpolated per pixel, so the stripes stay crisp however
coarse the mesh. Essential vertices get ``u = 0``, so essential zones are
solid and their edge against bare skin has no striped fringe.

Colours follow Okabe & Ito's colour-blind-safe set, and the levels (skin,
striped light orange, solid dark vermillion, darker red) also differ in
lightness, so they read in greyscale.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from explorer.model.referral import SPILLOVER_LEVEL, ReferralField, combine, merge

#: Neutral skin, light enough that both overlay levels stand out against it.
SKIN_RGB = (226, 212, 200)
#: Okabe-Ito orange: spillover stripes.
SPILLOVER_RGB = (230, 159, 0)
#: Okabe-Ito vermillion: essential zones, solid.
ESSENTIAL_RGB = (213, 94, 0)
#: Where essential zones of several points overlap: darker, still distinct in grey.
HOT_RGB = (140, 35, 10)
#: Essential intensity above which a vertex counts as essential (drawn solid).
ESSENTIAL_EDGE = 0.02
#: Texture size: columns along ``u`` (strength), rows along ``v`` (one stripe period).
TEXTURE_WIDTH, TEXTURE_ROWS = 128, 16


def stripe_coordinate(vertices: np.ndarray, period_mm: float) -> np.ndarray:
    """Per-vertex ``v``: distance along the (1, 1, 1) diagonal in stripe periods.

    The diagonal is oblique to every preset view, so stripes never collapse
    into a single band when seen straight from the front, side or top.
    """
    diagonal = np.array([1.0, 1.0, 1.0]) / np.sqrt(3.0)
    return (np.asarray(vertices, dtype=float) @ diagonal / period_mm).astype(np.float32)


class OverlayArrays(NamedTuple):
    """Per-vertex arrays of the overlay (see :func:`overlay_arrays`)."""

    rgb: np.ndarray  # (n, 3) uint8 vertex colour
    strength: np.ndarray  # (n,) float32 stripe strength: 0.5 one spillover, 1 two, 0 essential
    coverage: np.ndarray  # (n,) float32 0..1, how much paint: makes see-through skin solid there


def overlay_arrays(fields: list[ReferralField], n_vertices: int) -> OverlayArrays:
    """Per-vertex colour, spillover strength and paint coverage for the selection.

    ``heat`` is the additive :func:`combine` of all selected fields, so
    overlapping patterns read hotter. Colours are computed only where the
    heat is non-zero (a pattern covers a small part of the skin), which keeps
    a click's cost near one pass over the skin even on a refined mesh.
    """
    rgb = np.empty((n_vertices, 3), dtype=np.uint8)
    rgb[:] = SKIN_RGB
    strength = np.zeros(n_vertices, np.float32)
    coverage = np.zeros(n_vertices, np.float32)
    if not fields:
        return OverlayArrays(rgb, strength, coverage)
    heat_all = combine(fields, ceiling=None)
    support = np.flatnonzero(heat_all)
    heat = heat_all[support]
    essential = merge(fields).essential if len(fields) > 1 else fields[0].essential
    is_essential = essential[support] > ESSENTIAL_EDGE
    skin = np.array(SKIN_RGB, dtype=np.float32)
    hot = support[is_essential]
    rise = np.clip(heat[is_essential], 0.0, 1.0)[:, None]
    hotter = np.clip(heat[is_essential] - 1.0, 0.0, 1.0)[:, None]
    painted = skin + rise * (np.array(ESSENTIAL_RGB, np.float32) - skin)
    painted += hotter * (np.array(HOT_RGB, np.float32) - np.array(ESSENTIAL_RGB, np.float32))
    rgb[hot] = np.round(painted).astype(np.uint8)
    local = np.where(is_essential, 0.0, 0.5 * np.minimum(heat / SPILLOVER_LEVEL, 2.0))
    strength[support] = local
    coverage[support] = np.where(
        is_essential, 0.9 * np.clip(heat, 0, 1), 0.75 * np.clip(2 * local, 0, 1)
    )
    return OverlayArrays(rgb, strength, coverage)


def skin_alpha(coverage: np.ndarray, opacity: float) -> np.ndarray:
    """Per-vertex alpha (uint8): the skin layer's opacity, but painted areas nearly solid.

    So the referral stays legible while the skin is see-through to show the markers.
    """
    alpha = opacity + (1.0 - opacity) * np.asarray(coverage, dtype=np.float32)
    return np.round(255.0 * alpha).astype(np.uint8)


def texture_u(strength: np.ndarray) -> np.ndarray:
    """Map strength 0..1 onto texel centres, so linear filtering never wraps to the other edge."""
    half_texel = 0.5 / TEXTURE_WIDTH
    return (half_texel + strength * (1.0 - 2.0 * half_texel)).astype(np.float32)


def stripe_texture_image() -> np.ndarray:
    """(rows, width, 3) uint8 texture: white, with tinted stripes growing along ``u``.

    The tint is the spillover colour divided by the skin colour, because VTK
    multiplies it by the vertex colour (skin there). Beyond ``u = 0.5``
    (overlapping spillover) the gaps between stripes are tinted lightly too.
    """
    strength = (np.arange(TEXTURE_WIDTH) + 0.5) / TEXTURE_WIDTH
    tint = np.clip(np.array(SPILLOVER_RGB, float) / np.array(SKIN_RGB, float), 0.0, 1.0)
    stripe_amount = np.clip(strength / 0.5, 0.0, 1.0)[:, None]
    gap_amount = 0.35 * np.clip((strength - 0.5) / 0.5, 0.0, 1.0)[:, None]
    stripe = 1.0 + stripe_amount * (tint - 1.0)
    gap = 1.0 + gap_amount * (tint - 1.0)
    on_stripe = (np.arange(TEXTURE_ROWS) < TEXTURE_ROWS // 2)[:, None, None]
    image = np.where(on_stripe, stripe[None, :, :], gap[None, :, :])
    return np.round(255.0 * image).astype(np.uint8)
