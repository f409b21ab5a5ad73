"""explorer.model.atlas_references: links between manifest entries, read defensively.

reference_problems is called on the parsed file directly: it must give exact
problems for valid-looking data and never crash on data of the wrong shape
(the schema reports that shape; these checks stay silent about it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.atlas import load_atlas
from explorer.model.atlas_references import reference_problems
from explorer.model.errors import AtlasError
from explorer.model.yaml_source import load_yaml

SIDE_FIX = "Sided ids end in _left or _right matching 'side'; midline ids end in neither."


def problems(tmp_path: Path, text: str) -> list[tuple]:
    """(line, column, yaml path, message, fix) of every cross-reference problem of ``text``."""
    path = tmp_path / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    found = reference_problems(load_yaml(path, AtlasError))
    return [(p.line, p.column, p.yaml_path, p.message, p.fix) for p in found]


def manifest(
    *structures: str, sources: str = "{s: {title: S, licence: CC0}}", tail: str = ""
) -> str:
    """A manifest with one flow-style structure per line, starting on line 3."""
    lines = [f"sources: {sources}", "structures:"]
    lines += [f"  - {{{entry}}}" for entry in structures]
    return "\n".join(lines) + "\n" + tail


SKIN = "id: skin, kind: skin, side: midline, source: s"


# --- ids and sides --------------------------------------------------------------------------


def test_consistent_sides_give_no_problem(tmp_path: Path) -> None:
    text = manifest(
        SKIN,
        "id: trapezius_left, kind: muscle, side: left, source: s",
        "id: trapezius_right, kind: muscle, side: right, source: s",
        "id: hyoid, kind: bone, side: midline, source: s",
    )
    assert problems(tmp_path, text) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("id: masseter, side: left", "has side 'left', but its id has no _left/_right suffix."),
        ("id: masseter, side: right", "has side 'right', but its id has no _left/_right suffix."),
        ("id: masseter_left, side: right", "has side 'right', but its id ends in '_left'."),
        ("id: masseter_right, side: left", "has side 'left', but its id ends in '_right'."),
        ("id: vomer_right, side: midline", "has side 'midline', but its id ends in '_right'."),
    ],
)
def test_a_side_that_disagrees_with_the_id_suffix(tmp_path: Path, entry: str, message: str) -> None:
    text = manifest(SKIN, f"{entry}, kind: muscle, source: s")
    # The second structure is on line 4, after "  - {" (5 characters): 'side' is at
    # column 6 + its offset in the entry.
    column = 6 + entry.index("side")
    structure_id = entry.split(",")[0].removeprefix("id: ")
    message = f"structure '{structure_id}' {message}"
    assert problems(tmp_path, text) == [(4, column, "structures[1].side", message, SIDE_FIX)]


def test_an_unknown_side_is_left_to_the_schema_and_later_entries_are_still_checked(
    tmp_path: Path,
) -> None:
    text = manifest(
        "id: skin, kind: skin, side: center, source: s",
        "id: skin, kind: bone, side: midline, source: s",
        "id: jaw_left, kind: bone, side: right, source: s",
    )
    assert problems(tmp_path, text) == [
        (
            4,
            6,
            "structures[1].id",
            "duplicate structure id 'skin'; structures[0] already uses it.",
            "Give every structure its own id.",
        ),
        (
            5,
            32,
            "structures[2].side",
            "structure 'jaw_left' has side 'right', but its id ends in '_left'.",
            SIDE_FIX,
        ),
    ]


def test_entries_without_a_text_id_are_skipped_not_the_ones_after(tmp_path: Path) -> None:
    # The first two have no usable id (the schema says so); the third and fourth clash.
    text = manifest(
        "kind: skin, side: midline, source: s",
        "id: 7, kind: bone, side: left, source: s",
        "id: jaw, kind: bone, side: midline, source: s",
        "id: jaw, kind: bone, side: midline, source: s",
    )
    assert problems(tmp_path, text) == [
        (
            6,
            6,
            "structures[3].id",
            "duplicate structure id 'jaw'; structures[2] already uses it.",
            "Give every structure its own id.",
        )
    ]


def test_a_third_use_of_an_id_names_the_first(tmp_path: Path) -> None:
    jaw = "id: jaw, kind: bone, side: midline"
    text = manifest(SKIN, jaw, jaw, jaw)
    assert [(line, path, message) for line, _, path, message, _ in problems(tmp_path, text)] == [
        (5, "structures[2].id", "duplicate structure id 'jaw'; structures[1] already uses it."),
        (6, "structures[3].id", "duplicate structure id 'jaw'; structures[1] already uses it."),
    ]


def test_a_long_id_is_clipped_in_the_messages(tmp_path: Path) -> None:
    long_id = "a" * 100 + "_left"
    text = manifest(SKIN, f"id: {long_id}, side: right", f"id: {long_id}, side: left")
    shown = "a" * 77 + "..."
    assert [message for _, _, _, message, _ in problems(tmp_path, text)] == [
        f"structure '{shown}' has side 'right', but its id ends in '_left'.",
        f"duplicate structure id '{shown}'; structures[1] already uses it.",
    ]


# --- sources ---------------------------------------------------------------------------------


def test_unknown_sources_list_the_defined_ones(tmp_path: Path) -> None:
    text = manifest(
        "id: skin, kind: skin, side: midline, source: scan",
        sources="{a: {title: A, licence: CC0}, b: {title: B, licence: CC0}}",
    )
    assert problems(tmp_path, text) == [
        (
            3,
            43,
            "structures[0].source",
            "unknown source 'scan'; the sources defined are: a, b.",
            "Add it under 'sources' or use one of the defined keys.",
        )
    ]


@pytest.mark.parametrize("sources", ["{}", "[s]", "s", "null"])
def test_with_no_sources_mapping_every_source_is_unknown(tmp_path: Path, sources: str) -> None:
    # Not a mapping of sources (empty, a list, a text, nothing): none is defined.
    text = manifest(SKIN, sources=sources)
    assert [message for _, _, _, message, _ in problems(tmp_path, text)] == [
        "unknown source 's'; the sources defined are: none."
    ]


def test_a_source_that_is_not_text_is_left_to_the_schema(tmp_path: Path) -> None:
    text = manifest(SKIN, "id: jaw, kind: bone, side: midline, source: 5")
    assert problems(tmp_path, text) == []


# --- the skin --------------------------------------------------------------------------------


def test_every_extra_skin_names_the_first(tmp_path: Path) -> None:
    text = manifest(
        SKIN,
        "id: face, kind: skin, side: midline, source: s",
        "id: scalp, kind: skin, side: midline, source: s",
    )
    second = (
        "a second structure of kind 'skin'; structures[0] is already the skin "
        "and exactly one is allowed."
    )
    fix = "Give the other structures another kind, or merge the skin meshes."
    assert problems(tmp_path, text) == [
        (4, 16, "structures[1].kind", second, fix),
        (5, 17, "structures[2].kind", second, fix),
    ]


def test_structures_not_a_list_count_as_no_skin(tmp_path: Path) -> None:
    expected = [
        (
            2,
            1,
            "structures",
            "no structure has kind 'skin'; exactly one is required.",
            "Add the skin mesh with 'kind: skin'.",
        )
    ]
    for value in ("5", "null", "{id: skin, kind: skin}", "[skin, 5]"):
        text = f"sources: {{}}\nstructures: {value}\n"
        assert problems(tmp_path, text) == expected, value


def test_a_file_without_structures_counts_as_no_skin(tmp_path: Path) -> None:
    assert [path for _, _, path, _, _ in problems(tmp_path, "name: T\n")] == ["structures"]


@pytest.mark.parametrize("text", ["[1, 2]\n", "just text\n", "null\n", "7\n"])
def test_a_file_that_is_not_a_mapping_only_lacks_a_skin(tmp_path: Path, text: str) -> None:
    assert [message for _, _, _, message, _ in problems(tmp_path, text)] == [
        "no structure has kind 'skin'; exactly one is required."
    ]


# --- landmarks -------------------------------------------------------------------------------


def test_landmarks_on_known_structures_give_no_problem(tmp_path: Path) -> None:
    text = manifest(
        SKIN,
        "id: jaw, kind: bone, side: midline, source: s",
        tail="landmarks:\n  chin: {on: jaw}\n  top: {on: skin}\n",
    )
    assert problems(tmp_path, text) == []


def test_unknown_landmark_structures_suggest_the_closest_id_or_none(tmp_path: Path) -> None:
    text = manifest(
        SKIN,
        "id: mandible, kind: bone, side: midline, source: s",
        tail="landmarks:\n  chin: {on: mandibel}\n  ear: {on: zzz}\n",
    )
    assert problems(tmp_path, text) == [
        (
            6,
            10,
            "landmarks.chin.on",
            "landmark 'chin' is on 'mandibel', which is not a structure id.",
            "Did you mean 'mandible'?",
        ),
        (
            7,
            9,
            "landmarks.ear.on",
            "landmark 'ear' is on 'zzz', which is not a structure id.",
            "Use the id of a structure.",
        ),
    ]


def test_landmark_names_must_be_snake_case(tmp_path: Path) -> None:
    text = manifest(SKIN, tail="landmarks:\n  Chin-Tip: {on: skin}\n  chin_tip: {on: skin}\n")
    assert problems(tmp_path, text) == [
        (
            5,
            3,
            "landmarks.Chin-Tip",
            "expected a snake_case landmark name, found 'Chin-Tip'.",
            "Rename it in lower case with underscores, e.g. 'temple_left'.",
        )
    ]


def test_landmarks_of_the_wrong_shape_are_left_to_the_schema(tmp_path: Path) -> None:
    # A list of landmarks, a landmark that is a list, one without 'on', one whose 'on' is
    # not text: nothing here for the cross-references to say.
    for tail in (
        "landmarks: [chin, top]\n",
        "landmarks:\n  chin: [0, 0, 1]\n  top: {at: [0, 0, 1]}\n  nose: {on: 5}\n",
    ):
        assert problems(tmp_path, manifest(SKIN, tail=tail)) == [], tail


def test_ids_of_structures_without_a_text_id_are_not_landmark_targets(tmp_path: Path) -> None:
    text = manifest(SKIN, "id: 5, kind: bone", tail="landmarks:\n  top: {on: skin}\n")
    assert problems(tmp_path, text) == []


def test_load_atlas_reports_schema_and_reference_problems_of_a_list_document(
    tmp_path: Path,
) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(AtlasError) as caught:
        load_atlas(path)
    messages = [problem.message for problem in caught.value.problems]
    assert "no structure has kind 'skin'; exactly one is required." in messages
