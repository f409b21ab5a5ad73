"""project.py pinned: which atlas checks reach the content, and problems of both files together."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.atlas import Atlas
from explorer.model.errors import ExplorerError
from explorer.model.project import Project, load_project

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny_atlas" / "manifest.yaml"

# Valid against the tiny atlas (skin, skull, demo_muscle_left/right; box x -130..130,
# y -145..145, z -150..150 mm). Line numbers below refer to this text.
BASE = """\
version: 1
sources:
  s1: A made-up book
muscles:
  - id: demo_muscle
    name: Demo muscle
    structures: [demo_muscle]
    facts: {origin: a, insertion: b, action: c, innervation: d}
    trigger_points:
      - id: tp1
        name: Demo TrP1
        at: [-71.0, 10.0, 20.0]
        where: Above the ear.
        referral:
          essential:
            - spot: {at: temple_left, radius_mm: 25}
        referral_text: Pain at the temple.
        sources: [s1]
"""

# Wrong only against an atlas: a structure it lacks (line 7), a point above its box
# (z 900 > 150, line 12), a landmark it lacks (line 16), and a needling name, 'skull',
# that is a structure but a bone, not one at risk (line 18).
ATLAS_ONLY_WRONG = (
    BASE.replace("[demo_muscle]", "[ghost]")
    .replace("[-71.0, 10.0, 20.0]", "[-71.0, 10.0, 900.0]")
    .replace("at: temple_left", "at: nowhere_left")
    .replace(
        "        sources: [s1]\n",
        "        needling: {approach: Straight in., structures: [skull]}\n        sources: [s1]\n",
    )
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(content: Path, atlas: Path) -> list[str]:
    with pytest.raises(ExplorerError) as caught:
        load_project(content, atlas)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_pair_gives_the_atlas_and_the_catalog(tmp_path):
    project = load_project(write(tmp_path, BASE), TINY)
    assert isinstance(project, Project)
    assert isinstance(project.atlas, Atlas)
    assert sorted(project.atlas.structures) == [
        "demo_muscle_left",
        "demo_muscle_right",
        "skin",
        "skull",
    ]
    ids = [point.id for point in project.catalog.trigger_points()]
    assert ids == ["demo_muscle.tp1.left", "demo_muscle.tp1.right"]


def test_every_atlas_check_reaches_the_content(tmp_path):
    path = write(tmp_path, ATLAS_ONLY_WRONG)
    assert problems_of(path, TINY) == [
        f"{path}:7:18: muscles[0].structures[0]: expected atlas structures ghost_left, "
        "ghost_right; found none by that id. Fix: See meshes/manifest.yaml.",
        f"{path}:12:9: muscles[0].trigger_points[0].at: expected a point inside the atlas "
        "(x -130..130, y -145..145, z -150..150 mm); found [-71.0, 10.0, 900.0]. Fix: Check "
        "the coordinates (millimetres) against a nearby landmark; offsets from a landmark are "
        "a few centimetres.",
        f"{path}:16:22: muscles[0].trigger_points[0].referral.essential[0].spot.at: expected "
        "a landmark of the atlas; found 'nowhere_left'. Fix: Did you mean 'temple_left'?",
        # Only artery, vein, nerve and organ structures may be named: the tiny atlas has none.
        f"{path}:18:57: muscles[0].trigger_points[0].needling.structures[0]: expected a "
        "structure at risk of the atlas (an artery, vein, nerve or organ) named 'skull'; found "
        "no skull_left or skull_right and no midline 'skull'. Fix: Use a base id of an artery, "
        "vein, nerve or organ in meshes/manifest.yaml, or remove the name.",
    ]


def test_without_an_atlas_the_content_is_checked_on_its_own(tmp_path):
    atlas = tmp_path / "absent" / "manifest.yaml"
    # The atlas-only mistakes cannot be seen: only the atlas's own problem is left.
    assert problems_of(write(tmp_path, ATLAS_ONLY_WRONG), atlas) == [
        f"{atlas}: file not found. Fix: Check the path and spelling."
    ]


def test_problems_of_both_files_come_together_atlas_first(tmp_path):
    atlas = tmp_path / "absent" / "manifest.yaml"
    path = write(tmp_path, BASE.replace("sources: [s1]", "sources: [s2]"))
    assert problems_of(path, atlas) == [
        f"{atlas}: file not found. Fix: Check the path and spelling.",
        f"{path}:18:19: muscles[0].trigger_points[0].sources[0]: expected a key defined under "
        "'sources' at the top of the file; found 's2'. Fix: Add it under 'sources:' or correct "
        "the spelling.",
    ]
