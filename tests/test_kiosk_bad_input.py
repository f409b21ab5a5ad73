"""Bad kiosk settings of issue 14: located errors, never an OverflowError or a RecursionError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.qt.kiosk.config import KioskConfig, KioskConfigError, KioskTimings, load_config
from explorer.qt.kiosk.config_values import QT_TIMER_MAX_MS, SECONDS


def problems(tmp_path: Path, text: str, name: str = "kiosk.yaml") -> tuple[Path, list[str]]:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(KioskConfigError) as caught:
        load_config(path)
    return path, [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "attract_step_seconds: 1e308",
            "attract_step_seconds: expected a positive number of seconds from 1 to 600; found "
            "the number 1e+308. Fix: Write a plain number such as 6.",
        ),
        (
            "attract_step_seconds: .inf",
            "attract_step_seconds: expected a positive number of seconds from 1 to 600; found "
            "the number inf. Fix: Write a plain number such as 6.",
        ),
        (
            "corner_hold_seconds: .nan",
            "corner_hold_seconds: expected a positive number of seconds from 1 to 30; found "
            "the number nan. Fix: Write a plain number such as 3.",
        ),
        (
            # 30 days: more than a Qt timer holds (2^31 - 1 ms, about 24.8 days).
            "idle_reset_seconds: 2592000",
            "idle_reset_seconds: expected a positive number of seconds from 10 to 86400; found "
            "the number 2592000. Fix: Write a plain number such as 120.",
        ),
        (
            "idle_attract_seconds: true",
            "idle_attract_seconds: expected a positive number of seconds from 5 to 86400; found "
            "true. Fix: Write a plain number such as 60.",
        ),
    ],
    ids=["step-1e308", "step-inf", "hold-nan", "reset-30-days", "attract-true"],
)
def test_timeouts_that_no_qt_timer_holds_are_refused_at_their_line(tmp_path, line, message):
    path, found = problems(tmp_path, f"clinic_name: Test\n{line}\n")
    assert found == [f"{path}:2:1: {message}"]


def test_10000_deep_nesting_is_a_located_error_not_a_recursion_error(tmp_path):
    path, found = problems(tmp_path, "clinic_name: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert found == [
        f"{path}:1:1013: invalid YAML: exceeded maximum nesting depth. Fix: Flatten the "
        "structure: these files need only a few levels of lists and maps."
    ]


def test_every_problem_of_the_file_is_listed_in_line_order(tmp_path):
    path, found = problems(tmp_path, "colour: red\ncorner: middle\ncorner_hold_seconds: -1\n")
    assert found == [
        f"{path}:1:1: colour: unknown key 'colour'; expected one of: clinic_name, logo, "
        "idle_attract_seconds, idle_reset_seconds, attract_step_seconds, corner, "
        "corner_hold_seconds, pin_hash. Fix: Remove it or check its spelling.",
        f"{path}:2:1: corner: expected one of top_left, top_right, bottom_left, bottom_right; "
        "found the text 'middle'. Fix: Use one of the listed corners.",
        f"{path}:3:1: corner_hold_seconds: expected a positive number of seconds from 1 to 30; "
        "found the number -1. Fix: Write a plain number such as 3.",
    ]


def test_json_settings_are_located_too(tmp_path):
    text = json.dumps({"clinic_name": "Test", "attract_step_seconds": 1e308}, indent=1)
    path, found = problems(tmp_path, text, "kiosk.json")
    assert found == [
        f"{path}:3:2: attract_step_seconds: expected a positive number of seconds from 1 to "
        "600; found the number 1e+308. Fix: Write a plain number such as 6."
    ]


def test_a_malformed_pin_hash_is_refused_without_echoing_it(tmp_path):
    path, found = problems(tmp_path, "pin_hash: scrypt$1$1$1$secret$hash\n")
    assert found == [
        f"{path}:1:1: pin_hash: expected a PIN hash written by 'app.py kiosk-pin'; found text "
        "that is not one. Fix: Run 'python app.py kiosk-pin' to set the PIN again."
    ]


def test_a_clinic_name_of_100_000_characters_is_refused_and_cut(tmp_path):
    path, found = problems(tmp_path, "clinic_name: " + "x" * 100_000 + "\n")
    assert found == [
        f"{path}:1:1: clinic_name: expected the clinic's name as text of 1 to 80 characters on "
        f"one line; found the text '{'x' * 37}...'. Fix: Write the name as it should appear on "
        "the screen, in quotes if it has a colon."
    ]


def test_every_accepted_timeout_fits_a_qt_timer():
    longest = KioskConfig(**{key: high for key, (_low, high) in SECONDS.items()})
    timings = KioskTimings.from_config(longest)
    assert max(vars(timings).values()) < QT_TIMER_MAX_MS


def test_timings_built_in_code_refuse_what_a_qt_timer_cannot_hold():
    with pytest.raises(ValueError, match="attract_step_seconds = 1e\\+308 s does not fit"):
        KioskTimings.from_config(KioskConfig(attract_step_seconds=1e308))
