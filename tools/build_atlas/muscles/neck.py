"""Muscles of the side and back of the neck: SCM, splenii, levator, semispinalis.

All are bands draped under the skin and under whatever is already built above
them (see :mod:`tissue`), with their ends carried onto the bony features they
attach to. A band's grid has rows along its fibres (origin -> insertion) and
columns across it.
"""

from __future__ import annotations

import numpy as np

from tools.build_atlas.muscle_shapes import bump, resample, ruled_grid, slab
from tools.build_atlas.tissue import Body, attach, drape, sink

ALONG, ACROSS = 22, 9
TRAPEZIUS = ("trapezius_descending", "trapezius_transverse", "trapezius_ascending")
SCM = ("sternocleidomastoid_sternal", "sternocleidomastoid_clavicular")


def end_weights(rows: int, origin_rows: float, insertion_rows: float) -> np.ndarray:
    """Per row, how far it is carried onto bone: 1 at each end, fading inward."""
    index = np.arange(rows, dtype=float)
    origin = np.clip(1.0 - index / max(origin_rows, 1e-9), 0.0, 1.0)
    insertion = np.clip(1.0 - (rows - 1 - index) / max(insertion_rows, 1e-9), 0.0, 1.0)
    return np.maximum(origin, insertion) ** 1.5


def band(
    body: Body,
    origin: np.ndarray,
    insertion: np.ndarray,
    thickness: np.ndarray,
    under: tuple[str, ...],
    ends: tuple[float, float] = (3.0, 3.0),
    via: np.ndarray | None = None,
):
    """A band from an origin line to an insertion line (both polylines on bone).

    ``via`` (optional, a polyline of the same number of points) is a line the
    band passes through half-way, for bands that curve round the neck.
    """
    first, last = resample(origin, ACROSS), resample(insertion, ACROSS)
    if via is None:
        grid = ruled_grid(first, last, ALONG)
    else:
        middle = resample(via, ACROSS)
        half = ALONG // 2 + 1
        grid = np.concatenate(
            [ruled_grid(first, middle, half), ruled_grid(middle, last, ALONG - half + 1)[1:]]
        )
    outer, inner = drape(body, grid, thickness, under)
    weights = end_weights(ALONG, *ends)[:, None] * np.ones(ACROSS)[None]
    return attach(body, outer, inner, weights)


def profile(belly: float, along_edge: float, across_edge: float) -> np.ndarray:
    """Thickness (rows, columns): ``belly`` mm in the middle, thinner at ends and edges."""
    return belly * bump(ALONG, along_edge, 0.6)[:, None] * bump(ACROSS, across_edge, 0.5)[None]


# -- sternocleidomastoid -----------------------------------------------------
#
# One band. Its two heads (the sternal tendon from the front of the manubrium,
# the flat clavicular head from the medial third of the clavicle) run up side by
# side, meet at mid-neck and insert together on the outer face of the mastoid
# and the lateral half of the superior nuchal line. Each head is its own
# structure: the anterior and the posterior half of the one band.

SCM_JOIN = 0.45  # fraction of the length where the heads have merged


#: Width of the one belly (anatomy.md: 3-4 cm) from a little above the heads'
#: origins to just below the mastoid: (fraction of the length, mm).
SCM_BELLY_WIDTH = ((0.3, 38.0), (0.75, 36.0))


def _scm_lines(body: Body):
    m = body.mark
    manubrium = m("manubrium_left")
    bottom = {
        "anterior": manubrium + (4.0, 2.0, 0.0),
        "sternal_back": manubrium + (-6.0, -2.0, 3.0),
        "clavicular_front": m("clavicle_medial_upper_left"),
        "posterior": m("clavicle_medial_third_end_left"),
    }
    top = {
        "anterior": m("mastoid_process_left") + (0.0, 4.0, 2.0),
        "middle": m("mastoid_lateral_left"),
        "posterior": (m("superior_nuchal_line_lateral_left") + m("superior_nuchal_line_mid_left"))
        / 2,
    }
    return bottom, top


def _scm_edges(body: Body):
    """The band's long edges (anterior, the two heads' meeting edges, posterior)
    from below up, narrowed to the belly's width between the attachments."""
    bottom, top = _scm_lines(body)
    t = np.linspace(0.0, 1.0, ALONG)[:, None]
    anterior = (1 - t) * bottom["anterior"] + t * top["anterior"]
    posterior = (1 - t) * bottom["posterior"] + t * top["posterior"]
    join_bottom = (bottom["sternal_back"] + bottom["clavicular_front"]) / 2
    merged_join = (1 - t) * join_bottom + t * top["middle"]
    below = np.clip(1.0 - t / SCM_JOIN, 0.0, 1.0) ** 1.5  # heads apart only low down
    sternal_back = merged_join + below * (bottom["sternal_back"] - join_bottom)
    clavicular_front = merged_join + below * (bottom["clavicular_front"] - join_bottom)
    natural = np.linalg.norm(posterior - anterior, axis=1)
    fractions, widths = zip(*SCM_BELLY_WIDTH, strict=True)
    wanted = np.interp(t[:, 0], [0.0, *fractions, 1.0], [natural[0], *widths, natural[-1]])
    scale = (wanted / natural)[:, None]
    middle = (anterior + posterior) / 2
    edges = [
        middle + scale * (edge - middle)
        for edge in (anterior, sternal_back, clavicular_front, posterior)
    ]
    return tuple(edges)


def _scm_head(body: Body, front: np.ndarray, back: np.ndarray, belly: float, edge: float):
    columns = ACROSS // 2 + 1
    u = np.linspace(0.0, 1.0, columns)[None, :, None]
    grid = (1 - u) * front[:, None] + u * back[:, None]
    thickness = belly * bump(ALONG, edge, 0.5)[:, None] * bump(columns, 0.45, 0.6)[None]
    outer, inner = drape(body, grid, thickness)
    weights = end_weights(ALONG, 3.0, 3.0)[:, None] * np.ones(columns)[None]
    outer, inner = attach(body, outer, inner, weights)
    return outer, inner


def scm_parts(body: Body):
    """Both heads of the one band, sharing their meeting face above mid-neck."""
    cached = body.cache.get("scm")
    if cached is not None:
        return cached
    anterior, sternal_back, clavicular_front, posterior = _scm_edges(body)
    sternal = _scm_head(body, anterior, sternal_back, 10.0, 0.55)
    clavicular = _scm_head(body, clavicular_front, posterior, 9.0, 0.4)
    joined = np.linspace(0.0, 1.0, ALONG) >= SCM_JOIN
    for face in (0, 1):  # the merged belly: one shared face, no slit
        shared = (sternal[face][joined, -1] + clavicular[face][joined, 0]) / 2
        sternal[face][joined, -1] = shared
        clavicular[face][joined, 0] = shared
    meshes = {"sternal": slab(*sternal), "clavicular": slab(*clavicular)}
    body.cache["scm"] = meshes
    return meshes


def scm_sternal(body: Body):
    return scm_parts(body)["sternal"]


def scm_clavicular(body: Body):
    return scm_parts(body)["clavicular"]


# -- splenius, levator, semispinalis ------------------------------------------


def _ligament(body: Body, level: str) -> np.ndarray:
    """The nuchal ligament at a vertebral level: half-way from the spinous tip
    to the skin behind it (it is a midline septum reaching the deep fascia)."""
    tip = body.mark(level)
    skin = body.skin.hit((tip[0] - 1.0, -400.0, tip[2]), (0, 1, 0))
    return (tip + skin) / 2 + (-1.0, 0.0, 0.0)


def splenius_capitis(body: Body):
    """Nuchal ligament C3-C7 and spinous processes C7-T3 -> mastoid and the
    lateral third of the superior nuchal line, under the SCM's insertion."""
    m = body.mark
    # On the sides of the spinous processes, deep to the trapezius'
    # aponeurosis, which takes their tips.
    side_of_process = np.array([-3.0, 8.0, 0.0])
    origin = np.array(
        [
            _ligament(body, "c3_spinous") + (-2.0, 0.0, 0.0),
            _ligament(body, "c5_spinous") + (-2.0, 0.0, 0.0),
            *(m(level) + side_of_process for level in ("c7_spinous", "t1_spinous", "t3_spinous")),
        ]
    )
    insertion = np.array(
        [
            m("superior_nuchal_line_mid_left"),
            m("superior_nuchal_line_lateral_left"),
            m("mastoid_lateral_left"),
            m("mastoid_process_left"),
        ]
    )
    return slab(*band(body, origin, insertion, profile(6.0, 0.45, 0.35), TRAPEZIUS + SCM))


def levator_scapulae(body: Body):
    """Posterior tubercles C1-C4 -> medial border from the superior angle to the
    root of the spine; the band twists, C1's slip reaching lowest."""
    m = body.mark
    origin = np.array([m(f"c{level}_transverse_left") for level in (1, 2, 3, 4)])
    insertion = np.array([m("scapular_spine_root_left"), m("scapula_superior_angle_left")])
    return slab(
        *band(body, origin, insertion, profile(8.0, 0.45, 0.4), TRAPEZIUS + SCM, (4.0, 3.0))
    )


def splenius_cervicis(body: Body):
    """Spinous processes T3-T6 -> posterior tubercles of C1-C3, lateral to and
    below splenius capitis, deep to the levator where they meet."""
    m = body.mark
    origin = np.array([m(f"t{level}_spinous") for level in (3, 4, 5, 6)]) + (-3.0, 0.0, 0.0)
    insertion = np.array([m(f"c{level}_transverse_left") for level in (3, 2, 1)])
    # Half-way up it is a flat band about 2 cm wide beside the lower neck,
    # lateral to splenius capitis.
    level = (m("c7_spinous") + m("t1_spinous")) / 2
    via = np.array([body.under_skin(level + (x, -40.0, 0.0), 12.0) for x in (-30.0, -40.0, -50.0)])
    under = (*TRAPEZIUS, *SCM, "splenius_capitis", "levator_scapulae")
    return slab(*band(body, origin, insertion, profile(5.0, 0.4, 0.4), under, (2.0, 4.0), via))


def semispinalis_capitis(body: Body):
    """Transverse processes T1-T6 and articular processes C4-C7 -> occiput
    between the nuchal lines beside the midline; a broad flat band deep to the
    splenius, about 3 cm wide and 1 cm thick in the upper neck.

    Its rows run up from the thoracic slips, which are thin tendons lying in the
    groove between the spinous and transverse processes; the belly is in the
    neck, its medial edge beside the nuchal ligament and its lateral edge just
    outside the articular pillars.
    """
    m = body.mark
    eop = m("external_occipital_protuberance")
    insertion_medial = (eop + m("inferior_nuchal_line_medial_left")) / 2 + (-4.0, 0.0, 0.0)
    insertion_lateral = (
        m("superior_nuchal_line_mid_left") + m("inferior_nuchal_line_lateral_left")
    ) / 2
    thoracic = (5, 3, 1)
    lateral = [m(f"t{level}_transverse_left") for level in thoracic]
    lateral += [
        m("c6_articular_left") + (-9.0, 0.0, 0.0),
        m("c4_articular_left") + (-12.0, 0.0, 0.0),
    ]
    medial = [
        0.4 * m(f"t{level}_spinous") + 0.6 * m(f"t{level}_transverse_left") for level in thoracic
    ]
    medial += [m("c6_spinous") + (-5.0, 0.0, 0.0), m("c4_spinous") + (-5.0, 0.0, 0.0)]
    lateral_line = resample(np.vstack([lateral, insertion_lateral]), ALONG)
    medial_line = resample(np.vstack([medial, insertion_medial]), ALONG)
    grid = np.array(
        [
            ruled_grid(a[None], b[None], ACROSS)[:, 0]
            for a, b in zip(medial_line, lateral_line, strict=True)
        ]
    )
    neck = medial_line[:, 2] > m("t1_spinous")[2]
    rise = np.clip(
        (medial_line[:, 2] - m("c7_spinous")[2]) / (m("c2_spinous")[2] - m("c7_spinous")[2]), 0, 1
    )
    along = np.where(neck, 0.4 + 0.6 * rise, 0.25)
    along[-2:] *= 0.6  # it thins onto the occiput
    thickness = 10.0 * along[:, None] * bump(ACROSS, 0.35, 0.5)[None]
    # The levator and splenius cervicis run lateral to it, not over it.
    under = (*TRAPEZIUS, *SCM, "splenius_capitis")
    outer, inner = drape(body, grid, thickness, under)
    # The thoracic slips lie on the transverse processes and the belly rises
    # off them through the lower neck; the insertion sits on the occiput.
    on_processes = 0.8 * np.clip(1.0 - rise * 2.0, 0.0, 1.0)
    outer, inner = sink(body, outer, inner, on_processes[:, None] * np.ones(ACROSS)[None])
    weights = end_weights(ALONG, 0.0, 3.0)
    return slab(*attach(body, outer, inner, weights[:, None] * np.ones(ACROSS)[None]))
