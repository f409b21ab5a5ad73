"""The layout harness: the kiosk and the main window on every screen size the issue names.

Each size gets its own Xvfb screen of exactly that size (4K with a device
pixel ratio of 2, through ``QT_SCALE_FACTOR``) and its own process running
:mod:`layout_probe`, which visits every kiosk page and main-window mode and
reports elided text, small touch targets, widgets off the screen and
overlapping buttons. Set ``LAYOUT_SHOTS=DIR`` to keep a screenshot of every
screen visited (one folder per size).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: (width, height, device pixel ratio): laptop, small laptop, desktop, QHD, 4K at 200 %.
SCREENS = [(1280, 800, 1), (1366, 768, 1), (1920, 1080, 1), (2560, 1440, 1), (3840, 2160, 2)]
#: Private display numbers are looked for here, away from pytest-xvfb's and the tools' own;
#: ``LAYOUT_DISPLAYS=FIRST-LAST`` picks another range (on a machine shared with others).
FIRST, LAST = map(int, os.environ.get("LAYOUT_DISPLAYS", "800-999").split("-"))
DISPLAYS = range(FIRST, LAST + 1)
PROBE_TIMEOUT_S = 300

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb")


def _start(number: int, width: int, height: int) -> subprocess.Popen | None:
    """Xvfb on display ``number``, once it says it is ready; None if it cannot have it."""
    ready, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"]
        + ["-displayfd", str(write_end)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(ready) as announcement:
        # Xvfb writes the display number when it accepts clients; EOF means it gave up.
        said = announcement.readline().strip()
    if said == str(number):
        return server
    server.kill()
    server.wait()
    return None


@contextmanager
def screen(width: int, height: int) -> Iterator[str]:
    """A private Xvfb of ``width`` x ``height``; yields its ``DISPLAY``."""
    free = (n for n in DISPLAYS if not Path(f"/tmp/.X{n}-lock").exists())
    server, number = None, None
    for number in free:
        server = _start(number, width, height)
        if server is not None:
            break
    if server is None:
        pytest.fail(f"no free X display in {DISPLAYS}")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_probe(width: int, height: int, ratio: int) -> dict:
    """Run :mod:`layout_probe` on a fresh screen; return its report."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": str(ratio)}
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    command = [sys.executable, "-m", "tests.qt.layout_probe"]
    shots = os.environ.get("LAYOUT_SHOTS")
    if shots:
        command += ["--shots", str(Path(shots) / f"{width}x{height}")]
    with screen(width, height) as display:
        env["DISPLAY"] = display
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S
        )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("width", "height", "ratio"), SCREENS, ids=lambda v: str(v))
def test_every_page_fits_the_screen(width, height, ratio):
    report = run_probe(width, height, ratio)
    assert report["ratio"] == ratio
    assert report["screen"] == [width // ratio, height // ratio]
    assert len(report["visited"]) >= 12  # every kiosk page and both main-window modes
    assert report["problems"] == []
