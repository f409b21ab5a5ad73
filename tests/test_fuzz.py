"""The fuzz harness: 500 seeded cases must give no crash, hang, blow-up or accepted invalid input.

``python -m explorer.fuzz --cases 10000`` runs the long version (see the README).
"""

from __future__ import annotations

from collections import Counter

import pytest

from explorer.fuzz.cases import Case
from explorer.fuzz.report import failed, summary, table
from explorer.fuzz.runner import TARGETS, Worker, judge, make_case, run_cases
from explorer.fuzz.seeds import build_seeds

CI_CASES = 500
CI_SEED = 14


def test_500_seeded_cases_give_no_failure_and_located_errors():
    outcomes = run_cases(range(CI_CASES), CI_SEED, workers=2, timeout=60)
    report = table(outcomes) + "\n" + summary(outcomes)
    assert len(outcomes) == CI_CASES
    assert failed(outcomes) == [], report
    counts = Counter(outcome.outcome for outcome in outcomes)
    assert counts["located"] / (counts["located"] + counts["not-located"]) >= 0.97, report
    assert {outcome.case.target for outcome in outcomes} == set(TARGETS)
    assert counts["accepted"] > 0  # the valid cases load: the harness is not refusing all
    families = {(outcome.case.target, outcome.case.family) for outcome in outcomes}
    for target in ("content", "manifest", "kiosk"):
        for family in ("yaml-syntax", "encoding", "structure", "valid", "not-a-file"):
            assert (target, family) in families, (target, family)
    assert {("mesh", "header-lie"), ("mesh", "zeros"), ("mesh", "geometry")} <= families


def test_a_case_depends_only_on_the_seed_and_its_number():
    seeds = build_seeds()
    first, again = make_case(3, 77, seeds), make_case(3, 77, seeds)
    assert (first.target, first.family, first.name, first.files) == (
        again.target,
        again.family,
        again.name,
        again.files,
    )
    assert (
        make_case(4, 77, seeds).files != first.files or make_case(4, 77, seeds).name != first.name
    )


def _case(expect: str, size: int = 0) -> Case:
    return Case(1, "content", "numbers", "x", expect, "a.yaml", zeros={"a.yaml": size})


@pytest.mark.parametrize(
    ("expect", "result", "outcome"),
    [
        ("invalid", {"status": "accepted", "oracle": ""}, "accepted-invalid"),
        ("either", {"status": "accepted", "oracle": "tp has a point at [nan]"}, "accepted-invalid"),
        ("valid", {"status": "refused", "located": True}, "refused-valid"),
        ("invalid", {"status": "refused", "located": True, "unexpected": True}, "crash"),
        ("invalid", {"status": "refused", "located": False}, "not-located"),
        ("invalid", {"status": "refused", "located": True, "longest": 9000}, "long-message"),
        ("invalid", {"status": "hang"}, "hang"),
        (
            "invalid",
            {"status": "refused", "located": True, "peak_mb": 250, "base_mb": 50},
            "memory",
        ),
        ("either", {"status": "accepted", "oracle": ""}, "accepted"),
    ],
    ids=[
        "accepted",
        "oracle",
        "refused-valid",
        "reader-bug",
        "unlocated",
        "long",
        "hang",
        "memory",
        "fine",
    ],
)
def test_each_result_is_judged_as_the_issue_counts_it(expect, result, outcome):
    assert judge(_case(expect), result, modified=False).outcome == outcome


def test_a_changed_input_fails_the_case():
    assert judge(_case("invalid"), {"status": "refused", "located": True}, True).outcome == (
        "modified"
    )


def test_the_memory_bound_grows_with_the_input():
    # 256 MB of input may use 3 x 256 + 100 MB.
    result = {"status": "refused", "located": True, "peak_mb": 900, "base_mb": 50}
    assert judge(_case("invalid", 256 * 2**20), result, False).outcome == "located"


@pytest.mark.parametrize(("names_file", "outcome"), [(True, "located"), (False, "not-located")])
def test_a_folder_or_pipe_counts_as_located_when_the_error_names_the_file(names_file, outcome):
    case = Case(1, "content", "not-a-file", "folder", "invalid", "a.yaml", whole_file=True)
    result = {"status": "refused", "located": False, "names_file": names_file}
    assert judge(case, result, False).outcome == outcome


def test_the_workers_address_space_cap_is_real(tmp_path):
    # 256 MB of mesh cannot be read under a 330 MiB cap (the worker maps ~250 MiB since
    # scipy left its imports; 400 MiB then held the whole file).
    (tmp_path / "zero.ply").open("wb").truncate(256_000_000)
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(
        "version: 1\nname: Cap\nframe: RAS\nsources:\n  s: {title: S, licence: CC0-1.0}\n"
        "structures:\n  - {id: skin, name: Skin, kind: skin, layer: superficial, side: midline,"
        " file: zero.ply, color: '#e0b9a0', source: s}\n"
    )
    worker = Worker(memory_mb=330)
    try:
        result = worker.run({"number": 0, "target": "mesh", "path": str(manifest)}, timeout=60)
    finally:
        worker.stop()
    assert result["status"] == "memory"
