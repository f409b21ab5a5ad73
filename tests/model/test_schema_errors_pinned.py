"""Exact wording of the "expected ..., found ..." parts of content errors (issue 19: mutation).

Each value below is what an author reads after "found" in an error, so each is
pinned whole: a changed word, limit or separator is a changed message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from explorer.model.schema_errors import (
    PLAIN_TEXT,
    describe_value,
    echo,
    explained,
    problems_from_validation,
    refuse_bool,
)
from explorer.model.yaml_source import YamlDocument


@pytest.mark.parametrize(
    ("value", "described"),
    [
        (None, "nothing (an empty value)"),
        (True, "true"),
        (False, "false"),
        (3, "the number 3"),
        (2.5, "the number 2.5"),
        ("temple", "the text 'temple'"),
        # Cut at 40 characters: 37 letters and "...".
        ("a" * 50, "the text '" + "a" * 37 + "...'"),
        ("a" * 40, "the text '" + "a" * 40 + "'"),
        ([1, 2, 3], "a list of 3 item(s)"),
        ((1,), "a list of 1 item(s)"),
        ({"spot": 1, "at": 2}, "a mapping with keys spot, at"),
        ({}, "an empty mapping"),
        ({1, 2}, "set"),
    ],
)
def test_describe_value_names_what_was_found(value, described):
    assert describe_value(value) == described


def test_describe_value_lists_six_keys_each_cut_to_twenty_characters():
    keys = {f"key{n}": n for n in range(8)}
    # Only the first six keys are listed.
    assert describe_value(keys) == "a mapping with keys key0, key1, key2, key3, key4, key5"
    long = {"k" * 30: 1}
    # A key is cut to 20 characters: 17 letters and "...".
    assert describe_value(long) == "a mapping with keys " + "k" * 17 + "..."


def test_describe_value_of_a_mapping_is_cut_to_eighty_characters_whole():
    keys = {f"{n}" * 20: n for n in range(1, 7)}
    text = describe_value(keys)
    assert len(text) == 80 and text.endswith("...")
    # Keys of exactly 20 characters are kept whole; the message as a whole is cut.
    assert text == "a mapping with keys " + "1" * 20 + ", " + "2" * 20 + ", " + "3" * 13 + "..."


@pytest.mark.parametrize(
    ("value", "echoed"),
    [
        ([1.0, float("nan"), 3.0], "[1.0, nan, 3.0]"),
        ([True, None, "x"], "[true, null, 'x']"),
        (False, "false"),
        (None, "null"),
        ((1, 2), "[1, 2]"),
        ([[1, 2], [3]], "[[1, 2], [3]]"),
        ({"a": 1}, "a mapping with keys a"),
        (list(range(8)), "[0, 1, 2, 3, 4, 5, 6, 7]"),
        # Nine items: the first eight, then ", ...".
        (list(range(9)), "[0, 1, 2, 3, 4, 5, 6, 7, ...]"),
    ],
)
def test_echo_writes_values_as_an_author_typed_them(value, echoed):
    assert echo(value) == echoed


def test_echo_cuts_a_long_rendering_to_eighty_characters():
    text = echo(["x" * 30] * 4)
    assert len(text) == 80 and text.endswith("...") and text.startswith("['" + "x" * 30 + "', ")


def test_refuse_bool_refuses_booleans_and_floats_with_the_expected_wording():
    assert refuse_bool(1, "a whole number") == 1
    for value, found in ((True, "true"), (1.0, "the number 1.0")):
        with pytest.raises(Exception) as caught:
            refuse_bool(value, "a whole number")
        assert caught.value.message() == f"expected a whole number; found {found}."
        assert caught.value.context["fix"] == "Write the number itself."


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    radius_mm: float = Field(gt=0)
    name: str = "x"


class _Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    inner: _Inner
    items: tuple[_Inner, ...] = Field(default=(), min_length=1)
    spare: Annotated[_Inner | None, Field(description="optional")] = None
    by_name: dict[str, list[_Inner]] = {}
    slug: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = "a"
    tags: set[int] = set()
    note: Annotated[str, PLAIN_TEXT] = ""
    marked: list[Annotated[_Inner, Field(description="an item")]] = []
    url: Annotated[str, Field(pattern=r"^https?://")] = "http://a"
    count: int = 0
    level: float = Field(default=1.0, le=5)

    @field_validator("count")
    @classmethod
    def _even(cls, value: int) -> int:
        if value % 2:
            raise explained(f"expected an even count; found {value}.", "Add one.")
        if value > 100:
            raise explained("expected at most 100.")  # no fix given
        return value


def _problems(data: dict) -> list[tuple[str, str, str]]:
    document = YamlDocument(Path("c.yaml"), data, "")
    document._locations = {(): (1, 1), ("root",): (2, 1)}
    try:
        _Outer.model_validate(data)
    except ValidationError as error:
        found = problems_from_validation(error, document, ("root",), _Outer)
        return [(problem.yaml_path, problem.message, problem.fix) for problem in found]
    raise AssertionError("expected the data to be refused")


def test_each_kind_of_error_reads_as_expected_found_and_fix():
    problems = _problems(
        {
            "inner": {"radius_mm": -1, "radus": 2},
            "items": [{"radius_mm": 1}],
            "url": "ftp://x",
            "count": 3,
            "level": 9,
        }
    )
    assert problems == [
        (
            "root.inner.radius_mm",
            "expected a number > 0.0; found the number -1.",
            "Use a positive value.",
        ),
        (
            "root.inner.radus",
            "unknown key 'radus'; expected one of: radius_mm, name.",
            "Did you mean 'radius_mm'?",
        ),
        (
            "root.url",
            "expected a web address starting with http:// or https://; found the text 'ftp://x'.",
            "Write the full address, e.g. https://example.org/page.",
        ),
        ("root.count", "expected an even count; found 3.", "Add one."),
        (
            "root.level",
            "expected a number <= 5.0; found the number 9.",
            "Use a value of at most 5.0.",
        ),
    ]


def test_a_missing_key_and_an_unknown_key_with_no_close_match():
    problems = _problems({"inner": {"zzz": 1}})
    assert problems == [
        (
            "root.inner.radius_mm",
            "required key 'radius_mm' is missing.",
            "Add 'radius_mm: ...' here.",
        ),
        (
            "root.inner.zzz",
            "unknown key 'zzz'; expected one of: radius_mm, name.",
            "Remove it or check its spelling.",
        ),
    ]


def test_an_unknown_key_at_the_top_has_the_models_own_keys():
    problems = _problems({"inner": {"radius_mm": 1}, "iner": 1})
    keys = "inner, items, spare, by_name, slug, tags, note, marked, url, count, level"
    assert problems == [
        ("root.iner", f"unknown key 'iner'; expected one of: {keys}.", "Did you mean 'inner'?")
    ]


def test_an_unknown_key_inside_lists_maps_and_optional_models_lists_that_models_keys():
    inner_keys = "expected one of: radius_mm, name."
    problems = _problems(
        {
            "inner": {"radius_mm": 1},
            "items": [{"radius_mm": 1, "nme": "a"}],
            "spare": {"radius_mm": 1, "nam": "b"},
            "by_name": {"x": [{"radius_mm": 1, "radius": 2}]},
        }
    )
    assert problems == [
        ("root.items[0].nme", f"unknown key 'nme'; {inner_keys}", "Did you mean 'name'?"),
        ("root.spare.nam", f"unknown key 'nam'; {inner_keys}", "Did you mean 'name'?"),
        (
            "root.by_name.x[0].radius",
            f"unknown key 'radius'; {inner_keys}",
            "Did you mean 'radius_mm'?",
        ),
    ]


def test_an_id_pattern_a_set_a_control_character_and_an_explanation_without_a_fix():
    problems = _problems(
        {"inner": {"radius_mm": 1}, "slug": "Upper", "tags": "x", "note": "a\x1bb", "count": 102}
    )
    assert problems == [
        (
            "root.slug",
            "expected a snake_case id (lower-case letters, digits and '_', starting with a "
            "letter); found the text 'Upper'.",
            "Rename it, e.g. 'upper_trapezius'.",
        ),
        # Not a kind with its own wording: pydantic's sentence, then what was found.
        ("root.tags", "Input should be a valid set; found the text 'x'.", ""),
        (
            "root.note",
            "expected plain text; found the control character U+001B at character 2.",
            "Delete it: a text shown on screen holds letters, digits and punctuation only.",
        ),
        ("root.count", "expected at most 100.", ""),
    ]


def test_a_bad_item_in_a_list_is_reported_once_not_also_as_too_short():
    # pydantic also reports "too short" for the one item that failed; the item's
    # own error says it all, so only that one is shown.
    problems = _problems({"inner": {"radius_mm": 1}, "items": [{"radius_mm": 0}]})
    assert problems == [
        (
            "root.items[0].radius_mm",
            "expected a number > 0.0; found the number 0.",
            "Use a positive value.",
        )
    ]
    # A list that is really too short still says so.
    assert _problems({"inner": {"radius_mm": 1}, "items": []}) == [
        (
            "root.items",
            "expected at least 1 item(s); found a list of 0 item(s).",
            "Add the missing item(s).",
        )
    ]


def test_a_wrong_type_and_an_unlisted_kind_of_error():
    problems = _problems({"inner": {"radius_mm": "wide"}, "count": [1]})
    assert problems == [
        (
            "root.inner.radius_mm",
            "expected a number; found the text 'wide'.",
            "Write a plain number such as 12.5.",
        ),
        (
            "root.count",
            "expected a whole number; found a list of 1 item(s).",
            "Write a whole number such as 1.",
        ),
    ]


def test_an_unknown_key_in_an_annotated_list_item_lists_the_items_keys():
    problems = _problems({"inner": {"radius_mm": 1}, "marked": [{"radius_mm": 1, "nmae": "a"}]})
    assert problems == [
        (
            "root.marked[0].nmae",
            "unknown key 'nmae'; expected one of: radius_mm, name.",
            "Did you mean 'name'?",
        )
    ]


def test_without_the_model_an_unknown_key_is_named_without_a_list():
    document = YamlDocument(Path("c.yaml"), {}, "")
    document._locations = {(): (1, 1)}
    with pytest.raises(ValidationError) as caught:
        _Inner.model_validate({"radius_mm": 1, "nmae": 2})
    (problem,) = problems_from_validation(caught.value, document)
    assert (problem.yaml_path, problem.message, problem.fix) == (
        "nmae",
        "unknown key 'nmae'.",
        "Remove it or check its spelling.",
    )
