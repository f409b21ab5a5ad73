"""The structures at risk when needling (issue 13): vessels, nerves, the pleural
domes and the spinal canal, each fixed to bone landmarks of the placed atlas.

Every path is a handful of control points taken from landmarks (transverse
foramina found on the cervical spine itself, the clavicle, the mandible, the
mastoid, the posterior border of the sternocleidomastoid...), smoothed into a
tube of typical calibre (anatomy.md, "Structures at risk when needling"). The
left side is built and mirrored, except the brachiocephalic veins: the left
one crosses the midline behind the manubrium, the right one runs straight down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import trimesh

from tools.build_atlas import geometry, openings
from tools.build_atlas.surfaces import Surface
from tools.build_atlas.tubes import tube
from tools.build_atlas.writer import mirrored

ARTERY, VEIN, NERVE = "#c8102e", "#2b5fb4", "#f2c200"
PLEURA, CANAL = "#b8c8d8", "#e8e0a8"
#: Least depth of a structure's surface under the skin (mm).
SKIN_MARGIN_MM = 0.6
#: The pleural dome's top above the medial third of the clavicle (anatomy.md: 2-3 cm).
DOME_ABOVE_CLAVICLE_MM = 25.0


@dataclass
class Anatomy:
    """What the paths are fixed to: landmarks (left side), skin, bones, muscles."""

    marks: dict[str, np.ndarray]
    skin: Surface
    bones: dict[str, trimesh.Trimesh]
    muscles: dict[str, trimesh.Trimesh]

    def mark(self, name: str) -> np.ndarray:
        return np.array(self.marks[name], dtype=float)

    def under_skin(self, point, depth: float) -> np.ndarray:
        """The point ``depth`` mm under the skin point nearest ``point``."""
        closest, normal = self.skin.project(point)
        return closest[0] - normal[0] * depth

    def level(self, structure: str, fraction: float) -> float:
        """Height ``fraction`` of the way up a muscle (0 = its lowest point)."""
        heights = np.asarray(self.muscles[structure].vertices)[:, 2]
        return float(heights.min() + fraction * np.ptp(heights))

    def back_edge(self, structure: str, z: float) -> np.ndarray:
        """The most posterior point of a muscle within 3 mm of height ``z``."""
        points = np.asarray(self.muscles[structure].vertices)
        band = points[np.abs(points[:, 2] - z) < 3.0]
        return band[np.argmin(band[:, 1])]

    def front_edge(self, structure: str, z: float) -> np.ndarray:
        """The most anterior point of a muscle within 4 mm of height ``z``."""
        points = np.asarray(self.muscles[structure].vertices)
        band = points[np.abs(points[:, 2] - z) < 4.0]
        return band[np.argmax(band[:, 1])]


@dataclass(frozen=True)
class AtRiskSpec:
    """One structure at risk: manifest fields and how it is built (left side)."""

    id: str
    name: str
    kind: str  # artery | vein | nerve | organ
    color: str
    build: Callable[[Anatomy], trimesh.Trimesh]
    fma: str | None = None
    paired: bool = True


def foramina(body: Anatomy) -> list[np.ndarray]:
    """Left transverse foramina C6 up to C1 (landmarks found on the bone)."""
    return [body.mark(f"c{level}_transverse_foramen_left") for level in range(6, 0, -1)]


def subclavian_points(body: Anatomy) -> np.ndarray:
    """Behind the sternoclavicular joint, arching over the first rib between the
    scalenes, then behind the middle of the clavicle toward the axilla."""
    medial = body.mark("clavicle_medial_left")
    middle = body.mark("clavicle_medial_third_end_left")
    groove = body.mark("first_rib_groove_left")
    return np.array(
        [
            medial + (-4.0, -14.0, -10.0),
            (medial + groove) / 2 + (0.0, 0.0, 8.0),
            groove + (0.0, 0.0, 4.5),
            middle + (0.0, -12.0, -4.0),
            middle + (-16.0, -14.0, -14.0),
        ]
    )


def subclavian_artery(body: Anatomy) -> trimesh.Trimesh:
    return tube(subclavian_points(body), 4.0)


def vertebral_artery(body: Anatomy) -> trimesh.Trimesh:
    """From the first part of the subclavian up into the C6 foramen, through the
    foramina to C1, back round the lateral mass, medially on the posterior arch
    of C1 and up through the foramen magnum."""
    holes = foramina(body)
    origin = subclavian_points(body)[1]
    c6, c1 = holes[0], holes[-1]
    tubercle = body.mark("c1_posterior_tubercle")
    arch = np.array([-14.0, (tubercle[1] + c1[1]) / 2 - 6.0, c1[2]])
    arch = _on_top(body, arch) + (0.0, 0.0, 2.5)  # in the groove on top of the arch
    canal = body.mark("c1_canal")
    points = [
        origin + (0.0, -6.0, 6.0),
        (origin + c6) / 2 + (0.0, -2.0, 0.0),
        c6 + (0.0, 0.0, -8.0),
        *holes,
        c1 + (-3.0, -10.0, 5.0),
        arch,
        np.array([-7.0, canal[1], c1[2] + 12.0]),
        np.array([-4.0, canal[1] + 4.0, c1[2] + 20.0]),
    ]
    return tube(np.array(points), 1.6)


def _on_top(body: Anatomy, point) -> np.ndarray:
    """The bone surface seen from above at ``point`` (the top of C1's arch)."""
    return Surface(body.bones["cervical_spine"]).hit_from_outside(point, (0.0, 0.0, -1.0))


def carotid_points(body: Anatomy) -> np.ndarray:
    """Behind the sternoclavicular joint, up in front of the transverse processes
    (dividing at C4), and on as the internal carotid to the skull base."""
    holes = foramina(body)
    medial = body.mark("clavicle_medial_left")
    in_front = [hole + (-3.0, 13.0, 0.0) for hole in holes[:5]]
    return np.array(
        [
            medial + (-3.0, -10.0, -14.0),
            medial + (-6.0, -8.0, 12.0),
            *in_front,
            holes[-1] + (2.0, 10.0, 8.0),
        ]
    )


def common_carotid_artery(body: Anatomy) -> trimesh.Trimesh:
    return tube(carotid_points(body), 3.6)


def internal_jugular_vein(body: Anatomy) -> trimesh.Trimesh:
    """From the jugular foramen (in front of C1's transverse process, medial to
    the mastoid) down lateral to the carotid to behind the sternoclavicular joint."""
    carotid = carotid_points(body)
    lateral = [point + (-10.0, -2.0, 0.0) for point in carotid[2:-1]]
    top = body.mark("c1_transverse_left") + (6.0, 9.0, 5.0)
    points = [carotid[0] + (-6.0, -2.0, 0.0), carotid[1] + (-9.0, -2.0, 0.0), *lateral, top]
    return tube(np.array(points), (5.5, 4.5))


def brachiocephalic_vein(body: Anatomy, side: str) -> trimesh.Trimesh:
    """Behind the sternoclavicular joint to where the two veins join, behind the
    right edge of the manubrium: the left vein crosses behind the manubrium,
    the right one runs almost straight down."""
    sign = -1.0 if side == "left" else 1.0
    medial = body.mark(f"clavicle_medial_{side}")
    start = medial + (sign * 9.0, -12.0, -10.0)
    notch = body.mark("jugular_notch")
    join = np.array([9.0, notch[1] - 16.0, notch[2] - 40.0])
    middle = (start + join) / 2 + (0.0, 0.0, 4.0 if side == "left" else 0.0)
    return tube(np.array([start, middle, join]), 6.0)


def brachial_plexus(body: Anatomy) -> trimesh.Trimesh:
    """The three trunks, from the C5-C6, C7 and C8-T1 roots behind the vertebral
    artery, down and out between the scalenes, above and behind the subclavian
    artery, to behind the middle of the clavicle."""
    holes = foramina(body)
    artery = subclavian_points(body)
    t1 = body.mark("t1_transverse_left")
    roots = (
        (holes[1] + holes[0]) / 2 + (-8.0, -5.0, 0.0),
        holes[0] + (-9.0, -6.0, -12.0),
        (holes[0] + t1) / 2 + (-4.0, -4.0, -8.0),
    )
    trunks = []
    for index, root in enumerate(roots):
        above = artery[2] + (-6.0 - 2.0 * index, -7.0, 14.0 - 5.5 * index)
        end = artery[3] + (-4.0, -9.0, 13.0 - 5.5 * index)
        trunks.append(tube(np.array([root, (root + above) / 2, above, end]), 2.2))
    return trimesh.util.concatenate(trunks)


def greater_occipital_nerve(body: Anatomy) -> trimesh.Trimesh:
    """Out below the obliquus capitis inferior, up over it, through semispinalis
    capitis and the trapezius near the superior nuchal line, onto the scalp."""
    c2 = body.mark("c2_spinous")
    nuchal = body.mark("superior_nuchal_line_medial_left")
    inion = body.mark("external_occipital_protuberance")
    points = [
        c2 + (-20.0, 12.0, 9.0),
        c2 + (-19.0, 2.0, 20.0),
        c2 + (-17.0, -6.0, 38.0),
        body.under_skin(nuchal + (-6.0, -10.0, -6.0), 3.5),
        body.under_skin(inion + (-30.0, 0.0, 30.0), 2.4),
        body.under_skin(inion + (-34.0, 20.0, 60.0), 2.4),
    ]
    return tube(np.array(points), 1.2, sides=8)


def occipital_artery(body: Anatomy) -> trimesh.Trimesh:
    """From behind the ramus, back medial to the mastoid, deep to the splenius,
    out through the trapezius attachment lateral to the nerve, onto the scalp."""
    mastoid = body.mark("mastoid_process_left")
    lateral = body.mark("superior_nuchal_line_lateral_left")
    inion = body.mark("external_occipital_protuberance")
    points = [
        body.mark("gonion_left") + (12.0, -18.0, 8.0),
        mastoid + (10.0, -6.0, -2.0),
        mastoid + (12.0, -28.0, 10.0),
        body.under_skin(lateral + (4.0, -8.0, -2.0), 3.5),
        body.under_skin(inion + (-44.0, 10.0, 30.0), 2.4),
        body.under_skin(inion + (-46.0, 32.0, 58.0), 2.4),
    ]
    return tube(np.array(points), 1.3, sides=8)


def spinal_accessory_nerve(body: Anatomy) -> trimesh.Trimesh:
    """From the jugular foramen down through the upper SCM, out at its posterior
    border between its upper and middle thirds, down and back across the
    posterior triangle, under the trapezius 3-5 cm above the clavicle."""
    scm = "sternocleidomastoid_clavicular_left"
    exit_point = body.back_edge(scm, body.level(scm, 2.0 / 3.0))
    clavicle = body.mark("clavicle_lateral_third_left")
    trapezius = np.array([clavicle[0] + 30.0, clavicle[1] - 22.0, clavicle[2] + 40.0])
    points = [
        body.mark("c1_transverse_left") + (4.0, 2.0, 6.0),
        body.mark("mastoid_process_left") + (4.0, -6.0, -20.0),
        exit_point + (2.0, -3.0, 0.0),
        (exit_point + trapezius) / 2 + (0.0, -4.0, 0.0),
        body.under_skin(trapezius, 10.0),
    ]
    return tube(np.array(points), 1.0, sides=8)


def great_auricular_nerve(body: Anatomy) -> trimesh.Trimesh:
    """Round the posterior border of the SCM at its middle, then up across the
    muscle toward the earlobe, just under the skin."""
    scm = "sternocleidomastoid_clavicular_left"
    middle = body.back_edge(scm, body.level(scm, 0.5))
    lobe = body.mark("tragus_left") + (2.0, -4.0, -18.0)
    points = [
        middle + (5.0, -2.0, -4.0),
        body.under_skin(middle + (0.0, 2.0, 6.0), 2.2),
        body.under_skin((middle + lobe) / 2, 2.2),
        body.under_skin(lobe, 2.4),
    ]
    return tube(np.array(points), 1.0, sides=8)


def external_jugular_vein(body: Anatomy) -> trimesh.Trimesh:
    """From below the earlobe behind the angle of the jaw, down across the SCM
    under the skin, through the fascia above the middle of the clavicle, into
    the subclavian vein behind it."""
    scm = "sternocleidomastoid_clavicular_left"
    angle = body.mark("gonion_left")
    middle = body.mark("clavicle_medial_third_end_left")
    across = body.front_edge(scm, body.level(scm, 0.5))
    points = [
        body.under_skin(angle + (-4.0, -14.0, 8.0), 2.6),
        body.under_skin(across + (-4.0, -12.0, 0.0), 2.6),
        body.under_skin(middle + (6.0, 4.0, 28.0), 2.6),
        body.under_skin(middle + (4.0, -4.0, 10.0), 9.0),
        middle + (4.0, -12.0, -2.0),
    ]
    return tube(np.array(points), 1.8)


def superficial_temporal_artery(body: Anatomy) -> trimesh.Trimesh:
    """Up behind the neck of the mandible, in front of the tragus, over the root
    of the zygomatic arch into the temple."""
    condyle = body.mark("condyle_left")
    arch = body.mark("zygomatic_arch_posterior_left")
    temple = body.mark("temple_left")
    points = [
        condyle + (-4.0, -6.0, -22.0),
        body.under_skin(body.mark("tragus_left") + (2.0, 9.0, -6.0), 3.2),
        body.under_skin(arch + (0.0, -4.0, 8.0), 2.6),
        body.under_skin((arch + temple) / 2 + (0.0, -8.0, 0.0), 2.6),
        body.under_skin(temple + (0.0, -16.0, 18.0), 2.6),
    ]
    return tube(np.array(points), 1.1, sides=8)


def facial_artery(body: Anatomy) -> trimesh.Trimesh:
    """From under the mandible, round its lower border at the front edge of the
    masseter, up beside the corner of the mouth toward the side of the nose."""
    border = body.mark("mandible_lower_border_left")
    masseter = body.front_edge("masseter_left", border[2] + 6.0)
    crossing = np.array([masseter[0], masseter[1] + 3.0, border[2]])
    nose = body.mark("maxilla_left")
    mouth = np.array([nose[0] - 14.0, nose[1] - 4.0, border[2] + 32.0])
    points = [
        crossing + (12.0, -14.0, -14.0),
        body.under_skin(crossing + (0.0, 0.0, -4.0), 3.0),
        body.under_skin((crossing + mouth) / 2, 3.4),
        body.under_skin(mouth, 3.4),
        body.under_skin(nose + (-4.0, 0.0, 8.0), 3.0),
    ]
    return tube(np.array(points), 1.2, sides=8)


def parotid_duct(body: Anatomy) -> trimesh.Trimesh:
    """Forward across the masseter about 1 cm below the zygomatic arch, then in
    through the cheek at the masseter's front edge."""
    arch = body.mark("zygomatic_arch_left")
    level = arch[2] - 11.0
    masseter = np.asarray(body.muscles["masseter_left"].vertices)
    band = masseter[np.abs(masseter[:, 2] - level) < 4.0]
    back, front = band[np.argmin(band[:, 1])], band[np.argmax(band[:, 1])]
    points = [
        body.under_skin(back + (0.0, -6.0, 0.0), 4.0),
        body.under_skin(back + 0.35 * (front - back), 2.2),
        body.under_skin(back + 0.7 * (front - back), 2.2),
        front + (8.0, 4.0, 0.0),
    ]
    return tube(np.array([np.array([p[0], p[1], level]) for p in points]), 1.3, sides=8)


def spinal_canal(body: Anatomy) -> trimesh.Trimesh:
    """Cord and dura through the canal centres C7 up to C1 and the foramen
    magnum, as wide as the canal allows."""
    levels = [
        (body.mark(f"c{level}_canal"), body.marks[f"c{level}_canal_radius"])
        for level in range(7, 0, -1)
    ]
    centres = np.array([centre for centre, _ in levels])
    top = centres[-1] + (0.0, 0.0, 14.0)
    points = np.vstack([centres[0] + (0.0, -3.0, -10.0), centres, top])
    radii = np.array([levels[0][1], *[radius for _, radius in levels], levels[-1][1]])
    return tube(points, np.clip(radii - 0.8, 3.5, 5.0), sides=12)


def pleural_dome(body: Anatomy) -> trimesh.Trimesh:
    """The cervical pleura and lung apex: a dome inside the first rib, behind the
    medial third of the clavicle, rising 2-3 cm above it."""
    clavicle = np.asarray(body.bones["clavicle_left"].vertices)
    medial, lateral = body.mark("clavicle_medial_left"), body.mark("clavicle_lateral_left")
    third = clavicle[np.abs(clavicle[:, 0]) <= abs(medial[0]) + abs(lateral[0] - medial[0]) / 3]
    top_z = float(third[:, 2].max()) + DOME_ABOVE_CLAVICLE_MM
    apex = np.array([medial[0] + (lateral[0] - medial[0]) / 6, medial[1] - 34.0, top_z])
    return dome(apex, (24.0, 22.0, 42.0))


def dome(apex, radii, rings: int = 10, sides: int = 16) -> trimesh.Trimesh:
    """A closed half-ellipsoid hanging from ``apex`` (its flat base at the equator)."""
    apex = np.asarray(apex, dtype=float)
    centre = apex - (0.0, 0.0, radii[2])
    polar = np.linspace(0.0, np.pi / 2, rings + 1)[1:]
    around = np.linspace(0.0, 2 * np.pi, sides, endpoint=False)
    ring_points = [
        centre
        + np.c_[
            radii[0] * np.sin(theta) * np.cos(around),
            radii[1] * np.sin(theta) * np.sin(around),
            np.full(sides, radii[2] * np.cos(theta)),
        ]
        for theta in polar
    ]
    vertices = np.vstack([apex, *ring_points, centre])
    faces = []
    ring = np.arange(sides)
    following = (ring + 1) % sides
    faces.append(np.c_[np.zeros(sides, int), 1 + ring, 1 + following])
    for index in range(rings - 1):
        a, b = 1 + index * sides + ring, 1 + index * sides + following
        faces += [np.c_[a, a + sides, b + sides], np.c_[a, b + sides, b]]
    last, base = 1 + (rings - 1) * sides, len(vertices) - 1
    faces.append(np.c_[np.full(sides, base), last + following, last + ring])
    mesh = trimesh.Trimesh(vertices, np.vstack(faces), process=False)
    if mesh.volume < 0:
        mesh.invert()
    return mesh


AT_RISK = (
    AtRiskSpec("pleural_dome", "Pleural dome and lung apex", "organ", PLEURA, pleural_dome),
    AtRiskSpec(
        "vertebral_artery", "Vertebral artery", "artery", ARTERY, vertebral_artery, "FMA:3956"
    ),
    AtRiskSpec(
        "common_carotid_artery",
        "Common carotid artery (and internal carotid above C4)",
        "artery",
        ARTERY,
        common_carotid_artery,
        "FMA:3939",
    ),
    AtRiskSpec(
        "internal_jugular_vein", "Internal jugular vein", "vein", VEIN, internal_jugular_vein
    ),
    AtRiskSpec(
        "external_jugular_vein", "External jugular vein", "vein", VEIN, external_jugular_vein
    ),
    AtRiskSpec(
        "brachiocephalic_vein",
        "Brachiocephalic vein",
        "vein",
        VEIN,
        brachiocephalic_vein,
        "FMA:4723",
    ),
    AtRiskSpec("subclavian_artery", "Subclavian artery", "artery", ARTERY, subclavian_artery),
    AtRiskSpec(
        "brachial_plexus", "Brachial plexus (trunks)", "nerve", NERVE, brachial_plexus, "FMA:5906"
    ),
    AtRiskSpec(
        "greater_occipital_nerve",
        "Greater occipital nerve",
        "nerve",
        NERVE,
        greater_occipital_nerve,
    ),
    AtRiskSpec("occipital_artery", "Occipital artery", "artery", ARTERY, occipital_artery),
    AtRiskSpec(
        "spinal_accessory_nerve",
        "Spinal accessory nerve (XI)",
        "nerve",
        NERVE,
        spinal_accessory_nerve,
    ),
    AtRiskSpec(
        "great_auricular_nerve", "Great auricular nerve", "nerve", NERVE, great_auricular_nerve
    ),
    AtRiskSpec(
        "superficial_temporal_artery",
        "Superficial temporal artery",
        "artery",
        ARTERY,
        superficial_temporal_artery,
    ),
    AtRiskSpec("facial_artery", "Facial artery", "artery", ARTERY, facial_artery),
    AtRiskSpec("parotid_duct", "Parotid duct", "organ", "#d9c9a0", parotid_duct),
    AtRiskSpec(
        "spinal_canal",
        "Spinal canal C1-C7 (cord and dura)",
        "organ",
        CANAL,
        spinal_canal,
        paired=False,
    ),
)


def opening_marks(cervical: trimesh.Trimesh, marks: dict[str, np.ndarray]) -> dict:
    """Transverse foramina and canal centres found on the cervical spine."""
    surface = Surface(cervical)
    found = {
        name: point for name, (point, _) in openings.transverse_foramina(surface, marks).items()
    }
    for name, (point, radius) in openings.canal_centres(surface, marks).items():
        found[name] = point
        found[f"{name}_radius"] = radius
    return found


def _mirror_point(point) -> np.ndarray:
    return np.asarray(point, dtype=float) * np.array([-1.0, 1.0, 1.0])


def _as_left(named: dict, flip) -> dict:
    """The right side's items under left names, mirrored onto the left side
    (unsided items are mirrored in place)."""
    result = {}
    for name, value in named.items():
        if name.endswith("_right"):
            result[name[:-6] + "_left"] = flip(value)
        elif not name.endswith("_left"):
            result[name] = flip(value) if not np.isscalar(value) else value
    return result


def _sides(marks, skin_mesh, solids, muscles) -> dict[str, Anatomy]:
    """The body seen from each side: the right side is mirrored onto the left,
    so one builder serves both and each side follows its own bones."""
    left = Anatomy(marks, Surface(skin_mesh), solids, muscles)
    right = Anatomy(
        _as_left(marks, _mirror_point),
        Surface(mirrored(skin_mesh)),
        _as_left(solids, mirrored),
        _as_left(muscles, mirrored),
    )
    return {"left": left, "right": right}


def build_at_risk(marks, skin_mesh, solids, muscles) -> tuple[dict, dict]:
    """Every structure at risk (both sides), fitted inside the skin, and the
    landmarks found for them (name -> point)."""
    found = opening_marks(solids["cervical_spine"], marks)
    bodies = _sides(marks | found, skin_mesh, solids, muscles)
    skin_poly = bodies["left"].skin.polydata
    meshes = {}
    for spec in AT_RISK:
        if spec.id == "brachiocephalic_vein":
            built = {f"{spec.id}_{side}": spec.build(bodies["left"], side) for side in bodies}
        elif spec.paired:
            built = {
                f"{spec.id}_left": spec.build(bodies["left"]),
                f"{spec.id}_right": mirrored(spec.build(bodies["right"])),
            }
        else:
            built = {spec.id: spec.build(bodies["left"])}
        for name, mesh in built.items():
            vertices = geometry.clear_of_skin(
                np.asarray(mesh.vertices), np.asarray(mesh.faces), skin_poly, SKIN_MARGIN_MM
            )
            meshes[name] = trimesh.Trimesh(vertices, mesh.faces, process=False)
    landmarks = {name: point for name, point in found.items() if not name.endswith("_radius")}
    return meshes, landmarks
