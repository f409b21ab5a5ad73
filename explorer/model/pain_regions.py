"""Ready-made pain drawings: geodesic discs around a point, and named head regions.

A region is written, for the left side, as a referral zone around skin
landmarks (the same :class:`~explorer.model.zones.Zone` types the content
uses), so it is painted along the skin exactly like a referral pattern. The
right side is its mirror; "both" is the two together. A one-sided region is
cut at the mid-sagittal plane, so "top of the head, left" stops at the
midline even though it grows from the vertex.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.model.referral import ReferralEngine
from explorer.model.zones import Anchor, Region, Spot, Stroke, Zone

SIDES = ("left", "right", "both")
#: Default radius (mm) of a drawing made from one point (``lookup --at`` / ``--landmark``).
DEFAULT_RADIUS_MM = 30.0
#: Soft edge of a drawn disc, as a fraction of its radius: a hand-drawn edge is fuzzy too.
EDGE_FRACTION = 0.25
#: Width (mm) of the fade where a one-sided region is cut at the midline.
MIDLINE_FADE_MM = 6.0


@dataclass(frozen=True)
class PainRegion:
    """A named region of the head and neck; ``zone`` is its left-side form."""

    key: str
    label: str
    zone: Zone

    @property
    def landmarks(self) -> set[str]:
        """Landmark names the region needs, on both sides."""
        names = {a.landmark for a in self.zone.seeds if a.landmark}
        return names | {a.landmark for a in self.zone.mirrored().seeds if a.landmark}


def _region(*around: str, radius: float) -> Region:
    return Region(around=tuple(Anchor(name) for name in around), radius_mm=radius)


def _stroke(*through: str, width: float) -> Stroke:
    return Stroke(through=tuple(Anchor(name) for name in through), width_mm=width)


#: The region buttons, in the order a therapist asks: head first, then neck.
REGIONS: tuple[PainRegion, ...] = (
    PainRegion("temple", "Temple", _region("temple_left", radius=28)),
    PainRegion("forehead", "Forehead", _region("forehead_left", radius=28)),
    PainRegion(
        "eye", "Around the eye", _region("supraorbital_left", "orbit_lateral_left", radius=16)
    ),
    PainRegion("top", "Top of the head", _region("vertex", radius=40)),
    PainRegion("back_of_head", "Back of the head", _region("occiput_left", "inion", radius=26)),
    PainRegion("behind_ear", "Behind the ear", _region("mastoid_left", radius=20)),
    PainRegion(
        "jaw",
        "Jaw / teeth",
        _stroke("maxilla_left", "mandible_left", "angle_of_jaw_left", width=30),
    ),
    PainRegion(
        "side_of_neck", "Side of the neck", _stroke("mastoid_left", "angle_of_neck_left", width=30)
    ),
    PainRegion(
        "back_of_neck", "Back of the neck", _region("nape", "neck_posterolateral_left", radius=24)
    ),
)
REGIONS_BY_KEY = {region.key: region for region in REGIONS}


def available_regions(landmark_names) -> tuple[PainRegion, ...]:
    """The regions whose landmarks all exist in an atlas with ``landmark_names``."""
    names = set(landmark_names)
    return tuple(region for region in REGIONS if region.landmarks <= names)


def region_drawing(engine: ReferralEngine, key: str, side: str) -> np.ndarray:
    """Per-vertex 0..1 drawing of region ``key`` on ``side`` (left, right or both).

    Raises
    ------
    KeyError
        If there is no such region, or the atlas lacks one of its landmarks.
    ValueError
        If ``side`` is not one of :data:`SIDES`.
    """
    if side not in SIDES:
        raise ValueError(f"unknown side '{side}'; expected one of {', '.join(SIDES)}")
    try:
        zone = REGIONS_BY_KEY[key].zone
    except KeyError:
        known = ", ".join(REGIONS_BY_KEY)
        raise KeyError(f"no pain region '{key}'; expected one of {known}") from None
    if side == "both":
        return np.maximum(engine.zone_intensity(zone), engine.zone_intensity(zone.mirrored()))
    painted = engine.zone_intensity(zone if side == "left" else zone.mirrored())
    return painted * side_mask(engine.vertices, side)


def side_mask(vertices: np.ndarray, side: str) -> np.ndarray:
    """1 on ``side`` of the mid-sagittal plane, fading to 0 across it (float32).

    RAS frame: the subject's left has negative x.
    """
    toward_side = -vertices[:, 0] if side == "left" else vertices[:, 0]
    return np.clip(0.5 + toward_side / MIDLINE_FADE_MM, 0.0, 1.0).astype(np.float32)


def disc_drawing(
    engine: ReferralEngine, at: np.ndarray | str, radius_mm: float = DEFAULT_RADIUS_MM
) -> np.ndarray:
    """A geodesic disc of ``radius_mm`` on the skin around a point or landmark name."""
    if isinstance(at, str):
        if at not in engine.landmarks:
            raise KeyError(f"no landmark '{at}' in the atlas")
        anchor = Anchor(at)
    else:
        anchor = Anchor(None, tuple(float(value) for value in np.asarray(at).ravel()[:3]))
    return engine.zone_intensity(soft_disc(anchor, radius_mm))


def soft_disc(anchor: Anchor, radius_mm: float) -> Spot:
    """A spot whose soft edge is centred on ``radius_mm``, so it reads as that radius."""
    feather = EDGE_FRACTION * radius_mm
    return Spot(at=anchor, radius_mm=radius_mm - feather / 2, feather_mm=feather)
