"""The text-mesh helpers one by one: windows of whole lines, numbers, data lines, NUL bytes.

``windows`` is called with a small ``WINDOW_BYTES`` (and ``MAX_LINE_BYTES``) so
each expected list of ``(offset, chunk)`` can be checked by eye.
"""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.mesh_formats import Limits, MeshFormatError, text
from explorer.model.mesh_formats.obj import read_obj


@pytest.fixture
def small(monkeypatch):
    """Windows of 4 bytes; lines of at most 10 bytes (their newline not counted)."""
    monkeypatch.setattr(text, "WINDOW_BYTES", 4)
    monkeypatch.setattr(text, "MAX_LINE_BYTES", 10)


def windows(data: bytes, *args) -> list:
    return list(text.windows(data, *args))


def long_line_error(data: bytes) -> str:
    with pytest.raises(MeshFormatError) as caught:
        windows(data)
    return caught.value.reason


# --- windows ---------------------------------------------------------------------------------


def test_a_small_file_is_one_window():
    assert windows(b"a\nb\nc\n") == [(0, b"a\nb\nc\n")]


def test_the_last_line_needs_no_newline():
    assert windows(b"a\nb") == [(0, b"a\nb")]


def test_a_window_ends_after_its_last_whole_line(monkeypatch):
    monkeypatch.setattr(text, "WINDOW_BYTES", 7)
    # The first 7 bytes "ab\ncd\ne" end inside "ef": the window stops after "cd\n".
    assert windows(b"ab\ncd\nef\n") == [(0, b"ab\ncd\n"), (6, b"ef\n")]


def test_start_and_end_bound_the_windows():
    assert windows(b"ab\ncd\nef\n", 3, 6) == [(3, b"cd\n")]
    assert windows(b"ab\ncd\nef\n", 3) == [(3, b"cd\nef\n")]


def test_a_line_longer_than_a_window_is_a_window_of_its_own(small):
    assert windows(b"abcdef\ngh\nij\nkl\nmn\n") == [
        (0, b"abcdef\n"), (7, b"gh\n"), (10, b"ij\n"), (13, b"kl\n"), (16, b"mn\n")
    ]  # fmt: skip


def test_a_long_line_far_into_the_file_is_read(small):
    data = b"ab\ncd\nef\ngh\nij\nabcdef\nkl\nmn\n"  # the 6-byte line starts at byte 15
    assert windows(data)[5:] == [(15, b"abcdef\n"), (22, b"kl\n"), (25, b"mn\n")]


def test_a_line_of_exactly_the_limit_is_read(small):
    data = b"x" * 10 + b"\nab\ncd\nef\ngh\nij\n"
    assert windows(data)[:2] == [(0, b"x" * 10 + b"\n"), (11, b"ab\n")]


def test_a_line_one_byte_over_the_limit_is_refused(small):
    data = b"ab\n" + b"x" * 11 + b"\nab\ncd\nef\ngh\nij\n"
    assert long_line_error(data) == "line 2 is longer than 10 bytes"


def test_a_last_line_without_newline_longer_than_a_window_is_read(small):
    assert windows(b"ab\ncdefgh") == [(0, b"ab\n"), (3, b"cdefgh")]


def test_a_last_line_without_newline_of_exactly_the_limit_is_read(small):
    assert windows(b"0123456789") == [(0, b"0123456789")]


def test_a_last_line_without_newline_over_the_limit_is_refused(small):
    assert long_line_error(b"01234567890") == "line 1 is longer than 10 bytes"


def test_a_leading_blank_line_is_a_window_of_its_own(small):
    assert windows(b"\nabcdef\nxy\n") == [(0, b"\n"), (1, b"abcdef\n"), (8, b"xy\n")]


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", [b"", b" ", b" \n\t\r "], ids=["empty", "space", "mixed"])
def test_blank_text_holds_no_numbers(blank):
    # numpy alone would read blank text as the number -1.
    values = text.numbers(blank)
    assert values.dtype == np.float64 and values.tolist() == []


def test_blank_text_keeps_the_asked_type():
    assert text.numbers(b"  ", np.int64).dtype == np.int64


def test_whole_numbers_are_read_as_the_asked_type():
    values = text.numbers(b"1 -2\n3", np.int64)
    assert values.dtype == np.int64 and values.tolist() == [1, -2, 3]


def test_a_word_makes_numbers_none():
    assert text.numbers(b"1 two 3") is None


# --- data lines ------------------------------------------------------------------------------


def test_data_lines_drop_comments_and_blank_lines():
    chunk = b"# head\n  1 2 # one # two\n\n3 4\n"
    assert list(text.data_lines(chunk, 10)) == [(11, b"1 2"), (13, b"3 4")]


def test_data_lines_without_a_comment_marker_keep_every_character():
    chunk = b" a # b \n\n c\n"
    assert list(text.data_lines(chunk, 1, comment=b"")) == [(1, b"a # b"), (3, b"c")]


def test_obj_a_second_hash_on_a_face_line_is_still_comment():
    data = b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3 # a # b\n# c # d\n"
    faces = read_obj(data, Limits(max_triangles=10))[1]
    assert faces.tolist() == [[0, 1, 2]]


# --- NUL bytes and line numbers ----------------------------------------------------------------


def test_a_nul_as_the_first_byte_is_refused():
    with pytest.raises(MeshFormatError) as caught:
        text.refuse_binary(b"\x00v 0 0 0\n", "OBJ")
    assert caught.value.reason == "byte 0 (line 1) is a NUL byte: this is not a text OBJ file"


def test_a_nul_names_its_own_line_not_the_last():
    with pytest.raises(MeshFormatError) as caught:
        text.refuse_binary(b"v 0 0 0\n\x00\nv 1 0 0\n\n", "OBJ")
    assert caught.value.reason == "byte 8 (line 2) is a NUL byte: this is not a text OBJ file"


def test_a_nul_late_in_a_file_is_given_with_thousands_separators():
    data = b"#" * 1233 + b"\n\x00"
    with pytest.raises(MeshFormatError) as caught:
        text.refuse_binary(data, "OFF")
    assert caught.value.reason == "byte 1,234 (line 2) is a NUL byte: this is not a text OFF file"


def test_line_numbers_count_a_leading_newline():
    assert text.line_number(b"\nab\ncd", 0) == 1
    assert text.line_number(b"\nab\ncd", 1) == 2
    assert text.line_number(b"\nab\ncd", 5) == 3
