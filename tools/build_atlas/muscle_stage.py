"""The muscles: built from the skin inward into the bones stage, then fitted."""

from __future__ import annotations

import numpy as np
import trimesh

from tools.build_atlas import geometry
from tools.build_atlas.muscle_specs import BUILD_ORDER
from tools.build_atlas.surfaces import Surface
from tools.build_atlas.tissue import Body
from tools.build_atlas.writer import mirrored


def fit_muscle(mesh, skin: Surface, bone_surfaces, margin=0.8, step=0.5, steps=24, conform=True):
    """Keep a muscle under the skin and off every bone.

    Vertices caught inside a bone step outward along the skin normal (toward
    the surface) until they are clear, so a sheet over the spinous processes
    rides over them instead of being dragged sideways off the midline. Each
    bone is tested on its own: overlapping closed surfaces merged into one
    would confuse the inside/outside test.
    """
    vertices = np.array(mesh.vertices, dtype=float)
    if conform:
        vertices = geometry.conform_inside(vertices, skin.polydata, margin, 5.0)
    _, outward = skin.project(vertices)
    for _ in range(steps):
        stuck = np.zeros(len(vertices), dtype=bool)
        for surface in bone_surfaces:
            stuck |= geometry.signed_distance(surface.polydata, vertices) < 0.15
        if not stuck.any():
            break
        vertices[stuck] += step * outward[stuck]
    # Stepping off a bone can carry a vertex toward the skin: clear it last.
    vertices = geometry.clear_of_skin(vertices, np.asarray(mesh.faces), skin.polydata, 0.5, 4.0)
    return trimesh.Trimesh(vertices, mesh.faces, process=False)


def build_muscles(marks, skin_marks, skin_mesh, solids, bottom_z):
    """Left muscles from the specs, from the skin inward, fitted between bone
    and skin; right = mirror."""
    bone_mesh = trimesh.util.concatenate(list(solids.values()))
    skin_surface = Surface(skin_mesh)
    body = Body(
        dict(skin_marks) | {name: point for name, (_, point) in marks.items()},
        skin_surface,
        Surface(solids["skull"]),
        Surface(bone_mesh),
        bottom_z,
    )
    bone_surfaces = [Surface(mesh) for mesh in solids.values()]
    muscles = {}
    for spec in BUILD_ORDER:
        left = fit_muscle(spec.build(body), skin_surface, bone_surfaces)
        body.add(spec.id, left)
        muscles[f"{spec.id}_left"] = left
        # The bones are placed symmetrically, so the mirror image nearly fits;
        # a short nudge (at most 2 mm) clears what asymmetry remains.
        muscles[f"{spec.id}_right"] = fit_muscle(
            mirrored(left), skin_surface, bone_surfaces, step=0.25, steps=8, conform=False
        )
    return muscles, body.marks
