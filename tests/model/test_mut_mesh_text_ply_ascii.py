"""ASCII PLY bodies: the number stream, its windows, face runs and the exact errors.

Every file here has the same nine-line header (``HEAD``), so the body starts
on line 10. Windows are shrunk with ``text.WINDOW_BYTES`` (one byte makes each
window exactly one line) so records and faces cross window edges.
"""

from __future__ import annotations

import pytest

from explorer.model.mesh_formats import Limits, MeshFormatError, ply_tokens, text
from explorer.model.mesh_formats.ply import read_ply

HEAD = (
    "ply\nformat ascii 1.0\nelement vertex {v}\nproperty float x\nproperty float y\n"
    "property float z\nelement face {f}\nproperty list uchar int vertex_indices\nend_header\n"
)
#: Three corners of a right triangle, lines 10 to 12 of every file below.
TRIANGLE = "0 0 0\n1 0 0\n0 1 0\n"
LIMITS = Limits(max_triangles=100_000)


def ply(body: str | bytes, vertices: int = 3, faces: int = 1) -> bytes:
    head = HEAD.format(v=vertices, f=faces).encode()
    return head + (body.encode() if isinstance(body, str) else body)


def read(data: bytes) -> tuple[list, list]:
    vertices, faces = read_ply(data, LIMITS)
    return vertices.tolist(), faces.tolist()


def failure(data: bytes) -> str:
    with pytest.raises(MeshFormatError) as caught:
        read_ply(data, LIMITS)
    return caught.value.reason


@pytest.fixture
def one_line_windows(monkeypatch):
    """Each window of the body is then one line: no line fits in a single byte."""
    monkeypatch.setattr(text, "WINDOW_BYTES", 1)


# --- bad tokens and their lines ------------------------------------------------------------


def test_a_word_among_the_vertices_names_its_line():
    # Header lines 1-9, vertices on 10, 11, 12: the word is on line 11.
    assert failure(ply("0 0 0\n1 x 0\n0 1 0\n3 0 1 2\n")) == (
        "line 11: expected numbers only, as the header declares; found '1 x 0'"
    )


def test_a_word_in_a_later_window_names_its_line(one_line_windows):
    # Four one-line windows; the fourth (line 13) holds the word.
    assert failure(ply(TRIANGLE + "3 0 1 x\n")) == (
        "line 13: expected numbers only, as the header declares; found '3 0 1 x'"
    )


def test_a_word_on_the_third_line_of_one_window_names_that_line():
    # One window holds the whole body; the bad line is its fourth (offset 3).
    assert failure(ply(TRIANGLE + "3 0 one 2\n")) == (
        "line 13: expected numbers only, as the header declares; found '3 0 one 2'"
    )


def test_bytes_that_are_not_utf8_are_shown_replaced():
    # 0xFF is no UTF-8: the quoted line shows U+FFFD in its place.
    assert failure(ply(b"0 0 0\n1 \xff 0\n0 1 0\n3 0 1 2\n")) == (
        "line 11: expected numbers only, as the header declares; found '1 \ufffd 0'"
    )


def test_a_nul_byte_in_the_body_is_refused_as_binary():
    data = ply(b"0 0 0\n1 0 0\n0 1 0\n3 0 1 2\x00\n")
    # The NUL follows the 18 bytes of the vertex lines and the 7 of "3 0 1 2".
    offset = len(HEAD.format(v=3, f=1)) + 18 + 7
    assert offset == 179
    assert failure(data) == "byte 179 (line 13) is a NUL byte: this is not a text ASCII PLY file"


# --- records across windows ---------------------------------------------------------------


def test_vertices_split_over_one_line_windows_read_the_same(one_line_windows):
    vertices, faces = read(ply("1.5 2 3\n4 5 6.25\n-7 8 9\n3 2 1 0\n"))
    assert vertices == [[1.5, 2.0, 3.0], [4.0, 5.0, 6.25], [-7.0, 8.0, 9.0]]
    assert faces == [[2, 1, 0]]


def test_a_record_spread_over_several_lines_is_joined(one_line_windows):
    # PLY numbers are a stream: one vertex may span lines, and windows.
    vertices, faces = read(ply("1 2\n3 4\n5 6 7\n8 9\n3\n0\n1\n2\n"))
    assert vertices == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
    assert faces == [[0, 1, 2]]


def test_vertices_in_batches_of_two(monkeypatch):
    monkeypatch.setattr(ply_tokens, "BATCH", 2)
    body = "0 0 0\n1 0 0\n2 0 0\n3 0 0\n4 0 0\n3 0 1 2\n"  # 5 vertices: batches 2, 2, 1
    vertices, faces = read(ply(body, vertices=5))
    assert vertices == [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.0, 0.0, 0.0], [3.0, 0.0, 0.0],
                        [4.0, 0.0, 0.0]]  # fmt: skip
    assert faces == [[0, 1, 2]]


def test_faces_in_batches_of_two(monkeypatch):
    monkeypatch.setattr(ply_tokens, "BATCH", 2)
    body = TRIANGLE + "3 0 1 2\n3 1 2 0\n3 2 0 1\n"  # three triangles: runs of 2 and 1
    assert read(ply(body, faces=3))[1] == [[0, 1, 2], [1, 2, 0], [2, 0, 1]]


def test_vertex_numbers_cut_short_say_the_elements_end_early():
    # 3 vertices need 9 numbers; the 24 bytes pass the size check but hold 3.
    assert failure(ply("1000000 2000000 3000000\n", faces=0)) == (
        "the file ends before the elements its header declares"
    )


# --- faces ---------------------------------------------------------------------------------


def test_a_missing_face_says_the_faces_end_early():
    # Two faces declared, one present: the second has no corner count.
    assert failure(ply(TRIANGLE + "3 0 1 2\n", faces=2)) == (
        "the file ends before the faces its header declares"
    )


def test_a_face_cut_inside_its_corners_says_the_faces_end_early():
    # The count 3 is read, then only two of its three corners follow.
    assert failure(ply(TRIANGLE + "3 0 1\n")) == (
        "the file ends before the faces its header declares"
    )


def test_faces_start_in_a_fresh_window(one_line_windows):
    # After the third vertex line nothing is pending: the face count is in the next window.
    assert read(ply(TRIANGLE + "3 0 1 2\n"))[1] == [[0, 1, 2]]


@pytest.mark.parametrize(
    ("count", "shown"),
    [("2", "2"), ("0", "0"), ("nan", "nan"), ("inf", "inf"), ("-inf", "-inf")],
)
def test_a_bad_corner_count_is_named(count, shown):
    assert failure(ply(TRIANGLE + f"{count} 0 1 2\n")) == (
        f"face 0 has {shown} corners; a face needs a whole number from 3 to 65,536"
    )


def test_a_bad_corner_count_names_its_face():
    assert failure(ply(TRIANGLE + "3 0 1 2\n1 0\n", faces=2)) == (
        "face 1 has 1 corners; a face needs a whole number from 3 to 65,536"
    )


def test_a_fractional_corner_count_is_refused():
    message = failure(ply(TRIANGLE + "3.5 0 1 2\n"))
    assert message.startswith("face 0 has ")
    assert message.endswith(" corners; a face needs a whole number from 3 to 65,536")


def test_the_corner_count_is_refused_before_the_next_window_is_read(one_line_windows):
    # The face's count 2 ends a window; the junk line after it is never parsed.
    assert failure(ply(TRIANGLE + "2\nx\n")) == (
        "face 0 has 2 corners; a face needs a whole number from 3 to 65,536"
    )


def test_a_face_of_65536_corners_is_read_as_a_fan():
    corners = " ".join(["0", "1", "2"] * 21845 + ["0"])  # 65,536 corners
    faces = read(ply(TRIANGLE + f"65536 {corners}\n"))[1]
    assert len(faces) == 65534  # a fan of n corners has n - 2 triangles
    assert faces[:2] == [[0, 1, 2], [0, 2, 0]]


def test_a_face_of_65537_corners_is_refused_before_its_corners_are_read():
    message = failure(ply(TRIANGLE + "65537 0 1 2\n"))
    assert message.startswith("face 0 has 65,537 corners")


def test_two_quads_give_their_triangles_face_by_face():
    body = "0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 3\n4 3 2 1 0\n"
    # Each quad (a, b, c, d) becomes (a, b, c) then (a, c, d), the first quad first.
    assert read(ply(body, vertices=4, faces=2))[1] == [[0, 1, 2], [0, 2, 3], [3, 2, 1], [3, 1, 0]]


def test_scalars_before_and_after_the_list_are_skipped():
    head = HEAD.replace(
        "property list uchar int vertex_indices\n",
        "property uchar flags\nproperty list uchar int vertex_indices\nproperty float quality\n",
    ).format(v=4, f=3)
    # flags, count, corners..., quality: the runs are a triangle, then two quads.
    body = "0 0 0\n1 0 0\n1 1 0\n0 1 0\n7 3 0 1 2 0.5\n7 4 0 1 2 3 0.25\n8 4 3 2 1 0 1\n"
    faces = read((head + body).encode())[1]
    assert faces == [[0, 1, 2], [0, 1, 2], [0, 2, 3], [3, 2, 1], [3, 1, 0]]


def test_a_run_of_faces_stops_at_the_declared_count():
    head = HEAD.replace("end_header\n", "element pad 1\nproperty int a\nproperty int b\n"
                        "property int c\nproperty int d\nproperty int e\nend_header\n")  # fmt: skip
    # Face 1 is a quad; the pad record after it reads like a second quad but is not a face.
    body = "0 0 0\n1 0 0\n1 1 0\n0 1 0\n3 0 1 2\n4 0 1 2 3\n4 3 2 1 0\n"
    faces = read((head.format(v=4, f=2) + body).encode())[1]
    assert faces == [[0, 1, 2], [0, 1, 2], [0, 2, 3]]


# --- the end of the body -------------------------------------------------------------------


@pytest.mark.parametrize("extra", ["42\n", " 42"], ids=["own-line", "same-line"])
def test_numbers_after_the_last_element_are_refused(extra):
    data = ply(TRIANGLE + "3 0 1 2" + ("\n" if extra.endswith("\n") else "") + extra)
    message = failure(data)
    assert message.startswith("numbers follow the last element its header declares (line ")


def test_numbers_after_the_last_element_name_their_line():
    # 14 lines: header 1-9, vertices 10-12, the face on 13, the stray 42 on 14.
    assert failure(ply(TRIANGLE + "3 0 1 2\n42\n")) == (
        "numbers follow the last element its header declares (line 14+)"
    )


def test_a_fractional_corner_count_is_shown_as_written():
    assert failure(ply(TRIANGLE + "3.5 0 1 2\n")) == (
        "face 0 has 3.5 corners; a face needs a whole number from 3 to 65,536"
    )


def test_a_face_over_the_corner_limit_is_told_the_limit():
    message = failure(ply(TRIANGLE + "65537 0 1 2\n"))
    assert message == "face 0 has 65,537 corners; a face needs a whole number from 3 to 65,536"
