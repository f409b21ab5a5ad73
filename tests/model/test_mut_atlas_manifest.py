"""explorer.model.atlas_manifest: the limits of a structure's transform, at their edges.

Only the schema is checked here (validate_manifest on a parsed file), so no mesh
file needs to exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.atlas_manifest import validate_manifest
from explorer.model.errors import AtlasError
from explorer.model.yaml_source import YamlDocument, load_yaml

# The transform sits on line 8; its key starts in column 5.
MANIFEST = """\
version: 1
name: T
frame: RAS
sources:
  s: {{title: S, licence: CC0}}
structures:
  - id: skin
    transform: [[{a}, 0, 0, 0], [0, {b}, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    name: Skin
    kind: skin
    layer: superficial
    side: midline
    file: skin.off
    color: "#000000"
    source: s
"""

# The same manifest as plain data, for documents built in code.
VALID = {
    "version": 1,
    "name": "T",
    "frame": "RAS",
    "sources": {"s": {"title": "S", "licence": "CC0"}},
    "structures": [
        {
            "id": "skin",
            "name": "Skin",
            "kind": "skin",
            "layer": "superficial",
            "side": "midline",
            "file": "skin.off",
            "color": "#000000",
            "source": "s",
        }
    ],
}

TOO_LARGE = (
    "expected the 3x3 part to scale by at most 1000; found a scale of {found}.",
    "Use 'units' for m, dm or cm, and keep the rest of the matrix a rotation.",
)
FLAT = (
    "expected an invertible 3x3 part (rank 3) scaling by at least 0.001; found rank {rank}, "
    "smallest scale {found}: it would flatten the mesh.",
    "Write a rotation, a mirror or a moderate scale; check for a row of zeros.",
)


def transform_problems(tmp_path: Path, a: str, b: str = "1") -> list[tuple]:
    """Validate MANIFEST with diag(a, b, 1) as the 3x3 part; return (line, col, path, msg, fix)s."""
    path = tmp_path / "manifest.yaml"
    path.write_text(MANIFEST.format(a=a, b=b), encoding="utf-8")
    manifest, problems = validate_manifest(load_yaml(path, AtlasError))
    assert (manifest is None) == bool(problems)
    return [(p.line, p.column, p.yaml_path, p.message, p.fix) for p in problems]


@pytest.mark.parametrize(
    "a",
    [
        "1000",  # exactly the limit: the singular values of diag(1000, 1, 1) are 1000, 1, 1
        "0.001",  # exactly the lower limit 1 / 1000
        "0.0015",  # between 1/1000 and 2/1000: a moderate shrink, still allowed
        "-1000",  # a mirror scaling by 1000: singular values ignore the sign
    ],
)
def test_scales_up_to_the_limits_are_accepted(tmp_path: Path, a: str) -> None:
    assert transform_problems(tmp_path, a) == []


def test_a_scale_just_over_the_limit_is_refused(tmp_path: Path) -> None:
    message, fix = TOO_LARGE
    assert transform_problems(tmp_path, "1000.5") == [
        (8, 5, "structures[0].transform", message.format(found="1000.5"), fix)
    ]


def test_a_scale_just_under_the_lower_limit_is_refused(tmp_path: Path) -> None:
    message, fix = FLAT
    # 0.0009 < 0.001; the other two singular values are 1, so nothing is below
    # 1e-9 of the largest and the rank stays 3.
    assert transform_problems(tmp_path, "0.0009") == [
        (8, 5, "structures[0].transform", message.format(rank=3, found="0.0009"), fix)
    ]


def test_a_scale_of_exactly_1e_9_of_the_largest_still_counts_for_the_rank(tmp_path: Path) -> None:
    # diag(1, 1e-9, 1): the largest scale is 1, so the rank threshold is 1 * 1e-9, and a
    # scale equal to the threshold counts: rank 3 (though far too thin to be accepted).
    message, fix = FLAT
    assert transform_problems(tmp_path, "1", b="1e-9") == [
        (8, 5, "structures[0].transform", message.format(rank=3, found="1e-09"), fix)
    ]


def test_a_scale_below_1e_9_of_the_largest_does_not_count_for_the_rank(tmp_path: Path) -> None:
    message, fix = FLAT
    assert transform_problems(tmp_path, "1", b="1e-10") == [
        (8, 5, "structures[0].transform", message.format(rank=2, found="1e-10"), fix)
    ]


def test_an_all_zero_linear_part_has_rank_0(tmp_path: Path) -> None:
    # All singular values 0: the largest is 0, so no relative threshold applies.
    path = tmp_path / "manifest.yaml"
    text = MANIFEST.format(a="0", b="0").replace("[0, 0, 1, 0]", "[0, 0, 0, 0]")
    path.write_text(text, encoding="utf-8")
    _, problems = validate_manifest(load_yaml(path, AtlasError))
    message, fix = FLAT
    assert [(p.line, p.column, p.message, p.fix) for p in problems] == [
        (8, 5, message.format(rank=0, found="0"), fix)
    ]


def test_a_problem_with_no_fix_of_its_own_and_no_field_fix_keeps_an_empty_fix() -> None:
    # An integer too large for pydantic (over 64 bits) as the version: the YAML reader
    # never gives one (it stops at 18 digits), but data built in code can. Its problem
    # has no fix, and 'version' has none in the table of field fixes: the fix stays "".
    document = YamlDocument(Path("manifest.yaml"), {**VALID, "version": 10**30}, "version: 1\n")
    manifest, problems = validate_manifest(document)
    assert manifest is None
    assert [(p.line, p.column, p.yaml_path, p.message, p.fix) for p in problems] == [
        (
            1,
            1,
            "version",
            "Unable to parse input string as an integer, exceeded maximum size; "
            "found the number 1000000000000000000000000000000.",
            "",
        )
    ]


@pytest.mark.parametrize(
    ("field", "value", "message", "fix"),
    [
        (
            "color",
            "red",
            "expected a colour like '#e0b9a0'; found 'red'.",
            "Write the colour as '#' and six hexadecimal digits, in quotes.",
        ),
        (
            "sha256",
            "abc",
            "expected 64 hexadecimal digits; found 'abc'.",
            "Write the file's sha256 as printed by 'sha256sum', or remove the key.",
        ),
    ],
)
def test_our_own_validators_get_the_fix_of_their_field(
    field: str, value: str, message: str, fix: str
) -> None:
    structure = {**VALID["structures"][0], field: value}
    document = YamlDocument(Path("manifest.yaml"), {**VALID, "structures": [structure]}, "")
    _, problems = validate_manifest(document)
    assert [(p.yaml_path, p.message, p.fix) for p in problems] == [
        (f"structures[0].{field}", message, fix)
    ]


def test_a_valid_manifest_has_no_problem() -> None:
    manifest, problems = validate_manifest(YamlDocument(Path("manifest.yaml"), VALID, ""))
    assert problems == []
    assert manifest is not None
    assert [s.id for s in manifest.structures] == ["skin"]


def test_a_transform_whose_svd_fails_is_refused_as_too_large(tmp_path, monkeypatch) -> None:
    # No finite matrix is known to make numpy's SVD fail to converge, but a numpy or
    # LAPACK build might: the transform is then refused as an unbounded scale, never
    # let through and never a traceback.
    import numpy as np

    def no_convergence(*_args, **_kwargs):
        raise np.linalg.LinAlgError("SVD did not converge")

    monkeypatch.setattr(np.linalg, "svd", no_convergence)
    message, fix = TOO_LARGE
    assert transform_problems(tmp_path, "1") == [
        (8, 5, "structures[0].transform", message.format(found="inf"), fix)
    ]
