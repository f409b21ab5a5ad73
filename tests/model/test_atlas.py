"""explorer.model.atlas: loading the tiny atlas, and every kind of bad manifest or mesh."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest
from scipy.spatial import cKDTree

from explorer.model.atlas import Atlas, load_atlas
from explorer.model.errors import AtlasError

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny_atlas"

# Line numbers in the tests below refer to this text.
BASE = """\
version: 1
name: Test
frame: RAS
sources:
  synthetic: {title: Synthetic, licence: CC0-1.0}
structures:
  - id: skin
    name: Skin
    kind: skin
    layer: superficial
    side: midline
    file: skin.ply
    color: "#e0b9a0"
    source: synthetic
  - id: skull
    name: Skull
    kind: bone
    layer: deep
    side: midline
    file: skull.ply
    color: "#eee8d5"
    source: synthetic
    units: cm
landmarks:
  vertex: {at: [0, 0, 100], on: skin}
"""


@pytest.fixture(scope="module")
def tiny() -> Atlas:
    return load_atlas(TINY / "manifest.yaml")


def make_atlas(folder: Path, *edits: tuple[str, str]) -> Path:
    """Copy the tiny meshes into ``folder`` and write BASE with ``edits`` applied."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("skin.ply", "skull.ply"):
        shutil.copy(TINY / name, folder / name)
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "manifest.yaml").write_text(text, encoding="utf-8")
    return folder / "manifest.yaml"


def problems_of(manifest: Path, **kwargs) -> list[tuple[int | None, int | None, str, str, str]]:
    """Load ``manifest`` expecting failure; return (line, column, yaml path, message, fix)s."""
    with pytest.raises(AtlasError) as caught:
        load_atlas(manifest, **kwargs)
    return [(p.line, p.column, p.yaml_path, p.message, p.fix) for p in caught.value.problems]


# --- the tiny atlas -------------------------------------------------------------------


def test_tiny_atlas_has_its_structures_landmarks_and_source(tiny: Atlas) -> None:
    assert list(tiny.structures) == ["skin", "skull", "demo_muscle_left", "demo_muscle_right"]
    assert tiny.skin.id == "skin"
    assert [s.id for s in tiny.structures_of_kind("muscle")] == [
        "demo_muscle_left",
        "demo_muscle_right",
    ]
    assert (len(tiny.skin.vertices), len(tiny.skin.faces)) == (2562, 5120)
    assert len(tiny.landmarks) == 11
    assert tiny.sources["synthetic"].licence == "CC0-1.0"
    assert tiny.skin.fma == "FMA:7163"
    assert tiny.skin.file == (TINY / "skin.ply").resolve()


def test_mesh_arrays_are_typed_and_read_only(tiny: Atlas) -> None:
    for structure in tiny.structures.values():
        assert structure.vertices.dtype == np.float64
        assert structure.faces.dtype == np.int64
        assert structure.faces.shape[1] == 3
        assert not structure.vertices.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            structure.vertices[0, 0] = 1.0


def test_units_and_transform_bring_meshes_into_the_mm_frame(tiny: Atlas) -> None:
    # skull.ply is stored in cm, demo_muscle_right.ply in m about its own centre.
    skull_radii = np.linalg.norm(tiny.structures["skull"].vertices, axis=1)
    np.testing.assert_allclose(skull_radii, 55.0, atol=1e-3)
    right = tiny.structures["demo_muscle_right"].vertices
    np.testing.assert_allclose((right.min(0) + right.max(0)) / 2, [66.0, 10.0, 20.0], atol=1e-3)


def test_landmark_positions_lie_on_their_structures(tiny: Atlas) -> None:
    np.testing.assert_array_equal(tiny.landmark("vertex"), [0.0, 0.0, 100.0])
    np.testing.assert_allclose(tiny.landmark("temple_left"), [-71.2805, 36.6878, 23.8677])
    for landmark in tiny.landmarks.values():
        vertices = tiny.structures[landmark.on].vertices
        assert np.min(np.linalg.norm(vertices - landmark.position, axis=1)) < 1e-3
    assert set(tiny.landmark_positions()) == set(tiny.landmarks)


def test_unknown_landmark_suggests_the_closest_name(tiny: Atlas) -> None:
    with pytest.raises(KeyError, match="did you mean 'temple_left'"):
        tiny.landmark("temple_lft")


def test_left_and_right_structures_mirror_across_x0(tiny: Atlas) -> None:
    for structure in tiny.structures.values():
        if not structure.id.endswith("_left"):
            continue
        partner = tiny.structures[structure.id.removesuffix("_left") + "_right"]
        mirrored = structure.vertices * [-1.0, 1.0, 1.0]
        distances, _ = cKDTree(partner.vertices).query(mirrored)
        assert distances.max() < 1e-3
        assert structure.vertices[:, 0].max() < 0 < partner.vertices[:, 0].min()


def test_muscles_lie_between_skull_and_skin(tiny: Atlas) -> None:
    for muscle in tiny.structures_of_kind("muscle"):
        assert np.linalg.norm(muscle.vertices, axis=1).min() > 55.0
        assert (((muscle.vertices / [80.0, 95.0, 100.0]) ** 2).sum(axis=1) < 1.0).all()


def test_mirroring_transform_keeps_normals_outward(tmp_path: Path) -> None:
    manifest = make_atlas(
        tmp_path,
        (
            "    units: cm\n",
            "    units: cm\n    transform: [[-1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]\n",
        ),
    )
    skull = load_atlas(manifest).structures["skull"]
    corners = skull.vertices[skull.faces]
    signed_volume = np.linalg.det(corners).sum() / 6.0
    assert signed_volume == pytest.approx(4 / 3 * np.pi * 55.0**3, rel=0.05)


# --- bad manifests: exact messages and lines ---------------------------------------------


def test_unknown_field_names_it_and_lists_the_allowed_ones(tmp_path: Path) -> None:
    manifest = make_atlas(tmp_path, ('    color: "#e0b9a0"', '    colour: "#e0b9a0"'))
    problems = problems_of(manifest)
    assert (
        13,
        5,
        "structures[0].colour",
        "unknown key 'colour'; expected one of: id, name, kind, layer, side, file, color, fma, "
        "source, sha256, units, transform.",
        "Did you mean 'color'?",
    ) in problems
    assert (
        7,
        5,
        "structures[0].color",
        "required key 'color' is missing.",
        "Add 'color: ...' here.",
    ) in problems
    assert len(problems) == 2


def test_missing_mesh_file_names_the_path(tmp_path: Path) -> None:
    manifest = make_atlas(tmp_path, ("file: skin.ply", "file: nothere.ply"))
    assert problems_of(manifest) == [
        (
            12,
            5,
            "structures[0].file",
            f"mesh file not found: {tmp_path.resolve()}/nothere.ply.",
            "Check the 'file' path, or rebuild the atlas.",
        ),
    ]


def test_corrupt_mesh_file_says_it_could_not_be_read(tmp_path: Path) -> None:
    manifest = make_atlas(tmp_path)
    (tmp_path / "skull.ply").write_bytes(b"\x00garbage\xff" * 100)
    [(line, column, path, message, fix)] = problems_of(manifest)
    assert (line, column, path) == (20, 5, "structures[1].file")
    assert (
        message == f"mesh file {tmp_path.resolve()}/skull.ply could not be read "
        "(it does not start with the line 'ply')."
    )
    assert fix == "Re-export it as a valid PLY triangle mesh."


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "../outside.ply",
            "mesh path '../outside.ply' resolves to {outer}/outside.ply, "
            "outside the atlas folder {atlas}.",
        ),
        (
            "/etc/outside.ply",
            "mesh path '/etc/outside.ply' is absolute; only relative paths are allowed.",
        ),
        (
            "link.ply",
            "mesh path 'link.ply' resolves to {outer}/outside.ply, "
            "outside the atlas folder {atlas}.",
        ),
    ],
)
def test_paths_leaving_the_atlas_folder_are_refused(
    tmp_path: Path, file: str, message: str
) -> None:
    atlas = tmp_path / "atlas"
    manifest = make_atlas(atlas, ("file: skull.ply", f"file: {file}"))
    shutil.copy(TINY / "skull.ply", tmp_path / "outside.ply")
    (atlas / "link.ply").symlink_to(tmp_path / "outside.ply")
    outer = tmp_path.resolve()
    assert problems_of(manifest) == [
        (
            20,
            5,
            "structures[1].file",
            message.format(outer=outer, atlas=outer / "atlas"),
            "Put the mesh inside the atlas folder and give its path relative to the manifest.",
        ),
    ]


def test_oversized_meshes_are_refused_by_bytes_and_by_triangles(tmp_path: Path) -> None:
    # max_triangles=10 allows 64 KiB + 10 * 256 B = 68096 bytes: skin.ply (97521 B) is
    # refused unread; skull.ply (24560 B) is refused for the 1280 faces its header declares.
    manifest = make_atlas(tmp_path)
    folder = tmp_path.resolve()
    fix = "Decimate the mesh, or raise max_triangles if the machine has the memory."
    assert problems_of(manifest, max_triangles=10) == [
        (
            12,
            5,
            "structures[0].file",
            f"mesh file {folder}/skin.ply is 97521 bytes, over the limit of 68096 bytes.",
            fix,
        ),
        (
            20,
            5,
            "structures[1].file",
            f"mesh file {folder}/skull.ply: it declares 1,280 faces, over the limit of 10 "
            "triangles.",
            fix,
        ),
    ]


def test_sha256_mismatch_is_refused(tmp_path: Path) -> None:
    wrong = "0" * 64
    manifest = make_atlas(
        tmp_path, ("    source: synthetic\n", f'    sha256: "{wrong}"\n    source: synthetic\n')
    )
    actual = hashlib.sha256((TINY / "skin.ply").read_bytes()).hexdigest()
    assert problems_of(manifest) == [
        (
            14,
            5,
            "structures[0].sha256",
            f"mesh file {tmp_path.resolve()}/skin.ply has sha256 {actual}, "
            f"but the manifest expects {wrong}.",
            "Restore the original file, or update 'sha256' if the change is intended.",
        ),
    ]


def test_matching_sha256_loads(tmp_path: Path) -> None:
    actual = hashlib.sha256((TINY / "skin.ply").read_bytes()).hexdigest()
    manifest = make_atlas(
        tmp_path, ("    source: synthetic\n", f'    sha256: "{actual}"\n    source: synthetic\n')
    )
    assert load_atlas(manifest).skin.faces.shape == (5120, 3)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("id: skull", "id: skin"),
            (
                15,
                5,
                "structures[1].id",
                "duplicate structure id 'skin'; structures[0] already uses it.",
                "Give every structure its own id.",
            ),
        ),
        (
            ("    source: synthetic\n    units", "    source: makehuman\n    units"),
            (
                22,
                5,
                "structures[1].source",
                "unknown source 'makehuman'; the sources defined are: synthetic.",
                "Add it under 'sources' or use one of the defined keys.",
            ),
        ),
        (
            ("on: skin}", "on: skn}"),
            (
                25,
                29,
                "landmarks.vertex.on",
                "landmark 'vertex' is on 'skn', which is not a structure id.",
                "Did you mean 'skin'?",
            ),
        ),
        (
            ("kind: skin", "kind: muscle"),
            (
                6,
                1,
                "structures",
                "no structure has kind 'skin'; exactly one is required.",
                "Add the skin mesh with 'kind: skin'.",
            ),
        ),
        (
            ("kind: bone", "kind: skin"),
            (
                17,
                5,
                "structures[1].kind",
                "a second structure of kind 'skin'; structures[0] is already the skin "
                "and exactly one is allowed.",
                "Give the other structures another kind, or merge the skin meshes.",
            ),
        ),
        (
            ("id: skull", "id: skull_left"),
            (
                19,
                5,
                "structures[1].side",
                "structure 'skull_left' has side 'midline', but its id ends in '_left'.",
                "Sided ids end in _left or _right matching 'side'; midline ids end in neither.",
            ),
        ),
        (
            ("kind: bone", "kind: bones"),
            (
                17,
                5,
                "structures[1].kind",
                "expected one of 'skin', 'bone', 'muscle', 'artery', 'vein', 'nerve' or 'organ'; "
                "found the text 'bones'.",
                "Use one of the listed values (mind the case).",
            ),
        ),
        (
            ("units: cm\n", "units: cm\n    transform: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]\n"),
            (
                24,
                5,
                "structures[1].transform",
                "expected a 4x4 matrix; found rows of lengths [3, 3, 3].",
                "Write four rows of four numbers; the last row is [0, 0, 0, 1].",
            ),
        ),
        (
            ("file: skull.ply", "file: skull.vtk"),
            (
                20,
                5,
                "structures[1].file",
                "expected a mesh file ending in .glb, .obj, .off, .ply, .stl; found 'skull.vtk'.",
                "Use a mesh file of one of the listed formats, converting it if needed.",
            ),
        ),
        (
            ("name: Test", "name: [Test"),
            (
                3,
                6,
                "",
                "invalid YAML: did not find expected ',' or ']'.",
                "Check indentation, colons and quotes on this line.",
            ),
        ),
    ],
    ids=[
        "duplicate-id",
        "unknown-source",
        "landmark-on",
        "no-skin",
        "two-skins",
        "side-suffix",
        "bad-kind",
        "bad-transform",
        "bad-format",
        "bad-yaml",
    ],
)
def test_manifest_problem_is_reported_exactly(tmp_path: Path, edit, expected) -> None:
    assert problems_of(make_atlas(tmp_path, edit)) == [expected]


def test_all_problems_are_reported_at_once_in_file_order(tmp_path: Path) -> None:
    manifest = make_atlas(
        tmp_path,
        ('    color: "#eee8d5"', '    colour: "#eee8d5"'),
        ("    source: synthetic\n    units", "    source: makehuman\n    units"),
        ("on: skin}", "on: skn}"),
    )
    with pytest.raises(AtlasError) as caught:
        load_atlas(manifest)
    lines = [problem.line for problem in caught.value.problems]
    assert lines == [15, 21, 22, 25]  # missing color, unknown colour, source, landmark
    assert str(caught.value).splitlines()[0].startswith(f"{manifest}:15:5: structures[1].color")
