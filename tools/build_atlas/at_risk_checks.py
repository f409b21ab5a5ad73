"""Figures of the structures at risk, read from the atlas as the app loads it.

- each vertebral artery against the transverse foramina C1-C6: the foramen
  landmark must be an opening ringed by bone, and the artery's centre line at
  that height must lie in it (ringed by bone too, close to the landmark);
- each pleural dome's top against the medial third of its clavicle.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
import trimesh

from tools.build_atlas.geometry import signed_distance
from tools.build_atlas.measures import polydata
from tools.build_atlas.openings import ringed
from tools.build_atlas.surfaces import Surface

SIDES = ("left", "right")
#: A foramen is an opening if bone rings it within this reach (mm).
FORAMEN_REACH_MM = 11.0
#: The ring test: 24 rays, of which two may pass through a slit in the bone
#: (the source mesh leaves the front of the left C2 foramen open by ~15 deg).
RING_RAYS, RING_MISSES = 24, 2
#: Section points of the artery this close to the foramen belong to its passage.
PASSAGE_RADIUS_MM = 6.0


def artery_centre(artery: pv.PolyData, foramen: np.ndarray) -> np.ndarray | None:
    """Centre of the artery's horizontal section through ``foramen``'s height,
    or None if the artery does not cross that height near the foramen."""
    section = artery.slice(normal=(0.0, 0.0, 1.0), origin=tuple(foramen))
    points = np.asarray(section.points)
    if len(points) == 0:
        return None
    near = points[np.linalg.norm(points - foramen, axis=1) < PASSAGE_RADIUS_MM]
    return near.mean(axis=0) if len(near) else None


def foramen_passages(atlas) -> dict:
    """Per side and level: is the foramen ringed by bone, how far the artery's
    centre is from it (mm), and is that centre ringed by bone too."""
    bone = Surface(
        trimesh.Trimesh(
            atlas.structures["cervical_spine"].vertices,
            atlas.structures["cervical_spine"].faces,
            process=False,
        )
    )

    def in_opening(point) -> bool:
        """Outside the bone, and ringed by it in the horizontal plane."""
        outside = signed_distance(bone.polydata, np.atleast_2d(point))[0] > 0.0
        return bool(outside) and ringed(
            bone, point, FORAMEN_REACH_MM, RING_RAYS, misses=RING_MISSES
        )

    result = {}
    for side in SIDES:
        structure = atlas.structures[f"vertebral_artery_{side}"]
        artery = polydata(structure.vertices, structure.faces)
        for level in range(1, 7):
            foramen = np.asarray(atlas.landmark(f"c{level}_transverse_foramen_{side}"), float)
            centre = artery_centre(artery, foramen)
            result[f"c{level}_{side}"] = {
                "foramen_ringed_by_bone": in_opening(foramen),
                "artery_offset_mm": None
                if centre is None
                else round(float(np.linalg.norm(centre - foramen)), 2),
                "artery_ringed_by_bone": centre is not None and in_opening(centre),
            }
    return result


def dome_heights(atlas) -> dict:
    """Per side: the pleural dome's top above the top of the clavicle's medial
    third (mm), and whether the top lies over that third."""
    result = {}
    for side in SIDES:
        clavicle = atlas.structures[f"clavicle_{side}"].vertices
        reach = np.abs(clavicle[:, 0])
        inner, outer = reach.min(), reach.max()
        third = clavicle[reach <= inner + (outer - inner) / 3.0]
        dome = atlas.structures[f"pleural_dome_{side}"].vertices
        top = dome[np.argmax(dome[:, 2])]
        result[side] = {
            "top_above_medial_third_mm": round(float(top[2] - third[:, 2].max()), 1),
            "top_over_medial_third": bool(inner <= abs(top[0]) <= inner + (outer - inner) / 3.0),
        }
    return result
