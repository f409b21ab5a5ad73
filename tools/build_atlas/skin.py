"""The skin: the MakeHuman ``body`` group, converted to the atlas frame and cut to a bust."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv
import trimesh

# MakeHuman: decimetres, +x = subject's left, +y = up, +z = anterior.
# Atlas: RAS millimetres. Right-handed rotation (det +1): x' = -x, y' = z, z' = y.
MAKEHUMAN_TO_RAS = np.array([[-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]) * 100.0


@dataclass
class BaseMesh:
    """The MakeHuman body surface and its joint centres, in the atlas frame."""

    vertices: np.ndarray
    quads: np.ndarray
    joints: dict[str, np.ndarray]


def parse_makehuman_obj(text: str) -> BaseMesh:
    """Read the ``body`` quads and the ``joint-*`` marker centres from base.obj.

    The helper (clothes proxies, hair, eyes, teeth, tongue) groups are left out:
    only ``body`` is skin. Joint groups are tiny cubes whose centroid is the joint.
    """
    positions: list[list[float]] = []
    groups: dict[str, list[list[int]]] = {}
    group = ""
    for line in text.splitlines():
        if line.startswith("v "):
            positions.append([float(value) for value in line.split()[1:4]])
        elif line.startswith("g "):
            group = line[2:].strip()
        elif line.startswith("f ") and (group == "body" or group.startswith("joint-")):
            groups.setdefault(group, []).append(
                [int(item.split("/")[0]) - 1 for item in line.split()[1:]]
            )
    vertices = np.asarray(positions) @ MAKEHUMAN_TO_RAS.T
    floor = vertices[np.unique(np.asarray(groups["body"]))][:, 2].min()
    vertices[:, 2] -= floor  # z = 0 at the soles, so heights read as stature
    joints = {
        name[len("joint-") :]: vertices[np.unique(np.asarray(faces))].mean(axis=0)
        for name, faces in groups.items()
        if name.startswith("joint-")
    }
    return BaseMesh(vertices, np.asarray(groups["body"], dtype=np.int64), joints)


def quads_to_polydata(vertices: np.ndarray, quads: np.ndarray) -> pv.PolyData:
    """Triangulated, compacted PolyData of the body quads."""
    triangles = np.vstack([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    mesh = trimesh.Trimesh(vertices, triangles, process=False)
    mesh.remove_unreferenced_vertices()
    return pv.PolyData.from_regular_faces(np.asarray(mesh.vertices), np.asarray(mesh.faces))


def arm_cut(joints: dict[str, np.ndarray], side: str) -> tuple[np.ndarray, np.ndarray]:
    """Plane across the humerus half-way from shoulder to elbow.

    Returns ``(origin, normal)`` with the normal pointing down the arm, so the
    kept half-space (toward the trunk) is ``normal . (p - origin) < 0``.
    """
    shoulder, elbow = joints[f"{side[0]}-shoulder"], joints[f"{side[0]}-elbow"]
    axis = (elbow - shoulder) / np.linalg.norm(elbow - shoulder)
    return (shoulder + elbow) / 2.0, axis


def cut_bust(body: pv.PolyData, joints: dict[str, np.ndarray], bottom_z: float) -> pv.PolyData:
    """Keep head, neck, shoulders and upper torso; cap every cut so it stays closed.

    ``clip_closed_surface`` keeps the half-space its normal points into.
    """
    bust = body
    for side in ("left", "right"):
        origin, normal = arm_cut(joints, side)
        bust = bust.clip_closed_surface(normal=tuple(-normal), origin=tuple(origin))
    bust = bust.clip_closed_surface(normal=(0.0, 0.0, 1.0), origin=(0.0, 0.0, bottom_z))
    return bust.triangulate().clean()


def build_skin(base: BaseMesh, bottom_z: float, keep_fraction: float = 0.45) -> trimesh.Trimesh:
    """Smoothly refine the body, cut the bust, and return a closed trimesh.

    Two Loop subdivisions make the low-poly base mesh smooth enough to paint on;
    a quadric decimation then brings it back to ``keep_fraction`` of the faces,
    which keeps the curvature (ears, nose, lips) and drops flat-area detail.
    The cut happens after refinement, so the caps are flat polygons on the
    cut planes.
    """
    subdivisions = 2
    body = quads_to_polydata(base.vertices, base.quads)
    # Cut generously first (cheap), refine, then make the exact cuts.
    rough = body.clip_closed_surface(normal=(0.0, 0.0, 1.0), origin=(0.0, 0.0, bottom_z - 150))
    refined = rough.triangulate().subdivide(subdivisions, subfilter="loop")
    bust = cut_bust(refined, base.joints, bottom_z)
    bust = bust.decimate(1.0 - keep_fraction, volume_preservation=True).clean()
    faces = bust.regular_faces
    mesh = trimesh.Trimesh(np.asarray(bust.points, dtype=np.float64), faces, process=True)
    trimesh.repair.fix_normals(mesh)
    return mesh
