"""The YAML 1.2 event builder (explorer.model.yaml_events): values, keys, merges, limits.

Written for mutation testing (issue 19). Data is built straight from text with
``build``; errors go through ``load_yaml`` so that the whole located message
(file:line:col, problem and fix) is compared. The value limits are lowered
with monkeypatch so that each boundary is crossed by a file of a few lines.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from explorer.model import yaml_events
from explorer.model.errors import ContentError
from explorer.model.yaml_events import build
from explorer.model.yaml_source import load_yaml

PLAIN_ONLY = "Remove the tag: these files hold plain text, numbers, lists and maps only."
NUMBER_FIX = "Write a plain number of at most 18 digits, such as 12.5."
CHECK_LINE = "Check indentation, colons and quotes on this line."


def _problem(tmp_path: Path, text: str) -> str:
    """The single problem of loading ``text``, as printed, with the folder left out."""
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_yaml(path, ContentError)
    (problem,) = caught.value.problems
    return str(problem).removeprefix(str(tmp_path) + "/")


# --- scalars ---------------------------------------------------------------------------


def test_whole_numbers_in_every_core_spelling():
    data = build(
        "dec: 12\nplus: +7\nminus: -7\nzeros: 010\noct: 0o17\nhex: 0x1F\nhexlow: 0xff\n"
        "neghex: !!int -0x1f\nposoct: !!int +0o17\n"
    )
    # 010 is ten in YAML 1.2; 0o17 is 15, 0x1F is 31, 0xff is 255; an explicit
    # !!int may carry a sign before 0x or 0o.
    assert data == {
        "dec": 12,
        "plus": 7,
        "minus": -7,
        "zeros": 10,
        "oct": 15,
        "hex": 31,
        "hexlow": 255,
        "neghex": -31,
        "posoct": 15,
    }
    assert all(type(value) is int for value in data.values())


def test_the_largest_64_bit_integer_is_accepted_and_one_more_refused(tmp_path):
    assert build("a: 9223372036854775807\nb: -9223372036854775807\n") == {
        "a": 2**63 - 1,
        "b": -(2**63 - 1),
    }
    assert _problem(tmp_path, "a: 1\nb: 9223372036854775808\n") == (
        f"f.yaml:2:4: invalid YAML: '9223372036854775808' is not a valid int. Fix: {NUMBER_FIX}"
    )
    # -2**63 is a 64-bit integer, but its size is one over the limit too.
    assert _problem(tmp_path, "b: -9223372036854775808\n") == (
        f"f.yaml:1:4: invalid YAML: '-9223372036854775808' is not a valid int. Fix: {NUMBER_FIX}"
    )


def test_an_explicit_int_that_is_no_number_is_refused(tmp_path):
    assert _problem(tmp_path, "a: !!int twelve\n") == (
        f"f.yaml:1:4: invalid YAML: 'twelve' is not a valid int. Fix: {NUMBER_FIX}"
    )


def test_floats_in_every_core_spelling():
    data = build(
        "a: 1.5\nb: -2.5e1\nc: .5\nd: 1.\ne: .inf\nf: -.Inf\ng: +.INF\nh: .nan\ni: .NaN\n"
        "j: .NAN\nk: !!float 3\nlong: 1.0000000000000000000000000000000000001\n"
    )
    assert data["a"] == 1.5
    assert data["b"] == -25.0
    assert data["c"] == 0.5
    assert data["d"] == 1.0
    assert data["e"] == math.inf
    assert data["f"] == -math.inf
    assert data["g"] == math.inf
    assert all(math.isnan(data[key]) for key in "hij")
    # An explicit !!float turns a whole number into a float.
    assert data["k"] == 3.0
    assert type(data["k"]) is float
    # A float of more than 32 characters resolves too (it skips the tag cache).
    assert data["long"] == 1.0
    assert type(data["long"]) is float


def test_an_explicit_float_that_is_no_number_is_refused(tmp_path):
    assert _problem(tmp_path, "x: 1\ny: !!float abc\n") == (
        f"f.yaml:2:4: invalid YAML: 'abc' is not a valid float. Fix: {NUMBER_FIX}"
    )


def test_booleans_in_every_core_spelling():
    data = build("a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\ng: !!bool true\n")
    assert data == {"a": True, "b": True, "c": True, "d": False, "e": False, "f": False, "g": True}
    assert all(type(value) is bool for value in data.values())


@pytest.mark.parametrize("text", ["tRUE", "on", "1"])
def test_an_explicit_bool_that_is_not_a_core_spelling_is_refused(tmp_path, text):
    assert _problem(tmp_path, f"a: !!bool {text}\n") == (
        f"f.yaml:1:4: invalid YAML: '{text}' is not a valid bool. Fix: Write true or false."
    )


def test_nulls_in_every_core_spelling():
    data = build("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: !!null\ng: !!null ~\n")
    assert data == dict.fromkeys("abcdefg")


def test_an_explicit_null_with_text_is_refused(tmp_path):
    assert _problem(tmp_path, "a: !!null none\n") == (
        "f.yaml:1:4: invalid YAML: 'none' is not a valid null. "
        "Fix: Write null, or leave the value empty."
    )


def test_explicit_and_non_specific_tags_give_text():
    data = build("a: !!str 123\nb: !!str true\nc: ! abc\nd: '12'\n")
    assert data == {"a": "123", "b": "true", "c": "abc", "d": "12"}


def test_long_plain_texts_resolve_without_the_cache():
    # More than 32 characters: resolved every time, and still plain text or numbers.
    long_text = "x" * 40
    data = build(f"a: {long_text}\nb: {long_text}\nc: [{long_text}]\n")
    assert data == {"a": long_text, "b": long_text, "c": [long_text]}


def test_a_repeated_short_text_resolves_the_same_each_time():
    # The second "12" and "yes" come from the tag cache.
    assert build("- 12\n- yes\n- 12\n- yes\n- '12'\n") == [12, "yes", 12, "yes", "12"]


@pytest.mark.parametrize(
    ("text", "tag", "column"),
    [
        ("a: !!binary aGk=\n", "tag:yaml.org,2002:binary", 4),
        ("a: !custom x\n", "!custom", 4),
        ("a: !!timestamp 2024-01-01\n", "tag:yaml.org,2002:timestamp", 4),
        ("a: 1\nb: !!set {x: null}\n", "tag:yaml.org,2002:set", 4),
        ("a: 1\nb:\n  - !thing [1]\n", "!thing", 5),
    ],
    ids=["binary-scalar", "local-scalar", "timestamp", "set-mapping", "local-sequence"],
)
def test_a_tag_that_is_not_plain_data_is_refused_where_it_stands(tmp_path, text, tag, column):
    line = text.count("\n")
    assert _problem(tmp_path, text) == (
        f"f.yaml:{line}:{column}: invalid YAML: unsupported tag '{tag}'. Fix: {PLAIN_ONLY}"
    )


def test_the_collection_tags_of_the_core_schema_are_accepted():
    assert build("a: !!seq [1, 2]\nb: !!map {c: 1}\nc: ! [x]\nd: ! {e: f}\n") == {
        "a": [1, 2],
        "b": {"c": 1},
        "c": ["x"],
        "d": {"e": "f"},
    }


# --- keys ------------------------------------------------------------------------------


def test_keys_that_are_not_text_become_their_text():
    # 1 -> "1", true -> "True" (Python's text of the value), null -> "None", 0x10 -> "16".
    assert build("1: a\ntrue: b\n~: c\n0x10: d\n1.5: e\n") == {
        "1": "a",
        "True": "b",
        "None": "c",
        "16": "d",
        "1.5": "e",
    }


def test_an_explicitly_tagged_key_is_built_with_its_tag():
    assert build("!!str 12: a\n!!int 13: b\n") == {"12": "a", "13": "b"}


def test_an_explicitly_tagged_key_that_does_not_convert_is_refused(tmp_path):
    # "a" seen first as a plain value must not let "!!int a" pass as the text "a".
    assert _problem(tmp_path, "x: a\n!!int a: 1\n") == (
        f"f.yaml:2:1: invalid YAML: 'a' is not a valid int. Fix: {NUMBER_FIX}"
    )


def test_an_anchored_key_can_be_repeated_as_a_value():
    # The key text "a" is known as text already (from the value of x).
    assert build("x: a\n&k a: 1\nb: *k\n") == {"x": "a", "a": 1, "b": "a"}


def test_a_mapping_as_a_key_is_refused(tmp_path):
    assert _problem(tmp_path, "a: 1\n? {b: 1}\n: 2\n") == (
        "f.yaml:2:3: invalid YAML: found a list or mapping used as a key. "
        "Fix: Keys are plain names, such as 'radius_mm'."
    )


def test_a_duplicate_key_is_refused_after_a_fast_key(tmp_path):
    assert _problem(tmp_path, "name: a\nother: b\nname: c\n") == (
        'f.yaml:3:1: invalid YAML: found duplicate key "name". '
        "Fix: Keep one 'name' entry in this mapping and delete the other."
    )


def test_a_quoted_merge_sign_is_an_ordinary_key():
    assert build("'<<': 1\nb: 2\n") == {"<<": 1, "b": 2}


def test_a_tagged_key_is_no_merge_key():
    assert build("!!str a: 1\n") == {"a": 1}


def test_the_merge_tag_written_out_merges():
    assert build("base: &b {x: 1}\nz:\n  !!merge <<: *b\n  y: 2\n")["z"] == {"x": 1, "y": 2}


# --- anchors, aliases and merges -------------------------------------------------------


def test_an_anchored_scalar_and_collections_repeat_through_aliases():
    data = build("a: &n 7\nb: *n\nc: &l [1, 2]\nd: *l\ne: &m {k: v}\nf: *m\n")
    assert data == {"a": 7, "b": 7, "c": [1, 2], "d": [1, 2], "e": {"k": "v"}, "f": {"k": "v"}}


def test_merges_keep_own_keys_and_earlier_merged_mappings_first():
    data = build(
        "one: &a {x: 1, y: 1}\ntwo: &b {y: 2, z: 2}\nm:\n  x: own\n  <<: [*a, *b]\n  w: own\n"
    )
    # x is its own; y comes from the first merged mapping, z from the second.
    assert data["m"] == {"y": 1, "z": 2, "x": "own", "w": "own"}
    # Keys in the order the merged mappings give them (x, y, then z), then the own
    # keys not merged (w): an own key that overrides keeps its merged place.
    assert list(data["m"]) == ["x", "y", "z", "w"]


def test_an_inline_merged_mapping_is_merged_and_located():
    text = "a: 1\nm:\n  <<: {p: 1, q: 2}\n  q: 3\n"
    assert build(text) == {"a": 1, "m": {"p": 1, "q": 3}}
    locations: dict = {}
    build(text, locations)
    # The key p is found inside the inline mapping on line 3, column 8.
    assert locations[("m", "p")] == (3, 8)
    # q is written twice: the own key (line 4) is recorded last and wins.
    assert locations[("m", "q")] == (4, 3)


def test_an_inline_merge_of_nested_mappings_keeps_their_depth(tmp_path):
    # The merged mapping holds a list: both count towards the nesting limit.
    assert build("m:\n  <<: {p: [1, {q: 2}]}\n") == {"m": {"p": [1, {"q": 2}]}}


def test_a_merge_of_something_else_than_mappings_is_refused(tmp_path):
    # Reported at the end of the mapping that holds the merge key: its '}' at column 16.
    assert _problem(tmp_path, "a: 1\nm: {<<: 5, b: 2}\n") == (
        "f.yaml:2:16: invalid YAML: a '<<' merge key needs a mapping or a list of mappings. "
        f"Fix: {CHECK_LINE}"
    )


def test_a_merge_list_with_a_scalar_is_refused(tmp_path):
    assert _problem(tmp_path, "a: &a {x: 1}\nm: {<<: [*a, 3]}\n") == (
        "f.yaml:2:16: invalid YAML: a '<<' merge key needs a mapping or a list of mappings. "
        f"Fix: {CHECK_LINE}"
    )


def test_a_mapping_without_merges_is_built_as_written():
    data = build("b: 1\na: 2\n")
    assert data == {"b": 1, "a": 2}
    assert list(data) == ["b", "a"]


# --- positions -------------------------------------------------------------------------


#: A small nested file and where each of its keys and items starts (line, column).
NESTED = "top:\n  - k: 1\n    j: [x, y]\n  - z\nother: {p: 1}\n"
NESTED_LOCATIONS = {
    ("top",): (1, 1),
    ("top", 0): (2, 5),
    ("top", 0, "k"): (2, 5),
    ("top", 0, "j"): (3, 5),
    ("top", 0, "j", 0): (3, 9),
    ("top", 0, "j", 1): (3, 12),
    ("top", 1): (4, 5),
    ("other",): (5, 1),
    ("other", "p"): (5, 9),
}


def test_every_key_and_item_position_is_recorded():
    locations: dict = {}
    assert build(NESTED, locations) == {
        "top": [{"k": 1, "j": ["x", "y"]}, "z"],
        "other": {"p": 1},
    }
    assert locations == NESTED_LOCATIONS


def test_a_top_level_list_records_its_items():
    locations: dict = {}
    assert build("- a\n-\n  - b\n", locations) == ["a", ["b"]]
    assert locations == {(0,): (1, 3), (1,): (3, 3), (1, 0): (3, 5)}


def test_without_a_dict_nothing_is_recorded_and_lists_of_maps_build():
    assert build("- a: 1\n  b: [2, {c: 3}]\n") == [{"a": 1, "b": [2, {"c": 3}]}]


def test_an_empty_text_is_none():
    assert build("") is None
    assert build("# only a comment\n") is None


def test_a_document_marker_and_end_marker_are_one_document():
    assert build("---\na: 1\n...\n") == {"a": 1}


# --- limits ----------------------------------------------------------------------------


def test_nesting_one_level_below_the_limit_is_accepted(monkeypatch):
    monkeypatch.setattr(yaml_events, "MAX_DEPTH", 3)
    assert build("[[[1]]]") == [[[1]]]


def test_nesting_past_a_lowered_limit_is_refused_at_the_collection_that_crosses(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(yaml_events, "MAX_DEPTH", 3)
    # Three levels are allowed; the fourth '[' (column 4) crosses.
    assert _problem(tmp_path, "[[[[1]]]]") == (
        "f.yaml:1:4: invalid YAML: lists and maps nested more than 3 levels deep. "
        "Fix: Flatten the structure: these files need only a few levels of lists and maps."
    )


def test_nested_mappings_count_towards_the_depth_too(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_events, "MAX_DEPTH", 2)
    assert build("a: {b: 1}") == {"a": {"b": 1}}
    assert _problem(tmp_path, "a: {b: {c: 1}}") == (
        "f.yaml:1:8: invalid YAML: lists and maps nested more than 2 levels deep. "
        "Fix: Flatten the structure: these files need only a few levels of lists and maps."
    )


def test_libyaml_own_flow_nesting_limit_gets_the_flatten_fix(tmp_path):
    # libyaml stops at 1000 flow levels before our own count sees them (it scans ahead).
    assert _problem(tmp_path, "a: " + "[" * 1001 + "]" * 1001 + "\n") == (
        "f.yaml:1:1003: invalid YAML: exceeded maximum nesting depth. "
        "Fix: Flatten the structure: these files need only a few levels of lists and maps."
    )


def _too_many(place: str, limit: int) -> str:
    return (
        f"f.yaml:{place}: invalid YAML: the file holds more than {limit} values. "
        "Fix: Check it is the right file: content and settings files hold a few thousand values."
    )


def test_a_mapping_of_scalars_counts_each_key_and_value(tmp_path, monkeypatch):
    # Values counted before each key: the mapping itself (1), then a and 1 (3), b and 2 (5).
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 5)
    assert build("a: 1\nb: 2\nc: 3\n") == {"a": 1, "b": 2, "c": 3}
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 4)
    assert _problem(tmp_path, "a: 1\nb: 2\nc: 3\n") == _too_many("3:1", 4)


def test_a_key_seen_before_counts_once_too(tmp_path, monkeypatch):
    # The second and third k are keys whose text is known already (the fast path).
    # Before the third k: the list (1), then per item the mapping, k and its value (3
    # each), and the third mapping: 8 values.
    text = "- k: 1\n- k: 2\n- k: 3\n"
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 8)
    assert build(text) == [{"k": 1}, {"k": 2}, {"k": 3}]
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 7)
    assert _problem(tmp_path, text) == _too_many("3:3", 7)


def test_a_list_of_scalars_counts_each_item(tmp_path, monkeypatch):
    # Before the fifth item: the list and four items, 5 values.
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 5)
    assert build("[1, 2, 3, 4, 5]") == [1, 2, 3, 4, 5]
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 4)
    assert _problem(tmp_path, "[1, 2, 3, 4, 5]") == _too_many("1:14", 4)


def test_nested_lists_count_as_values_themselves(tmp_path, monkeypatch):
    # Before c: the mapping (1), a, [ and 1 (4), b, [ and 2 (7).
    text = "a: [1]\nb: [2]\nc: 3\n"
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 7)
    assert build(text) == {"a": [1], "b": [2], "c": 3}
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 6)
    assert _problem(tmp_path, text) == _too_many("3:1", 6)


def test_anchored_scalars_count_once_where_written(tmp_path, monkeypatch):
    # Before c: the mapping (1), a and &x 1 (3), b and &y 2 (5).
    text = "a: &x 1\nb: &y 2\nc: 3\n"
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 5)
    assert build(text) == {"a": 1, "b": 2, "c": 3}
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 4)
    assert _problem(tmp_path, text) == _too_many("3:1", 4)


ALIASED = "a: &x [1, 2, 3]\nb: [*x, *x, *x]\nc: 1\nd: 2\n"


def test_values_repeated_by_aliases_do_not_count_as_written(tmp_path, monkeypatch):
    # Written out: the mapping, a, the list and its 3 items (6), b and its list (8), then
    # c and 1 (10) before d. The three aliases repeat 4 values each (20 built in all
    # before c), which the written-out count leaves out.
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 10)
    assert build(ALIASED) == {"a": [1, 2, 3], "b": [[1, 2, 3]] * 3, "c": 1, "d": 2}
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 9)
    assert _problem(tmp_path, ALIASED) == _too_many("4:1", 9)


def test_the_written_out_count_is_checked_before_each_list_item(tmp_path, monkeypatch):
    # Before the first alias: 8 values written out (see above), one over 7.
    monkeypatch.setattr(yaml_events, "MAX_VALUES", 7)
    assert _problem(tmp_path, ALIASED) == _too_many("2:5", 7)


def test_the_alias_budget_is_reached_exactly_and_crossed_by_one(tmp_path, monkeypatch):
    # Each *x repeats the list and its three items: 4, 8, 12 values in all.
    monkeypatch.setattr(yaml_events, "MAX_ALIAS_VALUES", 12)
    assert build(ALIASED)["b"] == [[1, 2, 3]] * 3
    monkeypatch.setattr(yaml_events, "MAX_ALIAS_VALUES", 11)
    # The third alias (line 2, column 13) crosses 11.
    assert _problem(tmp_path, ALIASED) == (
        "f.yaml:2:13: invalid YAML: aliases repeat more than 11 values (an alias bomb?). "
        "Fix: Write the shared values out, or alias only small pieces."
    )


def test_an_alias_to_an_anchor_later_in_the_file_is_refused(tmp_path):
    assert _problem(tmp_path, "a: *later\nb: &later 1\n") == (
        "f.yaml:1:4: invalid YAML: alias '*later' refers to no anchor defined before it. "
        "Fix: Define '&later' earlier, outside the list or map that uses it."
    )


def test_the_non_specific_tag_makes_a_plain_scalar_a_string():
    # YAML 1.2: "! 123" is the string "123" (PyYAML and our reader once made it an int).
    assert build("a: ! 123\nb: ! true\nc: 123\n") == {"a": "123", "b": "true", "c": 123}
