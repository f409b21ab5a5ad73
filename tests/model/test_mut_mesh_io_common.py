"""What every mesh reader shares, tested on its own: limits, byte checks, growing arrays, fans.

Small numbers throughout, so every expected message and array can be checked by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.mesh_formats import READERS, read_mesh
from explorer.model.mesh_formats.common import (
    MAX_CORNERS,
    GrowingArray,
    Limits,
    MeshFormatError,
    fan,
    need_bytes,
)


def refused(call, *args, **kwargs) -> MeshFormatError:
    with pytest.raises(MeshFormatError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_format_error_keeps_its_reason_and_is_not_too_large_by_default():
    error = MeshFormatError("line 3: junk")
    assert (str(error), error.reason, error.too_large) == ("line 3: junk", "line 3: junk", False)
    assert isinstance(error, ValueError)
    assert MeshFormatError("big", too_large=True).too_large is True


# Limits ----------------------------------------------------------------------------------------


def test_three_vertices_are_allowed_per_triangle():
    assert Limits(2).max_vertices == 6
    assert Limits(0).max_vertices == 0


def test_exactly_the_vertex_limit_passes_and_one_more_is_refused_as_found():
    Limits(2).check_vertices(6)
    Limits(2).check_vertices(6, declared=True)
    error = refused(Limits(2).check_vertices, 7)
    # Found while reading: the count shown is the limit passed, not how many there were.
    assert error.reason == (
        "it has more than 6 vertices, over the limit of 6 (three per triangle of the 2 allowed)"
    )
    assert error.too_large is True


def test_a_declared_vertex_count_is_named_as_declared():
    error = refused(Limits(1_000_000).check_vertices, 3_000_001, declared=True)
    assert error.reason == (
        "it declares 3,000,001 vertices, over the limit of 3,000,000 (three per triangle of "
        "the 1,000,000 allowed)"
    )
    assert error.too_large is True


def test_exactly_the_triangle_limit_passes_and_one_more_is_refused():
    Limits(2).check_triangles(2)
    Limits(2).check_triangles(2, declared=True)
    error = refused(Limits(2).check_triangles, 3)
    assert (error.reason, error.too_large) == (
        "it has 3 triangles, over the limit of 2 triangles",
        True,
    )


def test_a_declared_face_count_is_named_as_declared():
    error = refused(Limits(1_000).check_triangles, 1_001, declared=True)
    assert error.reason == "it declares 1,001 faces, over the limit of 1,000 triangles"
    assert error.too_large is True


def test_more_found_triangles_are_named_with_thousands_separators():
    error = refused(Limits(1_000).check_triangles, 12_345)
    assert error.reason == "it has 12,345 triangles, over the limit of 1,000 triangles"


# need_bytes ----------------------------------------------------------------------------------


def test_items_that_fit_exactly_pass():
    need_bytes(6, 3, 2, "vertices")  # 3 x 2 = 6 bytes: fits
    need_bytes(0, 0, 8, "faces")  # none need no bytes
    need_bytes(5, 1, 5, "faces")


def test_items_that_do_not_fit_are_named_with_the_default_room():
    error = refused(need_bytes, 5, 3, 2, "vertices")  # 6 bytes needed, 5 there
    assert (
        error.reason == "it declares 3 vertices of at least 2 byte(s) each, but only 5 bytes follow"
    )
    assert error.too_large is False


def test_the_room_and_thousands_separators_appear_in_the_message():
    error = refused(need_bytes, 1_999, 1_000, 2, "faces", "are in the whole file")
    assert error.reason == (
        "it declares 1,000 faces of at least 2 byte(s) each, but only 1,999 bytes are in the "
        "whole file"
    )


def test_a_negative_count_is_named_even_when_it_would_fit():
    assert refused(need_bytes, 100, -1, 4, "faces").reason == (
        "it declares a negative number of faces (-1)"
    )


def test_a_count_of_one_with_room_for_it_passes():
    need_bytes(4, 1, 4, "faces")


# GrowingArray --------------------------------------------------------------------------------


class Recorder:
    """A ``check`` that records each total it is called with and refuses nothing."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, total: int) -> None:
        self.calls.append(total)


def refuse_over(limit: int):
    def check(total: int) -> None:
        raise MeshFormatError(f"{total} rows, over {limit}")

    return check


def test_rows_appended_in_blocks_come_back_in_order_with_their_type():
    rows = GrowingArray(3, np.int64, estimate=1, limit=100, check=Recorder())
    rows.extend(np.array([[1, 2, 3]]))
    rows.extend(np.array([[4, 5, 6], [7, 8, 9]]))  # past the estimate: the buffer grows
    rows.extend(np.array([[10, 11, 12]] * 3))
    assert len(rows) == 6
    assert rows.result().dtype == np.int64
    assert rows.result().tolist() == [[1, 2, 3], [4, 5, 6], [7, 8, 9]] + [[10, 11, 12]] * 3


def test_an_estimate_of_zero_still_grows():
    rows = GrowingArray(2, np.float64, estimate=0, limit=10, check=Recorder())
    assert rows.result().shape == (0, 2)
    rows.extend(np.array([[0.5, 1.5]]))
    rows.extend(np.array([[2.5, 3.5], [4.5, 5.5], [6.5, 7.5]]))
    assert rows.result().dtype == np.float64
    assert rows.result().tolist() == [[0.5, 1.5], [2.5, 3.5], [4.5, 5.5], [6.5, 7.5]]


def test_a_negative_estimate_is_an_empty_start():
    rows = GrowingArray(1, np.int64, estimate=-5, limit=10, check=Recorder())
    assert len(rows) == 0 and rows.result().shape == (0, 1)
    rows.extend(np.array([[3]]))
    assert rows.result().tolist() == [[3]]


def test_the_type_is_kept_when_the_first_buffer_is_used_as_is():
    rows = GrowingArray(3, np.int64, estimate=4, limit=4, check=Recorder())
    rows.extend(np.array([[1, 2, 3]]))
    assert rows.result().dtype == np.int64


def test_filling_exactly_to_the_limit_does_not_call_the_check():
    check = Recorder()
    rows = GrowingArray(1, np.int64, estimate=1, limit=3, check=check)
    rows.extend(np.array([[1], [2]]))
    rows.extend(np.array([[3]]))
    assert check.calls == []
    assert rows.result().tolist() == [[1], [2], [3]]


def test_going_past_the_limit_calls_the_check_with_the_new_total():
    calls = []

    def check(total: int) -> None:
        calls.append(total)
        raise MeshFormatError("over")

    rows = GrowingArray(1, np.int64, estimate=1, limit=3, check=check)
    rows.extend(np.array([[1], [2]]))
    refused(rows.extend, np.array([[3], [4]]))
    assert calls == [4]


def test_a_refusing_check_stops_the_rows_at_the_limit():
    rows = GrowingArray(1, np.int64, estimate=0, limit=2, check=refuse_over(2))
    rows.extend(np.array([[1], [2]]))
    assert refused(rows.extend, np.array([[3]])).reason == "3 rows, over 2"
    assert rows.result().tolist() == [[1], [2]]


def test_a_reader_growing_past_its_estimate_keeps_every_row():
    # OBJ estimates from counted lines; a face line of a hexagon makes four triangles.
    data = b"v 0 0 0\nv 1 0 0\nv 2 1 0\nv 1 2 0\nv 0 2 0\nv -1 1 0\nf 1 2 3 4 5 6\n"
    vertices, faces = read_mesh(".obj", data, Limits(10))
    assert faces.tolist() == [[0, 1, 2], [0, 2, 3], [0, 3, 4], [0, 4, 5]]
    assert len(vertices) == 6


# fan -----------------------------------------------------------------------------------------


def test_a_polygon_fans_around_its_first_corner():
    assert fan([10, 11, 12, 13, 14]).tolist() == [[10, 11, 12], [10, 12, 13], [10, 13, 14]]
    assert fan([7, 3, 5]).tolist() == [[7, 3, 5]]
    assert fan([4, 5, 6, 7]).dtype == np.int64


def test_a_polygon_of_the_most_corners_is_allowed_and_one_more_is_not():
    triangles = fan(range(MAX_CORNERS))
    assert MAX_CORNERS == 65536
    assert triangles.shape == (65534, 3)
    assert triangles[-1].tolist() == [0, 65534, 65535]
    assert refused(fan, range(MAX_CORNERS + 1)).reason == (
        "a face has 65,537 corners, over the limit of 65,536"
    )


# The table of readers ------------------------------------------------------------------------


def test_the_readers_cover_five_suffixes_and_the_suffix_case_does_not_matter():
    assert sorted(READERS) == [".glb", ".obj", ".off", ".ply", ".stl"]
    data = b"OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"
    vertices, faces = read_mesh(".OFF", data, Limits(1))
    assert faces.tolist() == [[0, 1, 2]]
    assert vertices.tolist() == [[0, 0, 0], [1, 0, 0], [0, 1, 0]]
