"""Binary PLY bodies and PLY header lines: sizes, element order and the exact messages.

Bodies are packed with ``struct`` here (little-endian, uchar counts, int
indices), so each test spells out the bytes it feeds the reader.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest

from explorer.model.mesh_formats import Limits, MeshFormatError
from explorer.model.mesh_formats.ply import read_ply
from explorer.model.mesh_formats.ply_header import parse_header

LIMITS = Limits(max_triangles=10)
#: Three float32 vertices: 36 bytes.
VERTICES = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], dtype="<f4").tobytes()
TRIANGLE = struct.pack("<B3i", 3, 0, 1, 2)  # 13 bytes
LIST = "list uchar int vertex_indices"


def header(faces: int = 1, face_props=(LIST,), extra=(), format="binary_little_endian") -> bytes:
    lines = ["ply", f"format {format} 1.0", "element vertex 3", "property float x",
             "property float y", "property float z", f"element face {faces}",
             *[f"property {prop}" for prop in face_props], *extra, "end_header"]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def failure(data: bytes) -> str:
    with pytest.raises(MeshFormatError) as caught:
        read_ply(data, LIMITS)
    return caught.value.reason


def faces_of(data: bytes) -> np.ndarray:
    return read_ply(data, LIMITS)[1]


# --- binary bodies ---------------------------------------------------------------------------


def test_an_element_after_the_faces_is_read_past():
    data = header(extra=["element edge 1", "property int a"]) + VERTICES + TRIANGLE
    assert faces_of(data + struct.pack("<i", 7)).tolist() == [[0, 1, 2]]


def test_an_element_after_the_faces_cut_short_names_its_bytes():
    head = header(extra=["element edge 2", "property int a"])
    assert len(head) == 199
    # The edges start after 199 + 36 + 13 = 248 bytes; one int of the two is there.
    data = head + VERTICES + TRIANGLE + struct.pack("<i", 7)
    assert failure(data) == (
        "its 'edge' records need 8 bytes from byte 248, but the file ends at 252"
    )


def test_no_faces_give_an_empty_int64_array():
    faces = faces_of(header(faces=0) + VERTICES)
    assert faces.shape == (0, 3) and faces.dtype == np.int64


def test_a_flag_equal_to_the_corner_count_does_not_shift_the_face():
    # flags (uchar 3), count (3), corners 0 1 2, quality (float): the flag byte must
    # not be taken for the count.
    props = ("uchar flags", LIST, "float quality")
    data = header(face_props=props) + VERTICES + struct.pack("<BB3if", 3, 3, 0, 1, 2, 0.5)
    assert faces_of(data).tolist() == [[0, 1, 2]]


def test_faces_missing_altogether_name_the_first_count_byte():
    # The 169-byte header and 36 bytes of vertices: the first count would be byte 205.
    assert failure(header() + VERTICES) == (
        "its faces need 1 bytes from byte 205, but the file ends at 205"
    )


def test_scalars_before_the_first_count_are_part_of_the_bytes_it_needs():
    data = header(face_props=("uchar flags", LIST)) + VERTICES  # a 190-byte header
    assert failure(data) == "its faces need 2 bytes from byte 226, but the file ends at 226"


def test_binary_faces_that_cannot_fit_are_refused_from_the_header():
    # The least binary face: a uchar count and three int corners, 13 bytes.
    data = header(faces=100) + VERTICES + TRIANGLE
    assert failure(data) == (
        "it declares 100 faces of at least 13 byte(s) each, but only 49 bytes follow"
    )


def test_vertices_over_the_limit_are_refused_from_the_header():
    data = header().replace(b"vertex 3", b"vertex 4") + VERTICES + VERTICES[:12] + TRIANGLE
    with pytest.raises(MeshFormatError) as caught:
        read_ply(data, Limits(max_triangles=1))
    assert caught.value.reason == (
        "it declares 4 vertices, over the limit of 3 (three per triangle of the 1 allowed)"
    )


def test_mixed_faces_ending_before_a_count_name_the_missing_byte():
    head = header(faces=2)
    assert len(head) == 169
    # A quad (17 bytes) fills bytes 205-221; the second face's count would be byte 222.
    data = head + VERTICES + struct.pack("<B4i", 4, 0, 1, 2, 0)
    assert failure(data) == "its faces need 1 bytes from byte 222, but the file ends at 222"


def test_mixed_faces_ending_after_a_count_name_the_missing_corners():
    data = header(faces=2) + VERTICES + struct.pack("<B4i", 4, 0, 1, 2, 0) + b"\x03"
    assert failure(data) == "its faces need 12 bytes from byte 223, but the file ends at 223"


def test_an_int_count_with_uchar_corners_is_read():
    # One face of 7 bytes: an int count (4 bytes), then three uchar corners.
    data = header(face_props=("list int uchar vertex_indices",)) + VERTICES
    assert faces_of(data + struct.pack("<i3B", 3, 2, 1, 0)).tolist() == [[2, 1, 0]]


def test_faces_that_are_all_pentagons_become_fans():
    data = header(faces=2) + VERTICES + struct.pack("<B5i", 5, 0, 1, 2, 1, 0) * 2
    # Each pentagon (a, b, c, d, e) is (a, b, c), (a, c, d), (a, d, e).
    assert faces_of(data).tolist() == [[0, 1, 2], [0, 2, 1], [0, 1, 0]] * 2


# --- ASCII bodies: sizes checked from the header ----------------------------------------------

ASCII_BODY = b"0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"  # 26 bytes


def test_ascii_faces_that_cannot_fit_are_refused_from_the_header():
    # A face is at least "3 0 0 0" with separators: 4 numbers of 2 bytes.
    data = header(faces=5, format="ascii") + ASCII_BODY
    assert failure(data) == (
        "it declares 5 faces of at least 8 byte(s) each, but only 26 bytes follow"
    )


def test_ascii_no_faces_give_an_empty_int64_array():
    faces = faces_of(header(faces=0, format="ascii") + b"0 0 0\n1 0 0\n0 1 0\n")
    assert faces.shape == (0, 3) and faces.dtype == np.int64


# --- header lines ------------------------------------------------------------------------------

GOOD = ["ply", "format ascii 1.0", "element vertex 3", "property float x", "property float y",
        "property float z", "element face 1", f"property {LIST}", "end_header"]  # fmt: skip


def header_error(lines: list[str]) -> str:
    with pytest.raises(MeshFormatError) as caught:
        parse_header(("\n".join(lines) + "\n").encode())
    return caught.value.reason


def elements(lines: list[str]) -> list:
    parsed = parse_header(("\n".join(lines) + "\n").encode())
    return [(e.name, e.count, [(p.name, p.kind, p.count_kind) for p in e.properties])
            for e in parsed.elements]  # fmt: skip


EXPECTED = [
    ("vertex", 3, [("x", "f4", None), ("y", "f4", None), ("z", "f4", None)]),
    ("face", 1, [("vertex_indices", "i4", "u1")]),
]


@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
def test_a_blank_header_line_is_skipped(blank):
    assert elements([*GOOD[:2], blank, *GOOD[2:]]) == EXPECTED


def test_the_shortest_header_lacks_its_format():
    assert header_error(["ply", "end_header"]) == (
        "header line 2: expected 'format ascii 1.0' or a binary format; found 'end_header'"
    )


def test_a_header_of_only_a_format_lacks_its_elements():
    assert header_error(["ply", "format ascii 1.0", "end_header"]) == (
        "its header needs exactly one 'vertex' element"
    )


@pytest.mark.parametrize("last", ["comment see end_header", "end_header extra"])
def test_end_header_must_be_a_line_of_its_own(last):
    assert header_error([*GOOD[:-1], last]) == (
        f"header line 9: expected 'end_header'; found '{last}'"
    )


@pytest.mark.parametrize("line", ["format ascii", "format ascii 1.0 x"])
def test_a_format_line_has_exactly_three_words(line):
    assert header_error(["ply", line, *GOOD[2:]]) == (
        "header line 2: expected 'format ascii 1.0', 'format binary_little_endian 1.0' or big; "
        f"found '{line}'"
    )


def test_an_18_digit_count_is_accepted():
    lines = [*GOOD[:2], "element vertex 123456789012345678", *GOOD[3:]]
    assert elements(lines)[0][1] == 123456789012345678


@pytest.mark.parametrize(
    "line",
    ["property float", "property float x y", "property list uchar half vertex_indices",
     "property list half int vertex_indices", "property list uchar int vertex_indices extra"],
    ids=["no-name", "two-names", "unknown-item-type", "unknown-count-type", "six-words"],
)  # fmt: skip
def test_a_malformed_property_line_is_named(line):
    assert header_error([*GOOD[:7], line, *GOOD[8:]]) == (
        "header line 8: expected 'property <type> <name>' or 'property list <type> <type> "
        f"<name>'; found '{line}'"
    )


def test_a_double_list_count_is_refused():
    line = "property list double int vertex_indices"
    assert header_error([*GOOD[:7], line, *GOOD[8:]]) == (
        f"header line 8: expected a whole-number type for the list's count; found '{line}'"
    )


@pytest.mark.parametrize(
    "face_props",
    [["property int a"], [f"property {LIST}", "property list uchar int vertex_index"]],
    ids=["no-list", "two-lists"],
)
def test_the_face_element_needs_exactly_one_list(face_props):
    assert header_error([*GOOD[:7], *face_props, GOOD[-1]]) == (
        "its 'face' element needs one list of whole numbers named vertex_indices"
    )


def test_two_face_elements_are_refused():
    lines = [*GOOD[:-1], "element face 2", f"property {LIST}", GOOD[-1]]
    assert header_error(lines) == "its header needs exactly one 'face' element"


def test_an_element_line_with_four_words_is_refused():
    assert header_error([*GOOD[:2], "element vertex 3 4", *GOOD[3:]]) == (
        "header line 3: expected 'element', 'property' or 'comment'; found 'element vertex 3 4'"
    )
