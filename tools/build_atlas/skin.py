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


def build_skin(base: BaseMesh, bottom_z: float, keep_fraction: float = 0.52) -> trimesh.Trimesh:
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
    return dome_caps(seal_cavities(mesh, base.joints), base.joints, bottom_z)


def _pocket_faces(mesh: trimesh.Trimesh, region: np.ndarray, reach: float) -> np.ndarray:
    """Faces in ``region`` whose outward ray meets the skin again within ``reach``
    mm: the walls of a cavity, which face other skin rather than the world."""
    surface = pv.PolyData.from_regular_faces(np.asarray(mesh.vertices), np.asarray(mesh.faces))
    centres, normals = mesh.triangles_center, mesh.face_normals
    pocket = np.zeros(len(mesh.faces), dtype=bool)
    for face in np.flatnonzero(region):
        start = centres[face] + 0.05 * normals[face]
        points, _ = surface.ray_trace(start, start + reach * normals[face])
        pocket[face] = len(points) > 0
    return pocket


#: Height of a domed cap over its cut plane, as a fraction of its mean radius,
#: and at most (mm). A flat cap turns away from the light and shows grey; a low
#: dome always has a part facing the viewer, like the end of a sculpted bust.
DOME_FRACTION, DOME_MAX_MM = 0.14, 12.0
DOME_RINGS = 8


def _cut_planes(joints: dict[str, np.ndarray], bottom_z: float):
    """(origin, outward normal) of every plane the bust was cut along."""
    planes = [(np.array([0.0, 0.0, bottom_z]), np.array([0.0, 0.0, -1.0]))]
    for side in ("left", "right"):
        origin, normal = arm_cut(joints, side)
        planes.append((origin, normal))
    return planes


def _boundary_loops(faces: np.ndarray) -> list[list[int]]:
    """Vertex loops along the open edges of a mesh, each in edge order."""
    edges = np.sort(np.vstack([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    unique, counts = np.unique(edges, axis=0, return_counts=True)
    open_edges = unique[counts == 1]
    neighbours: dict[int, list[int]] = {}
    for a, b in open_edges:
        neighbours.setdefault(int(a), []).append(int(b))
        neighbours.setdefault(int(b), []).append(int(a))
    loops, seen = [], set()
    for start in sorted(neighbours):
        if start in seen:
            continue
        loop, previous, current = [start], None, start
        seen.add(start)
        while True:
            following = [n for n in neighbours[current] if n != previous and n not in seen]
            if not following:
                break
            previous, current = current, following[0]
            loop.append(current)
            seen.add(current)
        loops.append(loop)
    return loops


def _patch(rim: np.ndarray, normal: np.ndarray, height: float, first_index: int, rings: int):
    """Points and faces closing the loop ``rim``: rings shrinking to its centre,
    raised along ``normal`` into a dome of ``height`` (0: a flat patch). Faces
    refer to rim point k as ``-1 - k`` and to new points from ``first_index``."""
    centre = rim.mean(axis=0)
    count = len(rim)
    points = []
    for ring in range(1, rings):
        shrink = 1.0 - ring / rings
        points.append(centre + shrink * (rim - centre) + height * np.sqrt(1.0 - shrink**2) * normal)
    points.append((centre + height * normal)[None])

    def index(ring: int, k: int) -> int:  # ring 0 is the rim itself
        return -1 - (k % count) if ring == 0 else first_index + (ring - 1) * count + (k % count)

    faces = []
    for ring in range(rings - 1):
        for k in range(count):
            a, b = index(ring, k), index(ring, k + 1)
            c, d = index(ring + 1, k), index(ring + 1, k + 1)
            faces += [[a, b, d], [a, d, c]]
    apex = first_index + (rings - 1) * count
    faces += [[index(rings - 1, k), index(rings - 1, k + 1), apex] for k in range(count)]
    return np.vstack(points), faces


def _open_edge_count(faces: np.ndarray) -> np.ndarray:
    """Per face, how many of its edges no other face shares."""
    edges = np.sort(
        np.stack([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]], axis=1), axis=2
    )
    flat = edges.reshape(-1, 2)
    _, inverse, counts = np.unique(flat, axis=0, return_inverse=True, return_counts=True)
    return (counts[inverse.ravel()] == 1).reshape(-1, 3).sum(axis=1)


def _trim_ragged(faces: np.ndarray) -> np.ndarray:
    """Drop faces hanging on by one edge or none (left where a cavity was cut
    out), until every hole has a clean rim."""
    while True:
        ragged = _open_edge_count(faces) >= 2
        if not ragged.any():
            return faces
        faces = faces[~ragged]


def close_holes(vertices: np.ndarray, faces: np.ndarray, shape) -> trimesh.Trimesh:
    """Close every open loop of a mesh with a patch; ``shape(rim)`` gives the
    patch's (normal, height, rings) for that loop."""
    faces = _trim_ragged(faces)
    directed = {
        (int(a), int(b)) for face in faces for a, b in zip(face, np.roll(face, -1), strict=True)
    }
    new_points, new_faces = [], []
    first = len(vertices)
    for loop in _boundary_loops(faces):
        if len(loop) < 3:
            raise RuntimeError(f"an open rim of {len(loop)} vertices cannot be closed")
        normal, height, rings = shape(vertices[loop])
        points, patch = _patch(vertices[loop], normal, height, first, rings)
        patch = np.array([[loop[-1 - i] if i < 0 else i for i in face] for face in patch])
        # A closed surface runs each edge once each way: the patch must run the
        # rim opposite to the side it closes.
        if (loop[0], loop[1]) in directed:
            patch = patch[:, ::-1]
        new_points.append(points)
        new_faces.append(patch)
        first += len(points)
    return trimesh.Trimesh(
        np.vstack([vertices, *new_points]), np.vstack([faces, *new_faces]), process=True
    )


def seal_cavities(mesh: trimesh.Trimesh, joints: dict[str, np.ndarray]) -> trimesh.Trimesh:
    """Close the mouth and the eye sockets, which MakeHuman models as open pockets.

    The base mesh carries the whole oral cavity (for its teeth and tongue) and
    a spherical socket behind each pair of eyelids (for the eyeball). To the
    atlas they are outside the body: bones conformed under that skin were
    crushed against the cavity walls, and a muscle reaching into a socket
    showed through the eyelids. Their walls are cut away and the openings
    (the lips, the eyelids) closed with flat patches, as on a mannequin.
    """
    centres = mesh.triangles_center
    mouth_z = joints["mouth"][2] - 10.0
    near_lips = (np.abs(mesh.vertices[:, 0]) < 5) & (np.abs(mesh.vertices[:, 2] - mouth_z) < 15)
    lip_front = mesh.vertices[near_lips][:, 1].max()
    mouth = (
        (np.abs(centres[:, 0]) < 40)
        & (np.abs(centres[:, 2] - mouth_z) < 40)
        & (centres[:, 1] > joints["mouth"][1] - 30)
        & (centres[:, 1] < lip_front - 3.0)
    )
    eyes = np.zeros(len(centres), dtype=bool)
    for eye in ("l-eye", "r-eye"):
        eyes |= np.linalg.norm(centres - joints[eye], axis=1) < 16.0
    cavity = _pocket_faces(mesh, mouth, 100.0) | _pocket_faces(mesh, eyes, 30.0)

    def shape(rim):
        # Closed lids bulge a little over the eyeball; closed lips meet flat.
        near_eye = min(np.linalg.norm(rim.mean(axis=0) - joints[eye]) for eye in ("l-eye", "r-eye"))
        return (np.array([0.0, 1.0, 0.0]), 2.0, 5) if near_eye < 20.0 else (np.zeros(3), 0.0, 4)

    kept = np.asarray(mesh.faces)[~cavity]
    return close_holes(np.asarray(mesh.vertices), _largest_piece(_trim_ragged(kept)), shape)


def _largest_piece(faces: np.ndarray) -> np.ndarray:
    """The faces of the largest edge-connected piece: what is left of a socket's
    far wall once its rim is cut comes loose, and would close into a bubble."""
    mesh = trimesh.Trimesh(np.zeros((faces.max() + 1, 3)), faces, process=False)
    labels = trimesh.graph.connected_component_labels(mesh.face_adjacency, node_count=len(faces))
    return faces[labels == np.argmax(np.bincount(labels))]


def dome_caps(
    mesh: trimesh.Trimesh, joints: dict[str, np.ndarray], bottom_z: float
) -> trimesh.Trimesh:
    """Replace the flat caps of the bust's cuts by low domes."""
    vertices, faces = np.asarray(mesh.vertices), np.asarray(mesh.faces)
    planes = _cut_planes(joints, bottom_z)
    on_cap = np.zeros(len(faces), dtype=bool)
    for origin, normal in planes:
        # Every triangle flat in a cut plane is cap (slivers may face either way).
        on_cap |= (np.abs((vertices - origin) @ normal) < 0.05)[faces].all(axis=1)

    def shape(rim):
        _, normal = min(planes, key=lambda plane: np.abs((rim - plane[0]) @ plane[1]).mean())
        radius = float(np.linalg.norm(rim - rim.mean(axis=0), axis=1).mean())
        return normal, min(DOME_FRACTION * radius, DOME_MAX_MM), DOME_RINGS

    return close_holes(vertices, faces[~on_cap], shape)
