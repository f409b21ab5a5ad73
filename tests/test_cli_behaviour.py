"""The command line behaves like a Unix tool: pipes, exit codes, stdout/stderr, help, hints."""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys

import pytest

from explorer import __version__
from explorer.cli import build_parser, main
from tests.tiny_paths import ATLAS, CONTENT, ROOT, TINY

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and EGL are Linux's")


def run_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.fixture
def as_app_py(monkeypatch):
    """In-process runs name themselves like ``python app.py`` in their hints."""
    monkeypatch.setattr(sys, "argv", [str(ROOT / "app.py")])


def test_list_into_a_closed_pipe_ends_quietly():
    # The reader is gone before the command writes a byte (it first loads the files).
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "list", *TINY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert stderr == ""


@LINUX
def test_render_without_a_display_prints_only_the_result(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    output = tmp_path / "shot.png"
    result = run_app(*TINY, "render", "--size", "64x48", "-o", str(output), env=env)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"wrote {output}\n"
    assert struct.unpack(">II", output.read_bytes()[16:24]) == (64, 48)


@pytest.mark.parametrize(
    ("typed", "preset"),
    [
        ("Front", "anterior"),
        ("Back", "posterior"),
        ("Left", "left"),
        ("Right", "right"),
        ("top", "superior"),
        ("back-left-oblique", "posterior_oblique"),
        ("anterior", "anterior"),
        ("posterior_oblique", "posterior_oblique"),
    ],
)
def test_view_takes_the_gui_labels_and_the_anatomical_names(typed, preset):
    args = build_parser().parse_args(["render", "--view", typed, "-o", "x.png"])
    assert args.view == preset


def test_unknown_view_is_bad_usage_with_a_suggestion(as_app_py, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["render", "--view", "frnt", "-o", "x.png"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "app.py render: error: argument --view: unknown view 'frnt'; did you mean 'front'? "
        "Choose from: front (anterior), back (posterior), left, right, top (superior), "
        "back-left-oblique (posterior_oblique)"
    )


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices


def test_every_command_and_every_option_has_a_help_line():
    parser = build_parser()
    parsers = {"(main)": parser, **_subcommands(parser)}
    missing = [
        f"{name} {'/'.join(action.option_strings) or action.dest}"
        for name, command in parsers.items()
        for action in command._actions
        if not isinstance(action, argparse._SubParsersAction)
        and action.help in (None, "", argparse.SUPPRESS)
    ]
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing += [f"command {c.dest}" for c in commands._choices_actions if not c.help]
    assert missing == []
    assert {"gui", "check", "list", "render", "lookup", "kiosk-pin"} <= set(parsers)


def test_select_help_says_what_an_id_is():
    text = _subcommands(build_parser())["render"].format_help()
    assert "trigger point to paint, e.g. upper_trapezius.tp1.left" in " ".join(text.split())


def test_unknown_select_id_suggests_the_closest(as_app_py, capsys, tmp_path):
    argv = ["render", *TINY, "--select", "demo_muscle.tp1.lft", "--select", "zzz"]
    assert main([*argv, "-o", str(tmp_path / "x.png")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "unknown trigger point id 'demo_muscle.tp1.lft'; did you mean 'demo_muscle.tp1.left'?\n"
        "unknown trigger point id 'zzz'\n"
        "('app.py list' shows every id)\n"
    )
    assert not (tmp_path / "x.png").exists()


def test_a_folder_without_the_file_is_named_as_a_folder(tmp_path, capsys):
    assert main(["render", "--content", str(tmp_path), "--atlas", str(ATLAS), "-o", "x.png"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{tmp_path}: is a folder, not a file, and holds no trigger_points.yaml. "
        "Fix: Give the path of the trigger_points.yaml file itself.\n"
    )


def test_check_reports_a_folder_as_a_problem_on_stdout(tmp_path, capsys):
    assert main(["check", "--content", str(CONTENT), "--atlas", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        f"{tmp_path}: is a folder, not a file, and holds no manifest.yaml. "
        "Fix: Give the path of the manifest.yaml file itself.\n"
    )


def test_a_folder_holding_the_file_stands_for_it(tmp_path, capsys):
    shutil.copy(CONTENT, tmp_path / "trigger_points.yaml")
    assert main(["check", "--content", str(tmp_path), "--atlas", str(ATLAS.parent)]) == 0
    assert capsys.readouterr().out == "OK: 1 muscles, 3 trigger points, 4 structures\n"


def test_lookup_at_a_point_off_the_skin_says_so(capsys):
    # The tiny head's skin is 80 mm or more from the origin: (10, 20, 30) is deep inside.
    assert main(["lookup", *TINY, "--at", "10", "20", "30"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "the point (10, 20, 30) is not on the skin: the nearest skin is 57.0 mm away, "
        "at (50.3, 44.7, 61.9). Give a point within 10 mm of the skin, "
        "or a skin landmark with --landmark\n"
    )


def test_lookup_at_a_point_a_little_off_the_skin_still_ranks(capsys):
    # 5 mm outside the inion of the tiny atlas (its skin is at y = -94.1 there).
    assert main(["lookup", *TINY, "--at", "0", "-99.1", "13.4", "--top", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("1. Demo muscle (left side)\n")


@pytest.mark.parametrize(
    ("argv", "code", "last_line"),
    [
        (["list", "--bogus"], 2, "app.py: error: unrecognized arguments: --bogus"),
        (["frobnicate"], 2, "argument command: invalid choice: 'frobnicate'"),
        (["lookup", "--landmark", "x", "--top", "0"], 2, "expected a whole number above 0"),
        (["render", "--size", "big", "-o", "x.png"], 2, "expected WIDTHxHEIGHT"),
        (["render", "-o", "x.txt"], 2, "'x.txt' is not an image file name: end it in .png"),
    ],
)
def test_bad_usage_exits_2_with_the_reason_on_stderr(as_app_py, capsys, argv, code, last_line):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    captured = capsys.readouterr()
    assert stop.value.code == code
    assert captured.out == ""
    assert last_line in captured.err.splitlines()[-1]


def test_bad_input_exits_1_with_the_problem_on_stderr(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nmuscles: [\n", encoding="utf-8")
    assert main(["list", "--content", str(broken), "--atlas", str(ATLAS)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{broken}:")


def test_an_output_that_cannot_be_written_exits_1(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    output = blocker / "shot.png"
    result = run_app(*TINY, "render", "--size", "32x32", "-o", str(output))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"cannot write {output}: File exists ({blocker})\n"


def test_success_is_quiet_and_on_stdout(capsys):
    assert main(["check", *TINY]) == 0
    assert capsys.readouterr() == ("OK: 1 muscles, 3 trigger points, 4 structures\n", "")
    assert main(["list", *TINY]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[0] == "demo_muscle.tp1.left\tdemo_muscle\tleft\tDemo muscle TrP1"


def test_version_comes_from_the_package(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"trigger-point-explorer {__version__}\n"


def test_python_m_explorer_runs_the_same_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "check", *TINY],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "OK: 1 muscles, 3 trigger points, 4 structures\n",
        "",
    )


@LINUX
def test_gui_without_a_display_explains_instead_of_crashing(as_app_py, monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(TINY) == 1
    assert capsys.readouterr().err == (
        "app.py: the window needs a display, and DISPLAY is not set. On a server, start a "
        "virtual one first: 'Xvfb :99 &' then 'DISPLAY=:99 app.py'. The other commands "
        "(check, list, render, lookup) need no display.\n"
    )
