"""explorer.model.atlas.load_atlas on tiny hand-written atlases (OFF tetrahedra in tmp_path).

Every mesh here is a tetrahedron whose bounding box is given by two corners, so
the numbers in the expected messages can be checked by hand.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import load_atlas
from explorer.model.errors import AtlasError

# Line numbers in the tests below refer to this text.
BASE = """\
version: 1
name: T
frame: RAS
sources:
  s: {title: Synthetic meshes, licence: CC0-1.0, url: "https://example.org/meshes"}
structures:
  - id: skin
    name: Skin
    kind: skin
    layer: superficial
    side: midline
    file: skin.off
    color: "#e0b9a0"
    source: s
  - id: bone
    name: Bone
    kind: bone
    layer: deep
    side: midline
    file: bone.off
    color: "#eee8d5"
    fma: "FMA:1"
    source: s
landmarks:
  top: {at: [0, 0, 100], on: skin}
  bone_tip: {at: [10, -10, 40], on: bone}
"""

SKIN = ((-50, -50, 0), (50, 50, 100))  # a box of 100 mm per side, z from 0 to 100
BONE = ((-10, -10, 40), (10, 10, 60))  # well inside the skin
FACES = [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]


def tetra(low: tuple, high: tuple) -> list[tuple[float, float, float]]:
    """The corner ``low`` and its three neighbours towards ``high``: bounding box low..high."""
    (x0, y0, z0), (x1, y1, z1) = low, high
    return [(x0, y0, z0), (x1, y0, z0), (x0, y1, z0), (x0, y0, z1)]


def off_text(vertices: list, faces: list = FACES) -> str:
    lines = ["OFF", f"{len(vertices)} {len(faces)} 0"]
    lines += [" ".join(f"{value:g}" for value in vertex) for vertex in vertices]
    lines += ["3 " + " ".join(str(index) for index in face) for face in faces]
    return "\n".join(lines) + "\n"


def make_atlas(folder: Path, *edits: tuple[str, str], meshes: dict | None = None) -> Path:
    """Write BASE with ``edits`` applied, and skin.off, bone.off (or ``meshes``: name -> box)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, box in (meshes or {"skin.off": SKIN, "bone.off": BONE}).items():
        (folder / name).write_text(off_text(tetra(*box)), encoding="utf-8")
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "manifest.yaml").write_text(text, encoding="utf-8")
    return folder / "manifest.yaml"


def problems_of(manifest: Path, **kwargs) -> list[tuple]:
    """Load ``manifest`` expecting failure; return (line, column, yaml path, message, fix)s."""
    with pytest.raises(AtlasError) as caught:
        load_atlas(manifest, **kwargs)
    return [(p.line, p.column, p.yaml_path, p.message, p.fix) for p in caught.value.problems]


# --- what a valid atlas holds ------------------------------------------------------------


def test_every_field_of_a_valid_atlas(tmp_path: Path) -> None:
    manifest = make_atlas(tmp_path)
    atlas = load_atlas(str(manifest))  # a str is accepted and kept as a Path
    assert atlas.manifest_path == manifest
    assert isinstance(atlas.manifest_path, Path)
    assert list(atlas.structures) == ["skin", "bone"]
    skin, bone = atlas.structures["skin"], atlas.structures["bone"]
    assert (skin.id, skin.name, skin.kind, skin.layer, skin.side) == (
        "skin",
        "Skin",
        "skin",
        "superficial",
        "midline",
    )
    assert (bone.id, bone.name, bone.kind, bone.layer, bone.side) == (
        "bone",
        "Bone",
        "bone",
        "deep",
        "midline",
    )
    assert (skin.color, skin.fma, skin.source) == ("#e0b9a0", None, "s")
    assert (bone.color, bone.fma, bone.source) == ("#eee8d5", "FMA:1", "s")
    assert skin.file == (tmp_path / "skin.off").resolve()
    assert bone.file == (tmp_path / "bone.off").resolve()
    # No units and no transform: the file's numbers are millimetres as they stand.
    np.testing.assert_array_equal(bone.vertices, tetra(*BONE))
    np.testing.assert_array_equal(bone.faces, FACES)
    assert bone.vertices.dtype == np.float64
    assert bone.faces.dtype == np.int64
    for array in (skin.vertices, skin.faces, bone.vertices, bone.faces):
        assert not array.flags.writeable


def test_landmarks_and_sources_of_a_valid_atlas(tmp_path: Path) -> None:
    atlas = load_atlas(make_atlas(tmp_path))
    assert list(atlas.landmarks) == ["top", "bone_tip"]
    top, tip = atlas.landmarks["top"], atlas.landmarks["bone_tip"]
    assert (top.id, top.on, tip.id, tip.on) == ("top", "skin", "bone_tip", "bone")
    np.testing.assert_array_equal(tip.position, [10.0, -10.0, 40.0])
    assert tip.position.dtype == np.float64
    assert not tip.position.flags.writeable
    assert list(atlas.sources) == ["s"]
    source = atlas.sources["s"]
    assert (source.id, source.title, source.licence, source.url) == (
        "s",
        "Synthetic meshes",
        "CC0-1.0",
        "https://example.org/meshes",
    )


def test_a_source_without_url_has_none(tmp_path: Path) -> None:
    manifest = make_atlas(tmp_path, (', url: "https://example.org/meshes"', ""))
    assert load_atlas(manifest).sources["s"].url is None


@pytest.mark.parametrize(
    ("edits", "bone_box"),
    [
        # bone.off in cm: its box -1..1, -1..1, 4..6 becomes -10..10, -10..10, 40..60 mm.
        # The skin has no units of its own and takes the manifest's (here mm, written out).
        (
            (
                ("frame: RAS\n", "frame: RAS\nunits: mm\n"),
                ('    fma: "FMA:1"\n', '    fma: "FMA:1"\n    units: cm\n'),
            ),
            ((-1, -1, 4), (1, 1, 6)),
        ),
        # units: dm for the whole file; the skin overrides it with mm, the bone inherits
        # dm, so the bone's 0.1 dm steps become 10 mm steps.
        (
            (
                ("frame: RAS\n", "frame: RAS\nunits: dm\n"),
                ('    color: "#e0b9a0"\n', '    color: "#e0b9a0"\n    units: mm\n'),
            ),
            ((-0.1, -0.1, 0.4), (0.1, 0.1, 0.6)),
        ),
    ],
    ids=["structure-units", "manifest-units"],
)
def test_units_of_a_structure_or_of_the_manifest_scale_its_mesh(
    tmp_path: Path, edits, bone_box
) -> None:
    manifest = make_atlas(tmp_path, *edits, meshes={"skin.off": SKIN, "bone.off": bone_box})
    atlas = load_atlas(manifest)
    np.testing.assert_allclose(atlas.structures["bone"].vertices, tetra(*BONE), atol=1e-12)
    np.testing.assert_array_equal(atlas.structures["skin"].vertices, tetra(*SKIN))


def test_a_transform_moves_the_mesh_in_mm(tmp_path: Path) -> None:
    # Shift by +20 mm in x (the bone then spans x 10..30, still under the skin).
    manifest = make_atlas(
        tmp_path,
        (
            '    fma: "FMA:1"\n',
            '    fma: "FMA:1"\n    transform: [[1,0,0,20],[0,1,0,0],[0,0,1,0],[0,0,0,1]]\n',
        ),
        ("bone_tip: {at: [10,", "bone_tip: {at: [30,"),
    )
    bone = load_atlas(manifest).structures["bone"]
    np.testing.assert_array_equal(bone.vertices, np.array(tetra(*BONE)) + [20.0, 0.0, 0.0])
    np.testing.assert_array_equal(bone.faces, FACES)


def test_a_matching_sha256_loads_and_a_wrong_one_is_refused(tmp_path: Path) -> None:
    digest = hashlib.sha256(off_text(tetra(*BONE)).encode()).hexdigest()
    manifest = make_atlas(
        tmp_path, ('    fma: "FMA:1"\n', f'    fma: "FMA:1"\n    sha256: "{digest}"\n')
    )
    assert load_atlas(manifest).structures["bone"].faces.shape == (4, 3)
    wrong = "a" * 64
    manifest = make_atlas(
        tmp_path / "wrong", ('    fma: "FMA:1"\n', f'    fma: "FMA:1"\n    sha256: "{wrong}"\n')
    )
    assert problems_of(manifest) == [
        (
            23,
            5,
            "structures[1].sha256",
            f"mesh file {(tmp_path / 'wrong' / 'bone.off').resolve()} has sha256 {digest}, "
            f"but the manifest expects {wrong}.",
            "Restore the original file, or update 'sha256' if the change is intended.",
        )
    ]


# --- where a problem of a mesh out of reach points ----------------------------------------

FAR = "once its units and transform are applied; a body fits within 3000 mm."
REACH_FIX = "Check 'units' (what one unit of the file is) and the 'transform'."


@pytest.mark.parametrize(
    ("edits", "corner", "line", "field", "reach"),
    [
        # Plain mm: the file itself is 5 m out.
        ((), (5000, 10, 10), 20, "file", "5e+03"),
        # 10 m in the file's units is 10,000 mm: beyond 3,000 mm. 'units' is on line 23.
        (
            (('    fma: "FMA:1"\n', '    fma: "FMA:1"\n    units: m\n'),),
            (10, 1, 1),
            23,
            "units",
            "1e+04",
        ),
        # The transform comes after units on line 24 and wins: it moved the mesh 4 m away.
        (
            (
                (
                    '    fma: "FMA:1"\n',
                    '    fma: "FMA:1"\n    units: mm\n'
                    "    transform: [[1,0,0,4000],[0,1,0,0],[0,0,1,0],[0,0,0,1]]\n",
                ),
            ),
            (10, 1, 1),
            24,
            "transform",
            "4.01e+03",
        ),
    ],
    ids=["file", "units", "transform"],
)
def test_a_mesh_out_of_reach_points_at_what_put_it_there(
    tmp_path: Path, edits, corner, line, field, reach
) -> None:
    manifest = make_atlas(
        tmp_path, *edits, meshes={"skin.off": SKIN, "bone.off": ((0, 0, 0), corner)}
    )
    bone = (tmp_path / "bone.off").resolve()
    assert problems_of(manifest) == [
        (
            line,
            5,
            f"structures[1].{field}",
            f"mesh file {bone} reaches {reach} mm from the atlas origin {FAR}",
            REACH_FIX,
        )
    ]


# --- the cap on all triangles together ------------------------------------------------------

MORE = """\
  - id: extra{n}
    name: Extra
    kind: muscle
    layer: deep
    side: midline
    file: {file}
    color: "#000000"
    source: s
"""


def with_extras(tmp_path: Path, files: list[str], *edits: tuple[str, str], **meshes) -> Path:
    """BASE plus one muscle per name in ``files`` (each 8 lines, the first on line 24)."""
    extras = "".join(MORE.format(n=n, file=file) for n, file in enumerate(files))
    return make_atlas(tmp_path, ("landmarks:\n", extras + "landmarks:\n"), *edits, **meshes)


def test_all_meshes_may_hold_exactly_four_times_max_triangles(tmp_path: Path) -> None:
    # Four tetrahedra of 4 triangles each: 16 = 4 * max_triangles, which is allowed.
    manifest = with_extras(tmp_path, ["bone.off", "bone.off"])
    atlas = load_atlas(manifest, max_triangles=4)
    assert list(atlas.structures) == ["skin", "bone", "extra0", "extra1"]


def test_one_more_mesh_over_the_total_cap_stops_the_reading(tmp_path: Path) -> None:
    # The fifth tetrahedron brings 20 > 16 triangles: reported at its entry (line 32),
    # and the sixth entry's missing file is never looked at.
    manifest = with_extras(tmp_path, ["bone.off", "bone.off", "bone.off", "missing.off"])
    assert problems_of(manifest, max_triangles=4) == [
        (
            40,
            5,
            "structures[4]",
            "the atlas holds more than 16 triangles with this structure; the rest were not read.",
            "Use fewer or decimated meshes, or raise max_triangles.",
        )
    ]


def test_the_total_cap_counts_every_mesh_not_only_the_last(tmp_path: Path) -> None:
    # max_triangles=5 caps the total at 20: four tetrahedra (16) pass, a fifth (20) too,
    # the sixth (24) is refused.
    manifest = with_extras(tmp_path, ["bone.off"] * 4)
    assert [problem[:3] for problem in problems_of(manifest, max_triangles=5)] == [
        (48, 5, "structures[5]")
    ]


def test_the_total_cap_shows_a_thousands_separator(tmp_path: Path) -> None:
    # max_triangles=300 caps the total at 1,200. A mesh of 300 triangles (a fan of 302
    # vertices), five times over, holds 1,500.
    count = 300
    vertices = [(0.0, 0.0, 50.0)] + [
        (20 * np.cos(k * 0.01), 20 * np.sin(k * 0.01), 40.0) for k in range(count + 1)
    ]
    faces = [[0, k + 1, k + 2] for k in range(count)]
    manifest = with_extras(tmp_path, ["fan.off"] * 3)
    for name in ("bone.off", "fan.off"):
        (tmp_path / name).write_text(off_text(vertices, faces), encoding="utf-8")
    [(line, _, path, message, _)] = problems_of(manifest, max_triangles=count)
    # skin 4 + bone 300 + 300 + 300 = 904; + 300 = 1,204 > 1,200 at structures[4].
    assert (line, path) == (40, "structures[4]")
    assert message.startswith("the atlas holds more than 1,200 triangles with this structure")


def test_every_broken_mesh_is_reported_not_only_the_first(tmp_path: Path) -> None:
    manifest = with_extras(tmp_path, ["gone.off"])
    (tmp_path / "bone.off").unlink()
    fix = "Check the 'file' path, or rebuild the atlas."
    folder = tmp_path.resolve()
    assert problems_of(manifest) == [
        (20, 5, "structures[1].file", f"mesh file not found: {folder}/bone.off.", fix),
        (29, 5, "structures[2].file", f"mesh file not found: {folder}/gone.off.", fix),
    ]


def test_the_default_cap_is_one_million_triangles_per_mesh(tmp_path: Path) -> None:
    # An OFF file declaring 1,000,001 faces, padded so that its size could hold them
    # (8 bytes each at least): refused by the default max_triangles of 1,000,000
    # before anything past the counts is read.
    manifest = make_atlas(tmp_path)
    header = b"OFF\n3 1000001 0\n"
    (tmp_path / "bone.off").write_bytes(header + b"#" * 8_000_100 + b"\n")
    bone = (tmp_path / "bone.off").resolve()
    assert problems_of(manifest) == [
        (
            20,
            5,
            "structures[1].file",
            f"mesh file {bone}: it declares 1,000,001 faces, over the limit of 1,000,000 "
            "triangles.",
            "Decimate the mesh, or raise max_triangles if the machine has the memory.",
        )
    ]


# --- the order of problems, and which checks run --------------------------------------------

ORDER = """\
version: 1
name: T
frame: RAS
sources:
  s: {title: S, licence: CC0}
structures:
  - id: skin
    name: Skin
    kind: skin
    layer: superficial
    side: midline
    file: skin.off
    color: "#000000"
    source: t
  - id: bone
    name: Bone
    kind: bone
    layer: deep
    side: midline
    file: bone.off
    colr: "#000000"
    color: "#000000"
    source: s
landmarks:
  vertex: {on: skn, at: [0, 0, 9999]}
"""


def test_problems_are_sorted_by_line_then_column(tmp_path: Path) -> None:
    # The schema's problems (colr, at) are found before the cross-reference ones
    # (source, on); sorting puts them back in file order. On line 25, 'on' (column 12)
    # comes before the coordinate (column 32).
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(ORDER, encoding="utf-8")
    assert [problem[:3] for problem in problems_of(manifest)] == [
        (14, 5, "structures[0].source"),
        (21, 5, "structures[1].colr"),
        (25, 12, "landmarks.vertex.on"),
        (25, 32, "landmarks.vertex.at[2]"),
    ]


def test_a_cross_reference_problem_alone_stops_before_the_meshes(tmp_path: Path) -> None:
    # The schema is satisfied; the unknown source alone must stop the load, before
    # the missing meshes would be looked for.
    manifest = make_atlas(tmp_path, ("    source: s\n  - id: bone", "    source: t\n  - id: bone"))
    (tmp_path / "skin.off").unlink()
    assert problems_of(manifest) == [
        (
            14,
            5,
            "structures[0].source",
            "unknown source 't'; the sources defined are: s.",
            "Add it under 'sources' or use one of the defined keys.",
        )
    ]


def test_placement_is_checked_once_every_mesh_is_read(tmp_path: Path) -> None:
    # The skin's box grown by 50 mm is x -100..100, y -100..100, z -50..150; the bone
    # spans x 110..120, past it (its landmark moves along, so only the bone is wrong).
    manifest = make_atlas(
        tmp_path,
        ("bone_tip: {at: [10, -10, 40]", "bone_tip: {at: [110, -10, 40]"),
        meshes={"skin.off": SKIN, "bone.off": ((110, -10, 40), (120, 10, 60))},
    )
    assert problems_of(manifest) == [
        (
            20,
            5,
            "structures[1].file",
            "structure 'bone' reaches outside the skin (x -100..100, y -100..100, z -50..150 mm)"
            ": it spans x 110..120, y -10..10, z 40..60 mm.",
            "Check its 'units' and 'transform': every structure lies under the skin.",
        )
    ]


def test_placement_is_not_checked_while_a_mesh_failed(tmp_path: Path) -> None:
    # A third structure out of place and a broken bone: only the broken bone is reported.
    manifest = with_extras(tmp_path, ["far.off"])
    (tmp_path / "far.off").write_text(off_text(tetra((500, 0, 0), (510, 10, 10))))
    (tmp_path / "bone.off").write_text("OFF\n", encoding="utf-8")
    assert [problem[:3] for problem in problems_of(manifest)] == [(20, 5, "structures[1].file")]
