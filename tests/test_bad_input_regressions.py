"""Bad inputs found after issue 14's list, each with its whole located message.

The issue's own cases are in tests/model/test_bad_input.py (content, manifest,
meshes) and tests/test_kiosk_bad_input.py (kiosk settings); these are the
families an independent harness would try next: files that are not files,
JSON that only YAML forgives, values that hide characters, meshes that are
well formed but have no shape, and memory checked before reading a body.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from explorer.fuzz.gen_mesh import ONE_MESH_MANIFEST
from explorer.model.atlas import load_atlas
from explorer.model.errors import ExplorerError, clip
from explorer.model.mesh_formats import Limits, MeshFormatError, read_mesh
from explorer.model.mesh_io import MeshFileError, read_mesh_bytes
from explorer.model.project import load_project
from explorer.model.yaml_events import MAX_VALUES
from explorer.qt.kiosk.config import KioskConfig, KioskConfigError, load_config
from tests.model.test_atlas import make_atlas
from tests.model.test_bad_input import CONTENT, TINY, content_problems
from tests.model.test_mesh_memory import PROBE

MB = 2**20


def kiosk_problems(path: Path) -> list[str]:
    with pytest.raises(KioskConfigError) as caught:
        load_config(path)
    return [str(problem) for problem in caught.value.problems]


# --- settings files that are not files -----------------------------------------------------


def test_a_kiosk_settings_name_over_255_bytes_is_refused_not_a_traceback(tmp_path):
    path = tmp_path / ("k" * 300 + ".yaml")  # Path.exists() raised OSError here
    assert kiosk_problems(path) == [
        f"{path}: cannot read the file (File name too long). Fix: Check the path is a file."
    ]


def test_a_kiosk_settings_link_to_itself_is_refused_not_taken_for_no_file(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.symlink_to("kiosk.yaml")  # Path.exists() is False: the kiosk ran on defaults
    assert kiosk_problems(path) == [
        f"{path}: cannot read the file (Too many levels of symbolic links). "
        "Fix: Check the path is a file."
    ]


def test_a_broken_kiosk_settings_link_is_refused(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.symlink_to("moved-away.yaml")
    assert kiosk_problems(path) == [
        f"{path}: file not found, only a link to it. Fix: Check the path and spelling."
    ]


def test_no_kiosk_settings_file_at_all_means_the_defaults(tmp_path):
    assert load_config(tmp_path / "kiosk.yaml") == KioskConfig()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.mkdir(), "this is a folder, not a text file."),
        (lambda path: os.mkfifo(path), "this is a pipe or a device, not a text file."),
        (lambda path: path.symlink_to("/dev/zero"), "this is a pipe or a device, not a text file."),
    ],
    ids=["folder", "pipe", "dev-zero"],
)
def test_a_content_file_that_is_no_file_is_refused_at_once(tmp_path, make, message):
    path = tmp_path / "trigger_points.yaml"
    make(path)
    with pytest.raises(ExplorerError) as caught:
        load_project(path, TINY)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}: {message} Fix: Give the path of the file itself."
    ]


# --- values by the million ------------------------------------------------------------


def test_half_a_million_tiny_list_items_are_refused_at_the_one_over_the_limit(tmp_path):
    # 2 MB of '- a' lines used to take a minute and gigabytes to build, then to locate.
    data = CONTENT.encode() + b"extra:\n" + b"- a\n" * (MAX_VALUES + 10)
    path, problems = content_problems(tmp_path, data=data)
    # CONTENT holds 76 values, 'extra' and its list two more: item k (on line L + 2 + k of a
    # CONTENT of L lines) is refused once 78 + k values exceed the cap.
    line = CONTENT.count("\n") + 2 + (MAX_VALUES - 77)
    assert problems == [
        f"{path}:{line}:3: invalid YAML: the file holds more than 500,000 values. Fix: Check it "
        "is the right file: content and settings files hold a few thousand values."
    ]


# --- the byte families, in kiosk settings too ---------------------------------------

NOT_UTF8 = "Fix: Save the file as UTF-8 text, or delete the stray byte."
FLATTEN = "Fix: Flatten the structure: these files need only a few levels of lists and maps."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"clinic_name: River\xffside\n",
            f"1:19: the file is not UTF-8 text: byte 0xff cannot start a character. {NOT_UTF8}",
        ),
        (
            b"clinic_name: River\x00side\n",
            "1:19: invalid YAML: control character U+0000 is not allowed in a text file. "
            "Fix: Delete it: binary data and control codes cannot go in this file.",
        ),
        (
            b"clinic_name: Test\n\x89PNG\r\n\x1a\n\x00\x00",
            f"2:1: the file is not UTF-8 text: byte 0x89 cannot start a character. {NOT_UTF8}",
        ),
        (
            # 10,000 levels of block lists on one line: 20 kB, far under the size cap.
            b"corner:\n" + b"- " * 10_000 + b"x\n",
            f"2:99: invalid YAML: lists and maps nested more than 50 levels deep. {FLATTEN}",
        ),
    ],
    ids=["invalid-utf8", "nul-byte", "binary-junk", "block-nesting-10000"],
)
def test_kiosk_settings_that_are_no_yaml_text_get_a_line_and_column(tmp_path, data, message):
    path = tmp_path / "kiosk.yaml"
    path.write_bytes(data)
    assert kiosk_problems(path) == [f"{path}:{message}"]


# --- JSON settings must be JSON ------------------------------------------------------------

JSON_FIX = "Fix: Use double quotes, no trailing commas, and plain numbers; or rename it .yaml."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"corner": "top_left",}',
            f"1:23: invalid JSON: Expecting property name enclosed in double quotes. {JSON_FIX}",
        ),
        (
            "{'corner': 'top_left'}",
            f"1:2: invalid JSON: Expecting property name enclosed in double quotes. {JSON_FIX}",
        ),
        ('// settings\n{"corner": "top_left"}', f"1:1: invalid JSON: Expecting value. {JSON_FIX}"),
        (
            '{"corner": "top_left",\n "attract_step_seconds": NaN}',
            "2:26: invalid JSON: NaN is not a JSON number. Fix: Write a plain number of seconds, "
            "such as 6.",
        ),
    ],
    ids=["trailing-comma", "single-quotes", "comment", "nan"],
)
def test_json_settings_that_only_yaml_would_read_are_refused(tmp_path, text, message):
    path = tmp_path / "kiosk.json"
    path.write_text(text)
    assert kiosk_problems(path) == [f"{path}:{message}"]


def test_strict_json_settings_load(tmp_path):
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"corner": "top_right", "corner_hold_seconds": 5}, indent="\t"))
    assert load_config(path) == KioskConfig(corner="top_right", corner_hold_seconds=5.0)


# --- quoted values never carry a hidden character into a message ---------------------------


def test_clip_writes_unprintable_characters_as_escapes():
    assert clip("River\x00side") == "River\\x00side"
    assert clip("a\u202eb\nc") == "a\\u202eb\\nc"
    assert clip("\x00" * 100) == "\\x00" * 19 + "..."  # an escape is never cut in two
    assert clip("Müller Physio") == "Müller Physio"


def test_a_nul_in_the_clinic_name_is_shown_escaped(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.write_text('clinic_name: "River\\0side"\n')
    assert kiosk_problems(path) == [
        f"{path}:1:1: clinic_name: expected the clinic's name as text of 1 to 80 characters on "
        "one line; found the text 'River\\x00side'. Fix: Write the name as it should appear on "
        "the screen, in quotes if it has a colon."
    ]


PLAIN = (
    "expected plain text; found the control character {code} at character {at}. Fix: Delete "
    "it: a text shown on screen holds letters, digits and punctuation only."
)


def test_a_right_to_left_override_in_a_shown_text_is_refused(tmp_path):
    path, problems = content_problems(
        tmp_path, "where: Above the ear.", 'where: "Above \\u202e the ear."'
    )
    assert problems == [
        f"{path}:13:9: muscles[0].trigger_points[0].where.patient: "
        + PLAIN.format(code="U+202E", at=7)
    ]


def test_a_nul_in_a_source_url_is_refused(tmp_path):
    path, problems = content_problems(
        tmp_path,
        '  demo1999: "Demo, A. A made-up reference used only by the tests. 1999"',
        '  demo1999: {text: "Demo, A. 1999", url: "https://example.org/a\\0b"}',
    )
    assert problems == [f"{path}:3:37: sources.demo1999.url: " + PLAIN.format(code="U+0000", at=22)]


def test_a_cyrillic_look_alike_in_an_id_is_refused(tmp_path):
    path, problems = content_problems(tmp_path, "- id: tp1", "- id: t\u0440p1")
    assert problems == [
        f"{path}:10:9: muscles[0].trigger_points[0].id: expected a snake_case id (lower-case "
        "letters, digits and '_', starting with a letter); found the text 't\u0440p1'. "
        "Fix: Rename it, e.g. 'upper_trapezius'."
    ]


# --- meshes that are well formed but have no shape -----------------------------------------


def ascii_ply(vertices: list[tuple[float, float, float]], faces: list[tuple[int, int, int]]) -> str:
    lines = ["ply", "format ascii 1.0", f"element vertex {len(vertices)}", "property float x",
             "property float y", "property float z", f"element face {len(faces)}",
             "property list uchar int vertex_indices", "end_header"]  # fmt: skip
    lines += [" ".join(map(str, v)) for v in vertices] + [f"3 {a} {b} {c}" for a, b, c in faces]
    return "\n".join(lines) + "\n"


def atlas_problems(tmp_path: Path, skull_ply: str) -> tuple[Path, list[str]]:
    manifest = make_atlas(tmp_path)
    (tmp_path / "skull.ply").write_text(skull_ply)
    with pytest.raises(ExplorerError) as caught:
        load_atlas(manifest)
    return manifest, [str(problem) for problem in caught.value.problems]


def test_a_mesh_whose_every_triangle_is_flat_is_refused(tmp_path):
    on_a_line = [(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0)]
    manifest, problems = atlas_problems(tmp_path, ascii_ply(on_a_line, [(0, 1, 2), (1, 2, 3)]))
    assert problems == [
        f"{manifest}:20:5: structures[1].file: mesh file {tmp_path.resolve()}/skull.ply could "
        "not be read (every triangle has zero area: its corners coincide or lie on one line). "
        "Fix: Re-export it as a valid PLY triangle mesh."
    ]


def test_a_mesh_a_billionth_of_its_size_is_a_units_mistake(tmp_path):
    corners = [(0, 0, 0), (1e-9, 0, 0), (0, 1e-9, 0), (0, 0, 1e-9)]
    faces = [(0, 1, 2), (0, 2, 3), (0, 3, 1), (1, 3, 2)]
    manifest, problems = atlas_problems(tmp_path, ascii_ply(corners, faces))
    assert problems == [
        f"{manifest}:23:5: structures[1].units: mesh file {tmp_path.resolve()}/skull.ply spans "
        "only 1e-08 mm once its units and transform are applied; the smallest structure of the "
        "atlas is wider than 0.5 mm. Fix: Check 'units' (what one unit of the file is) and the "
        "'transform'."
    ]


def test_a_mesh_with_a_few_flat_triangles_among_real_ones_loads(tmp_path):
    corners = [(0, 0, 0), (5, 0, 0), (0, 5, 0), (0, 0, 5)]
    faces = [(0, 2, 1), (0, 3, 2), (0, 1, 3), (1, 2, 3), (0, 0, 1)]
    manifest = make_atlas(tmp_path)
    (tmp_path / "skull.ply").write_text(ascii_ply(corners, faces))
    assert len(load_atlas(manifest).structures["skull"].faces) == 5


# --- a lying header fails before the body is read ------------------------------------------

LYING_HEADER = (
    b"ply\nformat binary_little_endian 1.0\nelement vertex 2147483648\nproperty float x\n"
    b"property float y\nproperty float z\nelement face 1\nproperty list uchar int "
    b"vertex_indices\nend_header\n"
)


def test_a_ply_header_claiming_2_31_vertices_allocates_nothing_for_them():
    data = LYING_HEADER + bytes(1024 - len(LYING_HEADER))
    tracemalloc.start()
    try:
        with pytest.raises(MeshFormatError) as caught:
            read_mesh(".ply", data, Limits(max_triangles=1_000_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.reason == (
        "it declares 2,147,483,648 vertices of at least 12 byte(s) each, but only 846 bytes follow"
    )
    # 24 GiB of float32 vertices were claimed; the reader built a few kB of header objects.
    assert peak < 64 * 1024


def test_a_mesh_name_over_255_bytes_read_directly_is_a_mesh_error(tmp_path):
    path = tmp_path / ("m" * 300 + ".ply")
    with pytest.raises(MeshFileError) as caught:
        read_mesh_bytes(path, 1 << 20, None)
    assert caught.value.message == (
        f"mesh file ...{str(path)[-157:]} could not be read (File name too long)."
    )
    assert caught.value.fix == "Check its permissions."


# --- memory while loading a mesh near the triangle cap ------------------------------------


def test_a_binary_stl_near_the_triangle_cap_loads_within_the_memory_bound(tmp_path):
    count = 980_000
    rng = np.random.default_rng(1)
    records = np.zeros(
        count, dtype=[("normal", "<f4", 3), ("corners", "<f4", (3, 3)), ("a", "<u2")]
    )
    records["corners"] = rng.uniform(-80, 80, (count, 3, 3)) + [0, 0, 1500]
    mesh = tmp_path / "big.stl"
    mesh.write_bytes(bytes(80) + struct.pack("<I", count) + records.tobytes())
    (tmp_path / "manifest.yaml").write_text(ONE_MESH_MANIFEST.format(file=mesh.name))
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "manifest.yaml")],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    result = json.loads(run.stdout)
    assert result["faces"] == count
    # Measured 201 MiB for a 49 MB file (bound 241 MiB); a copy of the strided corners and a
    # mesh-sized np.abs() in the reach check had made it 268 MiB.
    assert result["peak"] <= 3 * mesh.stat().st_size + 100 * MB


# --- text meshes padded with millions of empty lines --------------------------------------

TRIANGLE_PLY = (
    "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
    "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
    "0 0 0\n10 0 0\n0 10 0\n3 0 1 2\n"
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("padded.obj", "v 0 0 0\nv 10 0 0\nv 0 10 0\nf 1 2 3\n" + "\n" * 2_000_000),
        ("comments.obj", "# a comment\n" * 200_000 + "v 0 0 0\nv 10 0 0\nv 0 10 0\nf 1 2 3\n"),
        # A window of blank lines only: numpy read it as the number -1, "after the last element".
        ("padded.ply", TRIANGLE_PLY + "\n" * 2_000_000),
    ],
    ids=["obj-blank-lines", "obj-comment-lines", "ply-blank-lines"],
)
def test_a_triangle_padded_with_empty_lines_loads(name, text):
    vertices, faces = read_mesh(Path(name).suffix, text.encode(), Limits(max_triangles=10))
    assert vertices.tolist() == [[0, 0, 0], [10, 0, 0], [0, 10, 0]]
    assert faces.tolist() == [[0, 1, 2]]


# --- permissions (the tests run as root, who may read anything: the refusal is simulated) ----


def test_an_unreadable_settings_file_is_refused_with_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "kiosk.yaml"
    path.write_text("corner: top_left\n")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert kiosk_problems(path) == [
        f"{path}: cannot read the file (Permission denied). Fix: Check the path is a file."
    ]


def test_an_unreadable_mesh_is_refused_at_its_file_line(tmp_path, monkeypatch):
    manifest = make_atlas(tmp_path)
    skull = tmp_path.resolve() / "skull.ply"
    real_open = Path.open

    def refuse_the_skull(self, *args, **kwargs):
        if self == skull:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_the_skull)
    with pytest.raises(ExplorerError) as caught:
        load_atlas(manifest)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{manifest}:20:5: structures[1].file: mesh file {skull} could not be read (Permission "
        "denied). Fix: Check its permissions."
    ]
