"""errors.py pinned: escaping, cutting (head and tail), the Problem text and ExplorerError."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.errors import (
    ECHO_LIMIT,
    MESSAGE_LIMIT,
    ContentError,
    ExplorerError,
    Problem,
    clip,
    clip_path,
    visible,
)


def test_visible_escapes_only_unprintable_characters():
    # NUL and a line break become their Python escapes; the letters stay as they are.
    assert visible("a\x00b\n") == "a\\x00b\\n"
    # A right-to-left override is escaped with its \u form.
    assert visible("x\u202ey") == "x\\u202ey"
    # A printable backslash next to an escaped NUL stays one backslash (repr would double it).
    assert visible("a\\b\x00") == "a\\b\\x00"
    # Quotes stay as they are too.
    assert visible('it\'s "q"\t') == 'it\'s "q"\\t'
    assert visible("plain text") == "plain text"


def test_clip_keeps_a_text_of_exactly_the_limit():
    assert clip("abcde", 5) == "abcde"
    assert clip("abcd", 5) == "abcd"
    assert clip(12345, 5) == "12345"  # not a str: str() first


def test_clip_cuts_one_character_over_the_limit_to_limit_minus_three_plus_dots():
    # 6 > 5 characters: keep 5 - len("...") = 2, then "...".
    assert clip("abcdef", 5) == "ab..."
    assert clip("abcdefghij", 6) == "abc..."
    assert len(clip("y" * 500)) == ECHO_LIMIT
    assert clip("y" * 500) == "y" * (ECHO_LIMIT - 3) + "..."


def test_clip_counts_escapes_and_never_splits_one():
    # Three NULs are 3 characters but 12 once escaped (4 each): over 8, so cut.
    # 8 - 3 = 5 characters are left: one whole escape (4) fits, a second (8) does not.
    assert clip("\x00\x00\x00", 8) == "\\x00..."
    # Two NULs are exactly 8 escaped characters: kept whole.
    assert clip("\x00\x00", 8) == "\\x00\\x00"


def test_clip_path_keeps_the_tail():
    assert clip_path("abcde", 5) == "abcde"
    # 6 > 5: keep the last 5 - 3 = 2 characters, in their order, after "...".
    assert clip_path("abcdef", 5) == "...ef"
    assert clip_path("/a/very/long/folder/name.yaml", 12) == "...name.yaml"
    # ECHO_LIMIT 80: "..." plus the last 77 characters, the file name (7) and 70 of the folder.
    assert clip_path(Path("/x") / ("d" * 200) / "f.yaml") == "..." + ("d" * 70) + "/f.yaml"


def test_clip_path_counts_escapes_and_never_splits_one():
    # 12 escaped characters > 8: only the last whole escape fits in 8 - 3 = 5.
    assert clip_path("\x00\x00\x00", 8) == "...\\x00"
    assert clip_path("a\nb", 8) == "a\\nb"


def test_problem_cuts_message_fix_and_yaml_path():
    exact = Problem(Path("f"), 1, 1, "m" * MESSAGE_LIMIT, "p" * 160, "x" * MESSAGE_LIMIT)
    assert exact.message == "m" * 1000  # exactly the limit: kept
    assert exact.yaml_path == "p" * 160  # 2 * ECHO_LIMIT
    assert exact.fix == "x" * 1000
    over = Problem(Path("f"), 1, 1, "m" * 1001, "p" * 161, "x" * 1001)
    assert over.message == "m" * 997 + "..."
    assert over.yaml_path == "p" * 157 + "..."
    assert over.fix == "x" * 997 + "..."
    # The yaml path is clipped, so an unprintable key is escaped; the message is only cut.
    odd = Problem(Path("f"), 1, 1, "a\tb", "k\x00")
    assert (odd.message, odd.yaml_path) == ("a\tb", "k\\x00")


def test_problem_text_has_place_path_message_and_fix():
    path = Path("dir") / "c.yaml"
    assert (
        str(Problem(path, 3, 7, "bad.", "a.b", "Do this."))
        == "dir/c.yaml:3:7: a.b: bad. Fix: Do this."
    )
    # No column: 1. No yaml path: no second colon. No fix: no "Fix:".
    assert str(Problem(path, 3, None, "bad.")) == "dir/c.yaml:3:1: bad."
    # No line (the file could not be read): only the file.
    assert str(Problem(path, None, None, "file not found.", fix="Check.")) == (
        "dir/c.yaml: file not found. Fix: Check."
    )


def test_explorer_error_joins_problems_one_a_line():
    first = Problem(Path("a"), 1, 2, "one.")
    second = Problem(Path("b"), None, None, "two.")
    error = ContentError((first, second))
    assert error.problems == [first, second]
    assert isinstance(error.problems, list)
    assert str(error) == "a:1:2: one.\nb: two."
    assert isinstance(error, ExplorerError)


def test_explorer_error_needs_a_problem():
    with pytest.raises(ValueError) as caught:
        ExplorerError([])
    assert str(caught.value) == "an ExplorerError needs at least one problem"
