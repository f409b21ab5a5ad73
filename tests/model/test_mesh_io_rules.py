"""mesh_io's rules, each with its exact message, fix and manifest field.

Paths, sizes, hashes, reach, units and mirrors: the checks every mesh passes
between the manifest and the readers. Each test names the one rule it breaks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from explorer.model import mesh_io
from explorer.model.mesh_io import (
    MeshFileError,
    check_in_reach,
    check_mesh_path,
    has_area,
    parse_mesh,
    read_mesh_bytes,
    resolve_inside,
    to_atlas_frame,
)

TRIANGLE_OFF = b"OFF\n3 1 0\n0 0 0\n10 0 0\n0 10 0\n3 0 1 2\n"


def caught(call, *args) -> MeshFileError:
    with pytest.raises(MeshFileError) as error:
        call(*args)
    return error.value


@pytest.mark.parametrize(
    ("path", "wrong"),
    [
        ("", "an empty path"),
        ("   ", "an empty path"),
        ("skin\x00.ply", "a path with a control character in it"),
        ("skin\x7f.ply", "a path with a control character in it"),
        ("a/" * 600 + "b.ply", "a path of 1,205 characters (at most 1,024)"),
        ("x" * 256 + ".ply",
         "a name of 260 bytes, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (names have at most "
         "255 bytes)"),
        ("dir\\" + "\u00e9" * 128 + ".ply",
         "a name of 260 bytes, '" + "\u00e9" * 37 + "...' (names have at most 255 bytes)"),
    ],
    ids=["empty", "blank", "nul", "delete", "long-path", "long-name", "long-utf8-name"],
)  # fmt: skip
def test_each_bad_mesh_path_is_described(path, wrong):
    assert check_mesh_path(path) == wrong


@pytest.mark.parametrize("path", ["skin.ply", "parts/skull.obj", "x" * 255, "a/" * 500 + "b"])
def test_paths_within_the_limits_pass(path):
    assert check_mesh_path(path) is None


def test_resolve_inside_accepts_a_file_below_the_folder(tmp_path):
    (tmp_path / "parts").mkdir()
    assert resolve_inside(tmp_path, "parts/skin.ply") == (tmp_path / "parts/skin.ply").resolve()


def test_resolve_inside_refuses_an_absolute_path(tmp_path):
    error = caught(resolve_inside, tmp_path, "/etc/passwd")
    assert error.message == "mesh path '/etc/passwd' is absolute; only relative paths are allowed."
    assert error.fix == (
        "Put the mesh inside the atlas folder and give its path relative to the manifest."
    )
    assert error.field == "file"


def test_resolve_inside_refuses_a_path_that_climbs_out(tmp_path):
    atlas = tmp_path / "atlas"
    atlas.mkdir()
    error = caught(resolve_inside, atlas, "../outside.ply")
    assert error.message == (
        f"mesh path '../outside.ply' resolves to {tmp_path.resolve() / 'outside.ply'}, outside "
        f"the atlas folder {atlas.resolve()}."
    )


def test_resolve_inside_follows_a_link_before_judging(tmp_path):
    atlas = tmp_path / "atlas"
    atlas.mkdir()
    (tmp_path / "secret.ply").write_bytes(TRIANGLE_OFF)
    (atlas / "skin.ply").symlink_to(tmp_path / "secret.ply")
    error = caught(resolve_inside, atlas, "skin.ply")
    assert error.message.startswith("mesh path 'skin.ply' resolves to ")
    assert error.message.endswith(f", outside the atlas folder {atlas.resolve()}.")


def test_resolve_inside_names_a_bad_path_before_touching_the_disk(tmp_path):
    error = caught(resolve_inside, tmp_path, "bad\x00name.ply")
    assert error.message == "mesh path 'bad\\x00name.ply' is a path with a control character in it."


def test_a_missing_file_and_a_folder_are_told_apart(tmp_path):
    missing = caught(read_mesh_bytes, tmp_path / "none.ply", 1000, None)
    assert missing.message == f"mesh file not found: {tmp_path / 'none.ply'}."
    assert missing.fix == "Check the 'file' path, or rebuild the atlas."
    (tmp_path / "folder.ply").mkdir()
    folder = caught(read_mesh_bytes, tmp_path / "folder.ply", 1000, None)
    assert folder.message == (
        f"mesh file {tmp_path / 'folder.ply'} is not a regular file (a folder, device or pipe)."
    )


def test_a_file_over_the_byte_cap_is_refused_unread(tmp_path):
    path = tmp_path / "big.off"
    path.write_bytes(TRIANGLE_OFF)
    error = caught(read_mesh_bytes, path, len(TRIANGLE_OFF) - 1, None)
    assert error.message == (
        f"mesh file {path} is {len(TRIANGLE_OFF)} bytes, over the limit of "
        f"{len(TRIANGLE_OFF) - 1} bytes."
    )
    assert error.fix == "Decimate the mesh, or raise max_triangles if the machine has the memory."
    assert read_mesh_bytes(path, len(TRIANGLE_OFF), None) == TRIANGLE_OFF


def test_the_hash_is_checked_in_either_case_and_a_wrong_one_points_at_sha256(tmp_path):
    path = tmp_path / "t.off"
    path.write_bytes(TRIANGLE_OFF)
    digest = hashlib.sha256(TRIANGLE_OFF).hexdigest()
    assert read_mesh_bytes(path, 1000, digest.upper()) == TRIANGLE_OFF
    wrong = "0" * 64
    error = caught(read_mesh_bytes, path, 1000, wrong)
    assert (
        error.message == f"mesh file {path} has sha256 {digest}, but the manifest expects {wrong}."
    )
    assert error.fix == "Restore the original file, or update 'sha256' if the change is intended."
    assert error.field == "sha256"


def test_the_byte_cap_follows_the_triangle_cap():
    assert mesh_io.max_bytes_for(0) == 64 * 1024
    assert mesh_io.max_bytes_for(1000) == 64 * 1024 + 256 * 1000


def test_parse_mesh_names_the_format_in_its_fix():
    error = caught(parse_mesh, Path("x.off"), b"OFF\n3 1 0\n0 0 0\n", 10)
    assert error.fix == "Re-export it as a valid OFF triangle mesh."


def test_more_triangles_than_allowed_are_refused():
    two = b"OFF\n4 2 0\n0 0 0\n10 0 0\n0 10 0\n10 10 0\n3 0 1 2\n3 1 3 2\n"
    error = caught(parse_mesh, Path("two.off"), two, 1)
    assert error.message == "mesh file two.off: it declares 2 faces, over the limit of 1 triangles."
    assert parse_mesh(Path("two.off"), two, 2)[1].tolist() == [[0, 1, 2], [1, 3, 2]]


@pytest.mark.parametrize(
    ("corners", "flat"),
    [
        ([[0, 0, 0], [10, 0, 0], [0, 10, 0]], False),
        ([[0, 0, 0], [10, 0, 0], [20, 0, 0]], True),  # on one line
        ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], True),  # one point
        ([[0, 0, 0], [10, 0, 0], [5, 1e-4, 0]], True),  # a sliver under FLAT_SINE
        ([[0, 0, 0], [10, 0, 0], [5, 0.1, 0]], False),  # thin, but a triangle
    ],
)
def test_has_area_tells_a_sliver_from_a_triangle(corners, flat):
    assert has_area(np.array(corners, dtype=float), np.array([[0, 1, 2]])) is not flat


def test_has_area_looks_past_the_first_chunk(monkeypatch):
    monkeypatch.setattr(mesh_io, "AREA_CHUNK", 2)
    vertices = np.array([[0, 0, 0], [1, 0, 0], [2, 0, 0], [0, 1, 0]], dtype=float)
    faces = np.array([[0, 1, 2], [0, 2, 1], [1, 0, 2], [0, 1, 3]])  # only the last has area
    assert has_area(vertices, faces)
    assert not has_area(vertices, faces[:3])


def test_units_scale_and_a_mirror_turns_the_winding():
    vertices = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])
    faces = np.array([[0, 1, 2]])
    scaled, same = to_atlas_frame(vertices, faces, "cm", None)
    assert scaled.tolist() == (vertices * 10).tolist() and same.tolist() == [[0, 1, 2]]
    mirror = np.diag([-1.0, 1.0, 1.0, 1.0])
    mirror[:3, 3] = [5, 6, 7]
    moved, turned = to_atlas_frame(vertices, faces, "mm", mirror)
    assert moved.tolist() == [[4, 8, 10], [1, 11, 13], [-2, 14, 17]]
    assert turned.tolist() == [[2, 1, 0]]
    _, kept = to_atlas_frame(vertices, faces, "m", np.eye(4))
    assert kept.tolist() == [[0, 1, 2]]


def test_a_mesh_beyond_a_bodys_reach_points_at_its_field():
    far = np.array([[0.0, 0.0, 0.0], [3000.5, 0.0, 0.0], [0.0, 1.0, 0.0]])
    error = caught(check_in_reach, Path("skin.ply"), far, "units")
    assert error.message == (
        "mesh file skin.ply reaches 3e+03 mm from the atlas origin once its units and transform "
        "are applied; a body fits within 3000 mm."
    )
    assert error.fix == "Check 'units' (what one unit of the file is) and the 'transform'."
    assert error.field == "units"
    check_in_reach(Path("skin.ply"), far[[0, 2]] * [1, 3000, 1], "units")  # 3000 mm: fits


def test_a_speck_is_a_units_mistake():
    speck = np.array([[100.0, 100.0, 100.0], [100.4, 100.0, 100.0], [100.0, 100.3, 100.0]])
    error = caught(check_in_reach, Path("skull.ply"), speck, "transform")
    assert error.message == (
        "mesh file skull.ply spans only 0.4 mm once its units and transform are applied; the "
        "smallest structure of the atlas is wider than 0.5 mm."
    )
    assert error.field == "transform"
    check_in_reach(Path("skull.ply"), speck * [1.0, 1.0, 1.0] + [[0, 0, 0], [0.1, 0, 0], [0, 0, 0]],
                   "transform")  # fmt: skip
