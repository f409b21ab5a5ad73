"""trigger_points.yaml -> Catalog: valid content, mirroring, search and every error."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import Anchor, Catalog, Region, Spot, Stroke, load_catalog
from explorer.model.errors import ContentError

DATA = Path(__file__).resolve().parents[1] / "data"
TINY_LANDMARKS = {
    "vertex", "glabella", "inion",
    *(f"{name}_{side}" for name in ("temple", "tragus", "mastoid") for side in ("left", "right")),
}  # fmt: skip

# A small valid file; each bad-input test changes one line of it. Line numbers
# in the expected messages refer to this text.
MINIMAL = """\
version: 1
sources:
  ts1999: Simons, Travell and Simons 1999
muscles:
  - id: sternocleidomastoid
    name: Sternocleidomastoid
    aliases: [SCM]
    structures: [sternocleidomastoid_sternal]
    facts: {origin: sternum, insertion: mastoid, action: turns the head, innervation: XI}
    trigger_points:
      - id: tp1
        name: SCM sternal TrP
        at: [-40.0, 30.0, 60.0]
        where: Middle of the sternal head.
        referral:
          essential:
            - spot: {at: temple_left, radius_mm: 25}
          spillover:
            - stroke: {through: [mastoid_left, vertex], width_mm: 20}
        referral_text: Pain over the eye and at the top of the head.
        sources: [ts1999]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trigger_points.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_changed(tmp_path: Path, old: str, new: str, **kwargs) -> ContentError:
    """Load MINIMAL with ``old`` replaced by ``new``; return the error it raises."""
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new))
    with pytest.raises(ContentError) as caught:
        load_catalog(path, **kwargs)
    return caught.value


@pytest.fixture
def tiny() -> Catalog:
    return load_catalog(
        DATA / "tiny_content.yaml",
        TINY_LANDMARKS,
        structure_ids={"demo_muscle_left", "demo_muscle_right"},
    )


def test_tiny_content_loads_and_expands_per_side(tiny):
    ids = [point.id for point in tiny.trigger_points()]
    assert ids == ["demo_muscle.tp1.left", "demo_muscle.tp1.right", "demo_muscle.tp2.left"]
    point = tiny.get("demo_muscle.tp1.right")
    assert point.muscle.id == "demo_muscle"
    assert point.structures == ("demo_muscle_right",)
    assert point.label == "Demo muscle TrP1 (right)"
    assert point.needling.depth == "1-2 cm"
    assert tiny.get("demo_muscle.tp2.left").confidence == "low"
    assert tiny.sources["demo_web"].url == "https://example.org/demo"
    assert tiny.sources["demo1999"].text.startswith("Demo, A.")


def test_right_side_is_mirrored(tiny):
    left, right = tiny.get("demo_muscle.tp1.left"), tiny.get("demo_muscle.tp1.right")
    assert left.at == Anchor(None, (-71.0, 10.0, 20.0))
    assert right.at == Anchor(None, (71.0, 10.0, 20.0))
    assert right.referral.essential[0] == Spot(at=Anchor("temple_right"), radius_mm=25)
    stroke = right.referral.essential[1]
    assert isinstance(stroke, Stroke)
    assert [anchor.landmark for anchor in stroke.through] == [
        "mastoid_right", "tragus_right", "temple_right",
    ]  # fmt: skip
    region = right.referral.spillover[0]
    assert isinstance(region, Region)
    assert [anchor.landmark for anchor in region.around] == ["vertex", "glabella"]  # midline
    assert Anchor("mastoid_left", (5.0, 1.0, 2.0)).mirrored() == Anchor(
        "mastoid_right", (-5.0, 1.0, 2.0)
    )


def test_zone_feather_defaults_to_forty_percent_of_reach(tiny):
    spot, stroke = tiny.get("demo_muscle.tp1.left").referral.essential
    assert spot.feather == pytest.approx(10.0)
    assert stroke.reach_mm == 10.0 and stroke.feather == pytest.approx(4.0)
    assert tiny.get("demo_muscle.tp1.left").referral.spillover[0].feather == 10.0


def test_search_finds_scm_by_alias_any_case(tmp_path):
    catalog = load_catalog(write(tmp_path, MINIMAL))
    found = [point.id for point in catalog.search("SCM")]
    assert found == ["sternocleidomastoid.tp1.left", "sternocleidomastoid.tp1.right"]
    assert [point.id for point in catalog.search("scm right")] == [found[1]]
    assert catalog.search("sternocleido") == catalog.search("scm")
    assert catalog.search("trapezius") == ()
    assert len(catalog.search("")) == 2


def test_get_unknown_id_raises_key_error(tiny):
    with pytest.raises(KeyError, match=r"no trigger point with id 'nope\.tp1\.left'"):
        tiny.get("nope.tp1.left")


BAD_INPUTS = {
    "negative radius": (
        "radius_mm: 25", "radius_mm: -5", {},
        "17:39: muscles[0].trigger_points[0].referral.essential[0].spot.radius_mm: "
        "expected a number >= 1.0; found the number -5. Fix: Use a value of at least 1.0.",
    ),
    "unknown source key": (
        "sources: [ts1999]", "sources: [ts1998]", {},
        "21:19: muscles[0].trigger_points[0].sources[0]: expected a key defined under "
        "'sources' at the top of the file; found 'ts1998'. Fix: Did you mean 'ts1999'?",
    ),
    "unknown landmark": (
        "at: temple_left", "at: tempel_left", {"landmark_names": TINY_LANDMARKS},
        "17:22: muscles[0].trigger_points[0].referral.essential[0].spot.at: expected a "
        "landmark of the atlas; found 'tempel_left'. Fix: Did you mean 'temple_left'?",
    ),
    "mirror landmark missing": (
        "at: temple_left", "at: temple_left", {"landmark_names": TINY_LANDMARKS - {"temple_right"}},
        "17:22: muscles[0].trigger_points[0].referral.essential[0].spot.at: expected the atlas "
        "to have 'temple_right' for the right side (the mirror of 'temple_left'); it does not. "
        "Fix: Add the landmark to the atlas, or set 'sides: [left]'.",
    ),
    "two zone kinds": (
        "- spot: {at: temple_left, radius_mm: 25}",
        "- spot: {at: temple_left, radius_mm: 25}\n"
        "              region: {around: [vertex], radius_mm: 5}",
        {},
        "17:15: muscles[0].trigger_points[0].referral.essential[0]: expected exactly one of spot, "
        "stroke or region; found spot and region. Fix: Give each list item one key: spot, stroke "
        "or region.",
    ),
    "right-side position": (
        "at: [-40.0, 30.0, 60.0]", "at: [40.0, 30.0, 60.0]", {},
        "13:9: muscles[0].trigger_points[0].at: expected a left-side position (x < 0); found "
        "x = 40.0. Fix: Author trigger points on the left; the right side is mirrored.",
    ),
    "two numbers": (
        "at: [-40.0, 30.0, 60.0]", "at: [-40.0, 30.0]", {},
        "13:9: muscles[0].trigger_points[0].at: expected a position as three numbers [x, y, z] "
        "in mm; found [-40.0, 30.0]. Fix: Write three numbers in square brackets, e.g. "
        "[-60.0, 10.0, 120.0].",
    ),
    "sided structure id": (
        "[sternocleidomastoid_sternal]", "[sternocleidomastoid_sternal_left]", {},
        "8:5: muscles[0].structures: expected a structure id without side suffix; found "
        "'sternocleidomastoid_sternal_left'. Fix: Write 'sternocleidomastoid_sternal'; "
        "_left/_right is added per side.",
    ),
    "structure not in atlas": (
        "[sternocleidomastoid_sternal]", "[sternocleidomastoid_sternal]",
        {"structure_ids": {"sternocleidomastoid_sternal_left"}},
        "8:18: muscles[0].structures[0]: expected atlas structures "
        "sternocleidomastoid_sternal_right; found none by that id. "
        "Fix: Did you mean 'sternocleidomastoid_sternal_left'?",
    ),
    "missing key": (
        "        where: Middle of the sternal head.\n", "", {},
        "11:9: muscles[0].trigger_points[0].where: required key 'where' is missing. "
        "Fix: Add 'where: ...' here.",
    ),
    "wrong version": (
        "version: 1", "version: 2", {},
        "1:1: version: expected one of 1; found the number 2. "
        "Fix: Use one of the listed values (mind the case).",
    ),
    "bad side": (
        "        where: Middle", "        sides: [left, both]\n        where: Middle", {},
        "14:23: muscles[0].trigger_points[0].sides[1]: expected one of 'left' or 'right'; "
        "found the text 'both'. Fix: Use one of the listed values (mind the case).",
    ),
    "uncited source": (
        "  ts1999: Simons, Travell and Simons 1999\n",
        "  ts1999: Simons, Travell and Simons 1999\n  spare: A book nobody cites\n", {},
        "4:3: sources.spare: expected every source to be cited; found 'spare', which nothing "
        "cites. Fix: Cite it where it backs a claim, or remove it.",
    ),
    "web pages only, unflagged": (
        "  ts1999: Simons, Travell and Simons 1999\n",
        "  ts1999: {text: A blog post, url: 'https://example.org/post'}\n", {},
        "21:9: muscles[0].trigger_points[0].sources: expected 'confidence: low' on "
        "'sternocleidomastoid.tp1', whose sources are all web pages; found no low-confidence "
        "flag. Fix: Add 'confidence: low', or cite a book, paper or guideline.",
    ),
    "invalid yaml": (
        "    name: Sternocleidomastoid", "    name: [Sternocleidomastoid", {},
        "7:12: invalid YAML: did not find expected ',' or ']'. "
        "Fix: Check indentation, colons and quotes on this line.",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_gives_one_located_problem(tmp_path, case):
    old, new, kwargs, expected = case
    error = load_changed(tmp_path, old, new, **kwargs)
    assert len(error.problems) == 1, str(error)
    assert str(error.problems[0]) == f"{tmp_path / 'trigger_points.yaml'}:{expected}"


def test_web_pages_only_pass_with_the_low_confidence_flag(tmp_path):
    text = MINIMAL.replace(
        "  ts1999: Simons, Travell and Simons 1999\n",
        "  ts1999: {text: A blog post, url: 'https://example.org/post'}\n",
    ).replace("        sources: [ts1999]\n", "        sources: [ts1999]\n        confidence: low\n")
    catalog = load_catalog(write(tmp_path, text))
    assert catalog.sources["ts1999"].kind == "web"
    assert catalog.get("sternocleidomastoid.tp1.left").confidence == "low"


def test_a_source_with_an_address_can_still_be_a_paper(tmp_path):
    text = MINIMAL.replace(
        "  ts1999: Simons, Travell and Simons 1999\n",
        "  ts1999: {text: A trial, url: 'https://doi.org/10.1/x', kind: journal}\n",
    )
    assert load_catalog(write(tmp_path, text)).sources["ts1999"].is_web_page is False


def test_misspelt_key_is_unknown_and_the_right_one_missing(tmp_path):
    error = load_changed(tmp_path, "width_mm: 20", "width: 20")
    stroke = "muscles[0].trigger_points[0].referral.spillover[0].stroke"
    assert [str(problem).split(": ", 1)[1] for problem in error.problems] == [
        f"{stroke}.width_mm: required key 'width_mm' is missing. Fix: Add 'width_mm: ...' here.",
        f"{stroke}.width: unknown key 'width'; expected one of: feather_mm, through, width_mm. "
        "Fix: Did you mean 'width_mm'?",
    ]
    assert [(problem.line, problem.column) for problem in error.problems] == [(19, 15), (19, 57)]


def test_duplicate_ids_name_the_first_use(tmp_path):
    muscle = MINIMAL[MINIMAL.index("  - id: sternocleidomastoid") :]
    tp = MINIMAL[MINIMAL.index("      - id: tp1") :]
    path = write(tmp_path, MINIMAL + tp + muscle)
    with pytest.raises(ContentError) as caught:
        load_catalog(path)
    messages = [f"{problem.line}: {problem.message}" for problem in caught.value.problems]
    assert messages == [
        "22: expected a unique id; found 'tp1', already used by "
        "muscles[0].trigger_points[0] (line 11).",
        "33: expected a unique id; found 'sternocleidomastoid', already used by muscles[0] "
        "(line 5).",
    ]


def test_all_problems_are_collected_in_line_order(tmp_path):
    first = MINIMAL.replace("version: 1", "version: 3").replace("radius_mm: 25", "radius_mm: big")
    # Cross-checks run on every muscle that is valid in itself: here the second one.
    second = MINIMAL[MINIMAL.index("  - id: sternocleidomastoid") :]
    second = second.replace("id: sternocleidomastoid", "id: other").replace("[ts1999]", "[nobody]")
    with pytest.raises(ContentError) as caught:
        load_catalog(write(tmp_path, first + second))
    path = tmp_path / "trigger_points.yaml"
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:1:1: version: expected one of 1; found the number 3. "
        "Fix: Use one of the listed values (mind the case).",
        f"{path}:17:39: muscles[0].trigger_points[0].referral.essential[0].spot.radius_mm: "
        "expected a number; found the text 'big'. Fix: Write a plain number such as 12.5.",
        f"{path}:38:19: muscles[1].trigger_points[0].sources[0]: expected a key defined under "
        "'sources' at the top of the file; found 'nobody'. "
        "Fix: Add it under 'sources:' or correct the spelling.",
    ]


def test_missing_file_and_non_mapping(tmp_path):
    with pytest.raises(ContentError, match="file not found"):
        load_catalog(tmp_path / "absent.yaml")
    with pytest.raises(ContentError, match="expected a mapping with version"):
        load_catalog(write(tmp_path, "- just\n- a list\n"))
