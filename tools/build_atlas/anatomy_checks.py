"""Anatomical figures of the built atlas: depth order, shoulder girdle, jaw.

Each function reads the atlas as the app loads it and returns plain numbers
for the build report; the expected values come from anatomy.md.
"""

from __future__ import annotations

import itertools

import numpy as np
import pyvista as pv

from tools.build_atlas.measures import incisor_overlap, polydata, principal_axes

#: The depth order of the brief over the back of the neck: skin -> trapezius ->
#: splenius -> semispinalis -> suboccipitals -> bone.
DEPTH_RANK = {
    "trapezius": 1,
    "splenius": 2,
    "semispinalis": 3,
    "rectus_capitis": 4,
    "obliquus_capitis": 4,
    "multifidus": 4,
}


def _rank(structure) -> int | None:
    if structure.kind == "bone":
        return 5
    for prefix, rank in DEPTH_RANK.items():
        if structure.id.startswith(prefix):
            return rank
    return None


def depth_order(atlas) -> dict:
    """Rays inward from the skin of the back of the neck and upper back (left):
    in how many does a deeper layer of the brief come before a shallower one?"""
    ranked = {
        s.id: (rank, polydata(s.vertices, s.faces))
        for s in atlas.structures.values()
        if (rank := _rank(s)) is not None and s.side in ("left", "midline")
    }
    skin = polydata(atlas.skin.vertices, atlas.skin.faces)
    skin_normals = skin.compute_normals(cell_normals=True, point_normals=False)
    top = atlas.landmark("external_occipital_protuberance")[2] - 8.0
    bottom = atlas.landmark("t3_spinous")[2]
    checked, wrong, examples = 0, 0, []
    for z in np.arange(bottom, top, 10.0):
        for x in np.arange(-8.0, -60.0, -10.0):
            hits, cells = skin.ray_trace((x, -400.0, z), (x, 0.0, z))
            if len(hits) == 0:
                continue
            start = np.asarray(hits).reshape(-1, 3)[0]
            inward = -np.asarray(skin_normals.cell_data["Normals"])[np.asarray(cells)[0]]
            order = _first_entries(ranked, start, inward)
            if len(order) < 2:
                continue
            checked += 1
            ranks = [rank for _, rank, _ in order]
            if any(a > b for a, b in itertools.pairwise(ranks)):
                wrong += 1
                if len(examples) < 5:
                    examples.append(
                        {"at": [round(x), round(float(z))], "order": [n for n, _, _ in order]}
                    )
    return {"columns": checked, "out_of_order": wrong, "examples": examples}


def _first_entries(ranked, start, inward, depth: float = 90.0):
    """(structure, rank, distance) of everything a ray meets, nearest first;
    the ray stops at the first bone."""
    found = []
    for name, (rank, surface) in ranked.items():
        points, _ = surface.ray_trace(start, start + depth * inward)
        points = np.asarray(points).reshape(-1, 3)
        if len(points):
            found.append((name, rank, float(np.min((points - start) @ inward))))
    found.sort(key=lambda item: item[2])
    first_bone = next((i for i, item in enumerate(found) if item[1] == 5), None)
    return found if first_bone is None else found[: first_bone + 1]


def clavicle(atlas, side: str) -> dict:
    """End-to-end length and backward sweep from the coronal plane."""
    vertices = np.asarray(atlas.structures[f"clavicle_{side}"].vertices)
    axis = principal_axes(vertices)[0]
    along = vertices @ axis
    ends = vertices[[np.argmin(along), np.argmax(along)]]
    medial, lateral = sorted(ends, key=lambda p: abs(p[0]))
    direction = lateral - medial
    return {
        "length_mm": round(float(np.linalg.norm(direction)), 1),
        "sweep_deg": round(float(np.degrees(np.arctan2(-direction[1], abs(direction[0])))), 1),
    }


def scapula(atlas, side: str) -> dict:
    """Levels against the spinous processes and the medial border's distance."""
    mark = atlas.landmark
    return {
        "superior_angle_above_t2_mm": round(
            float(mark(f"scapula_superior_angle_{side}")[2] - mark("t2_spinous")[2]), 1
        ),
        "spine_root_above_t3_mm": round(
            float(mark(f"scapular_spine_root_{side}")[2] - mark("t3_spinous")[2]), 1
        ),
        "medial_border_at_root_mm": round(float(abs(mark(f"scapular_spine_root_{side}")[0])), 1),
        "inferior_angle": "below the bust cut (T7 lies under it)",
    } | blade_on_ribs(atlas, side)


def blade_on_ribs(atlas, side: str) -> dict:
    """How the blade lies on the chest: the gap from its costal (front) face to
    the back of the ribs, along rays from behind over the blade below its spine
    (5th, 50th and 95th percentile; negative = the blade runs into the ribs)."""
    blade = atlas.structures[f"scapula_{side}"]
    ribs = atlas.structures["rib_cage"]
    blade_surface = polydata(blade.vertices, blade.faces)
    rib_surface = polydata(ribs.vertices, ribs.faces)
    root_z = atlas.landmark(f"scapular_spine_root_{side}")[2]
    low_z = blade.vertices[:, 2].min() + 4.0
    sign = 1.0 if side == "right" else -1.0
    inner = np.abs(blade.vertices[:, 0]).min()
    gaps = []
    for x, z in itertools.product(
        sign * np.arange(inner + 4.0, inner + 64.0, 6.0), np.arange(low_z, root_z - 8.0, 6.0)
    ):
        start, end = np.array([x, -300.0, z]), np.array([x, 300.0, z])
        blade_hits, _ = blade_surface.ray_trace(start, end)
        rib_hits, _ = rib_surface.ray_trace(start, end)
        if len(blade_hits) < 2 or len(rib_hits) == 0:
            continue  # off the blade, or between two ribs
        front = np.sort(blade_hits[:, 1])[1]  # where the ray leaves the blade
        gap = float(np.sort(rib_hits[:, 1])[0] - front)
        if gap < 40.0:  # farther: the ray went between two ribs to the front of the chest
            gaps.append(gap)
    low, middle, high = np.percentile(gaps, [5, 50, 95])
    return {
        "blade_gap_to_ribs_mm": [round(float(v), 1) for v in (low, middle, high)],
        "blade_rays_on_ribs": len(gaps),
    }


def thoracic_line(atlas) -> dict:
    """Spinous tips T1-T6 (y, z) and how far each lies in front of the line
    through T1-T3 carried down (positive = forward; a kyphosis bends gently
    forward of it, a spine pushed in by the skin kinks sharply)."""
    tips = np.array([atlas.landmark(f"t{level}_spinous") for level in range(1, 7)])
    slope = np.polyfit(tips[:3, 2], tips[:3, 1], 1)
    ahead = tips[:, 1] - np.polyval(slope, tips[:, 2])
    return {
        f"t{i + 1}": [round(float(t[1]), 1), round(float(t[2]), 1), round(float(a), 1)]
        for i, (t, a) in enumerate(zip(tips, ahead, strict=True))
    }


def jaw(atlas, side: str = "left") -> dict:
    """Condyle against the tragus, the angle's level, the bite and the joint space."""
    mark = atlas.landmark
    condyle, tragus, gonion = (
        mark(f"condyle_{side}"),
        mark(f"tragus_{side}"),
        mark(f"gonion_{side}"),
    )
    skull = np.asarray(atlas.structures["skull"].vertices)
    jaw_mesh = atlas.structures["mandible"]
    jaw_vertices = np.asarray(jaw_mesh.vertices)
    back = jaw_vertices[jaw_vertices[:, 1] < np.median(jaw_vertices[:, 1])]
    condyles = back[back[:, 2] > back[:, 2].max() - 10.0]
    gap = pv.PolyData(condyles).compute_implicit_distance(
        polydata(skull, atlas.structures["skull"].faces)
    )
    return {
        "condyle_in_front_of_tragus_mm": round(float(condyle[1] - tragus[1]), 1),
        "condyle_above_tragus_mm": round(float(condyle[2] - tragus[2]), 1),
        "angle_level_between_c2_c3": bool(
            mark("c3_spinous")[2] - 5 <= gonion[2] <= mark("c2_spinous")[2] + 5
        ),
        "angle_z_mm": round(float(gonion[2]), 1),
        "incisor_overlap_mm": round(incisor_overlap(jaw_vertices, skull), 1),
        "condyle_clearance_mm": round(float(np.min(gap["implicit_distance"])), 1),
    }


def contact_length(atlas, first: str, second: str, within: float = 0.6) -> float:
    """How long the seam is along which two structures touch (mm): the extent of
    the vertices of ``first`` lying within ``within`` mm of ``second``."""
    a, b = atlas.structures[first], atlas.structures[second]
    distance = pv.PolyData(np.asarray(a.vertices, float)).compute_implicit_distance(
        polydata(b.vertices, b.faces)
    )
    touching = np.asarray(a.vertices)[np.abs(np.asarray(distance["implicit_distance"])) <= within]
    return round(float(np.ptp(touching, axis=0).max()), 1) if len(touching) > 1 else 0.0


def sheets(atlas, side: str = "left") -> dict:
    """One trapezius and one SCM: the seams between their parts, and the width of
    the ascending part where the bust is cut."""

    def part(name: str) -> str:
        return f"{name}_{side}"

    ascending = np.asarray(atlas.structures[part("trapezius_ascending")].vertices)
    low = ascending[ascending[:, 2] < ascending[:, 2].min() + 6.0]  # at the bust cut
    return {
        "trapezius_descending_transverse_seam_mm": contact_length(
            atlas, part("trapezius_descending"), part("trapezius_transverse")
        ),
        "trapezius_transverse_ascending_seam_mm": contact_length(
            atlas, part("trapezius_transverse"), part("trapezius_ascending")
        ),
        "scm_heads_seam_mm": contact_length(
            atlas, part("sternocleidomastoid_sternal"), part("sternocleidomastoid_clavicular")
        ),
        "ascending_width_at_cut_mm": round(float(np.ptp(low[:, 0])), 1) if len(low) > 1 else 0.0,
    }
