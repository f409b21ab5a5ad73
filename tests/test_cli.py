"""``app.py`` commands on the tiny data: check, list and render."""

from __future__ import annotations

import json
import struct
import subprocess
import sys

from tests.tiny_paths import DATA, ROOT, TINY


def run_app(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_check_ok_on_tiny_data():
    result = run_app("check", *TINY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "OK: 1 muscles, 3 trigger points, 4 structures"


def test_check_reports_file_line_col_and_fails(tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (DATA / "tiny_content.yaml").read_text().replace("at: temple_left,", "at: temple_lft,")
    broken.write_text(text)
    line, row = next((n, row) for n, row in enumerate(text.splitlines(), 1) if "temple_lft" in row)
    column = row.index("at: temple_lft") + 1  # the problem points at the key
    result = run_app("check", "--content", str(broken), "--atlas", TINY[3])
    assert result.returncode == 1
    assert result.stdout == (
        f"{broken}:{line}:{column}: muscles[0].trigger_points[0].referral.essential[0].spot.at: "
        "expected a landmark of the atlas; found 'temple_lft'. Fix: Did you mean 'temple_left'?\n"
    )


def test_check_does_not_import_qt():
    code = (
        "import sys; from explorer.cli import main; main(['check', *sys.argv[1:]]);"
        "print('PySide6' in sys.modules, 'vtkmodules' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *TINY], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "False False"


def test_list_json():
    result = run_app("list", "--json", *TINY)
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert {row["id"] for row in rows} == {
        "demo_muscle.tp1.left",
        "demo_muscle.tp1.right",
        "demo_muscle.tp2.left",
    }
    assert rows[0] == {
        "id": "demo_muscle.tp1.left",
        "muscle": "demo_muscle",
        "side": "left",
        "name": "Demo muscle TrP1",
    }


def test_render_writes_png_of_requested_size(tmp_path):
    output = tmp_path / "shot.png"
    result = run_app(
        *TINY, "render", "--select", "demo_muscle.tp1.left", "--view", "left",
        "--size", "320x200", "--hide-layer", "bones", "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    header = output.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (320, 200)


def test_render_rejects_unknown_id(tmp_path):
    result = run_app(*TINY, "render", "--select", "nope.tp1.left", "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "nope.tp1.left" in result.stderr
