"""Every bad input of issue 14, as a regression test with its whole located message.

Content cases load a small content file against the tiny test atlas, as
``app.py check`` loads the real ones; the atlas box they quote (x -130..130,
y -145..145, z -150..150 mm) is the tiny skin's box plus the 50 mm margin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.atlas import load_atlas
from explorer.model.errors import ExplorerError
from explorer.model.project import load_project
from tests.model.test_atlas import make_atlas

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny_atlas" / "manifest.yaml"

# Line numbers below refer to this text.
CONTENT = """\
version: 1
sources:
  demo1999: "Demo, A. A made-up reference used only by the tests. 1999"
muscles:
  - id: demo_muscle
    name: Demo muscle
    structures: [demo_muscle]
    facts: {origin: a, insertion: b, action: c, innervation: d}
    trigger_points:
      - id: tp1
        name: Demo muscle TrP1
        at: [-71.0, 10.0, 20.0]
        where: Above the ear.
        referral:
          essential:
            - spot: {at: temple_left, radius_mm: 25}
            - stroke: {through: [mastoid_left, temple_left], width_mm: 20}
            - region: {around: [vertex], radius_mm: 20, feather_mm: 10}
        referral_text: Pain at the temple.
        sources: [demo1999]
"""
AT = "muscles[0].trigger_points[0].at"
ZONES = "muscles[0].trigger_points[0].referral.essential"
FINITE = "Fix: Write ordinary numbers: .nan and .inf are not positions."
INSIDE = (
    "expected a point inside the atlas (x -130..130, y -145..145, z -150..150 mm); found {}. "
    "Fix: Check the coordinates (millimetres) against a nearby landmark; offsets from a "
    "landmark are a few centimetres."
)
NOT_FINITE = (
    "expected a finite number; found the number inf. "
    "Fix: Write a plain number such as 12.5, not .nan or .inf."
)


def content_problems(tmp_path: Path, old: str = "", new: str = "", data: bytes | None = None):
    """Load CONTENT (with ``old`` replaced by ``new``, or ``data``) against the tiny atlas."""
    text = CONTENT
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "trigger_points.yaml"
    path.write_bytes(data if data is not None else text.encode())
    with pytest.raises(ExplorerError) as caught:
        load_project(path, TINY)
    return path, [str(problem) for problem in caught.value.problems]


def test_the_base_content_is_valid(tmp_path):
    path = tmp_path / "trigger_points.yaml"
    path.write_text(CONTENT)
    assert len(load_project(path, TINY).catalog.trigger_points()) == 2


# --- accepted though invalid: numbers in the content -----------------------------------


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (
            "[-50.0, .nan, 1400.0]",
            f"{AT}: expected a position of three finite numbers in mm; found "
            f"[-50.0, nan, 1400.0]. {FINITE}",
        ),
        (
            "[-71.0, .inf, 20.0]",
            f"{AT}: expected a position of three finite numbers in mm; found [-71.0, inf, 20.0]. "
            f"{FINITE}",
        ),
        (
            "[.nan, 10.0, 20.0]",  # the side check (x < 0) used to let NaN through
            f"{AT}: expected a position of three finite numbers in mm; found [nan, 10.0, 20.0]. "
            f"{FINITE}",
        ),
        (
            "[-71.0, 10.0, 1e12]",
            f"{AT}: expected a position within 3000 mm of the atlas origin; found "
            "[-71.0, 10.0, 1000000000000.0]. Fix: Give millimetres, and check for a misplaced "
            "decimal point.",
        ),
        ("[-50.0, 10.0, 1400.0]", f"{AT}: " + INSIDE.format("[-50.0, 10.0, 1400.0]")),
        (
            "{landmark: mastoid_left, offset: [.nan, 0, 0]}",
            f"{AT}: expected an offset of three finite numbers in mm; found [nan, 0, 0]. {FINITE}",
        ),
        (
            "{landmark: mastoid_left, offset: [0, 1e12, 0]}",
            f"{AT}: expected an offset within 3000 mm along each axis; found "
            "[0, 1000000000000.0, 0]. Fix: Give millimetres, and check for a misplaced decimal "
            "point.",
        ),
        (
            "{landmark: mastoid_left, offset: [0, 0, 500]}",
            f"{AT}: " + INSIDE.format("'mastoid_left' plus the offset, at [-67.5, -36.4, 462.5]"),
        ),
    ],
    ids=["nan", "inf", "nan-x", "1e12", "outside-atlas", "offset-nan", "offset-1e12", "offset-far"],
)
def test_non_finite_absurd_or_outside_coordinates_are_refused(tmp_path, at, message):
    path, problems = content_problems(tmp_path, "at: [-71.0, 10.0, 20.0]", f"at: {at}")
    assert problems == [f"{path}:12:9: {message}"]


@pytest.mark.parametrize(
    ("old", "new", "place", "message"),
    [
        ("radius_mm: 25", "radius_mm: .inf", "16:39: {z}[0].spot.radius_mm", NOT_FINITE),
        ("width_mm: 20", "width_mm: .inf", "17:62: {z}[1].stroke.width_mm", NOT_FINITE),
        ("feather_mm: 10", "feather_mm: .inf", "18:57: {z}[2].region.feather_mm", NOT_FINITE),
        (
            "radius_mm: 25",
            "radius_mm: true",
            "16:39: {z}[0].spot.radius_mm",
            "expected a number; found true. Fix: Write a plain number such as 12.5.",
        ),
        (
            "radius_mm: 25",
            "radius_mm: 250",
            "16:39: {z}[0].spot.radius_mm",
            "expected radius_mm of at most 200 mm (the skin's widest extent); found 250. "
            "Fix: A zone this large covers the whole skin; give the size in millimetres.",
        ),
    ],
    ids=["radius-inf", "width-inf", "feather-inf", "radius-true", "radius-over-the-skin"],
)
def test_radii_widths_and_feathers_are_finite_numbers_within_the_skin(
    tmp_path, old, new, place, message
):
    path, problems = content_problems(tmp_path, old, new)
    assert problems == [f"{path}:{place.format(z=ZONES)}: {message}"]


# --- no line: encodings and nesting ------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "place", "message"),
    [
        (
            b"Above the \xe9ar.",
            "13:26",
            "the file is not UTF-8 text: byte 0xe9 cannot continue a character. "
            "Fix: Save the file as UTF-8 text, or delete the stray byte.",
        ),
        (
            b"Ab\x00ove the ear.",
            "13:18",
            "invalid YAML: control character U+0000 is not allowed in a text file. "
            "Fix: Delete it: binary data and control codes cannot go in this file.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "13:16",
            "the file is not UTF-8 text: byte 0x89 cannot start a character. "
            "Fix: Save the file as UTF-8 text, or delete the stray byte.",
        ),
        (
            b"[" * 10_000 + b"]" * 10_000,
            "13:1011",
            "invalid YAML: exceeded maximum nesting depth. Fix: Flatten the structure: these "
            "files need only a few levels of lists and maps.",
        ),
    ],
    ids=["invalid-utf8", "nul-byte", "binary-junk", "nested-10000-deep"],
)
def test_bytes_that_are_no_yaml_text_get_a_line_and_column(tmp_path, bad, place, message):
    data = CONTENT.encode().replace(b"Above the ear.", bad)
    path, problems = content_problems(tmp_path, data=data)
    assert problems == [f"{path}:{place}: {message}"]


def test_deep_block_nesting_is_refused_where_it_crosses_the_limit(tmp_path):
    deep = b"".join(b" " * depth + b"- \n" for depth in range(1, 10_001)[:200])
    path, problems = content_problems(tmp_path, data=CONTENT.encode() + b"extra:\n" + deep)
    assert problems == [
        f"{path}:71:51: invalid YAML: lists and maps nested more than 50 levels deep. "
        "Fix: Flatten the structure: these files need only a few levels of lists and maps."
    ]


# --- messages: an echoed value is cut ----------------------------------------------------


def test_a_10_mb_landmark_name_is_cut_in_the_message(tmp_path):
    path, problems = content_problems(tmp_path, "at: temple_left", "at: " + "x" * 10_000_000)
    assert problems == [
        f"{path}:16:22: {ZONES}[0].spot.at: expected a landmark name (snake_case, at most 64 "
        f"characters); found '{'x' * 77}...'. Fix: Use a name from 'landmarks:' in "
        "meshes/manifest.yaml, e.g. 'temple_left'."
    ]


# --- crashes and accepted transforms in the manifest --------------------------------------


def manifest_problems(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, list[str]]:
    manifest = make_atlas(tmp_path, *edits)
    with pytest.raises(ExplorerError) as caught:
        load_atlas(manifest)
    return manifest, [str(problem) for problem in caught.value.problems]


def test_a_mesh_file_name_longer_than_255_characters_is_a_located_error(tmp_path):
    name = "a" * 300 + ".ply"
    manifest, problems = manifest_problems(tmp_path, ("file: skull.ply", f"file: {name}"))
    assert problems == [
        f"{manifest}:20:5: structures[1].file: expected a relative path to a mesh file; found "
        f"a name of 304 bytes, '{'a' * 37}...' (names have at most 255 bytes). "
        "Fix: Use a mesh file of one of the listed formats, converting it if needed."
    ]


TRANSFORM_FIX = "Fix: Write a rotation, a mirror or a moderate scale; check for a row of zeros."


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        (
            "[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]",
            "expected an invertible 3x3 part (rank 3) scaling by at least 0.001; found rank 0, "
            f"smallest scale 0: it would flatten the mesh. {TRANSFORM_FIX}",
        ),
        (
            "[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]",
            "expected an invertible 3x3 part (rank 3) scaling by at least 0.001; found rank 2, "
            f"smallest scale 0: it would flatten the mesh. {TRANSFORM_FIX}",
        ),
        (
            "[[1e308, 0, 0, 0], [0, 1e308, 0, 0], [0, 0, 1e308, 0], [0, 0, 0, 1]]",
            "expected the 3x3 part to scale by at most 1000; found a scale of 1e+308. Fix: Use "
            "'units' for m, dm or cm, and keep the rest of the matrix a rotation.",
        ),
    ],
    ids=["singular", "rank-2", "scale-1e308"],
)
def test_transforms_that_flatten_or_explode_the_mesh_are_refused(tmp_path, matrix, message):
    manifest, problems = manifest_problems(
        tmp_path, ("    units: cm\n", f"    units: cm\n    transform: {matrix}\n")
    )
    assert problems == [f"{manifest}:24:5: structures[1].transform: {message}"]


def test_a_transform_that_moves_a_bone_out_of_the_skin_is_refused(tmp_path):
    matrix = "[[1, 0, 0, 400], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]"
    manifest, problems = manifest_problems(
        tmp_path, ("    units: cm\n", f"    units: cm\n    transform: {matrix}\n")
    )
    assert problems == [
        f"{manifest}:24:5: structures[1].transform: structure 'skull' reaches outside the skin "
        "(x -130..130, y -145..145, z -150..150 mm): it spans x 345..455, y -55..55, "
        "z -55..55 mm. Fix: Check its 'units' and 'transform': every structure lies under "
        "the skin."
    ]


def test_a_landmark_far_from_its_structure_is_refused(tmp_path):
    manifest, problems = manifest_problems(tmp_path, ("at: [0, 0, 100]", "at: [0, 0, 900]"))
    assert problems == [
        f"{manifest}:25:12: landmarks.vertex.at: expected a point on 'skin' (x -130..130, "
        "y -145..145, z -150..150 mm); found [0.0, 0.0, 900.0]. Fix: Give the landmark's "
        "position on that structure, in mm of the atlas frame."
    ]


def test_a_ply_header_claiming_2_31_vertices_in_1_kb_fails_at_once(tmp_path):
    manifest = make_atlas(tmp_path)
    header = (
        b"ply\nformat binary_little_endian 1.0\nelement vertex 2147483648\nproperty float x\n"
        b"property float y\nproperty float z\nelement face 1\n"
        b"property list uchar int vertex_indices\nend_header\n"
    )
    (tmp_path / "skull.ply").write_bytes(header + bytes(1024 - len(header)))
    with pytest.raises(ExplorerError) as caught:
        load_atlas(manifest)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{manifest}:20:5: structures[1].file: mesh file {tmp_path.resolve()}/skull.ply could "
        "not be read (it declares 2,147,483,648 vertices of at least 12 byte(s) each, but only "
        f"{1024 - len(header)} bytes follow). Fix: Re-export it as a valid PLY triangle mesh."
    ]
