"""The frozen build (``./dev bundle``): it opens the GUI and runs ``check`` and ``render``.

Building the bundle takes minutes and about 1 GB, too much for every CI run,
so the tests that run it need ``TPE_BUNDLE`` (the executable): ``./dev
bundle`` builds it and then runs this file with that set. The first test
needs no bundle and always runs: the bundle is told to carry what the wheel
carries, where :mod:`explorer.bundled_data` looks for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from explorer import __version__
from explorer.bundled_data import PACKAGED_DIR
from tools.packaging.bundle import pyinstaller_arguments

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = os.environ.get("TPE_BUNDLE")
needs_bundle = pytest.mark.skipif(
    not BUNDLE, reason="no bundle given: `./dev bundle` builds one and runs these on it"
)
#: A window with the rendered atlas has well over a thousand colours; the bare
#: X screen has one, an error dialog a few hundred (anti-aliased text).
MIN_COLOURS = 600


def test_the_bundle_is_told_to_carry_what_the_wheel_carries():
    arguments = pyinstaller_arguments(Path("dist"), Path("work"))
    added = [arguments[i + 1] for i, word in enumerate(arguments) if word == "--add-data"]
    placed = set()
    for pair in added:
        source, destination = pair.rsplit(os.pathsep, 1)
        placed.add(f"{destination}/{Path(source).name}")
    meshes = [path.name for path in (ROOT / "meshes").iterdir() if path.is_file()]
    expected = {"trigger_points.yaml", *(f"meshes/{name}" for name in meshes)}
    assert placed == {f"explorer/{PACKAGED_DIR}/{name}" for name in expected}
    assert arguments[0] == str(ROOT / "app.py")


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*args], capture_output=True, text=True, cwd=cwd, env=env, check=False, timeout=300
    )


def _no_checkout_env(tmp_path: Path) -> dict[str, str]:
    """No PYTHONPATH, and user folders in ``tmp_path``: the bundle must need neither."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"))
    return env


@needs_bundle
def test_bundle_prints_its_version(tmp_path):
    result = _run(BUNDLE, "--version", cwd=tmp_path, env=_no_checkout_env(tmp_path))
    assert (result.returncode, result.stdout) == (0, f"trigger-point-explorer {__version__}\n")


@needs_bundle
@pytest.mark.parametrize(
    "command", [["check"], ["list"], ["lookup", "--landmark", "temple_left", "--top", "3"]]
)
def test_bundle_answers_like_the_checkout(tmp_path, command):
    bundled = _run(BUNDLE, *command, cwd=tmp_path, env=_no_checkout_env(tmp_path))
    checkout = _run(sys.executable, str(ROOT / "app.py"), *command, cwd=ROOT)
    assert bundled.returncode == checkout.returncode == 0, bundled.stderr
    assert (bundled.stdout, bundled.stderr) == (checkout.stdout, checkout.stderr)


@needs_bundle
def test_bundle_renders_without_a_display_like_the_checkout(tmp_path):
    env = _no_checkout_env(tmp_path)
    env.pop("DISPLAY", None)
    render = ["render", "--select", "upper_trapezius.tp1.left", "--view", "Back"]
    pictures = []
    for program, cwd in [([BUNDLE], tmp_path), ([sys.executable, str(ROOT / "app.py")], ROOT)]:
        output = tmp_path / f"shot{len(pictures)}.png"
        result = _run(*program, *render, "--size", "320x200", "-o", str(output), cwd=cwd, env=env)
        assert (result.returncode, result.stdout, result.stderr) == (0, f"wrote {output}\n", "")
        pictures.append(output.read_bytes())
    assert pictures[0] == pictures[1]


def _screen_colours(qapp, save_to: Path) -> int:
    from PySide6.QtGui import QImage

    image = qapp.primaryScreen().grabWindow(0).toImage()
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    image.save(str(save_to))
    pixels = np.frombuffer(image.constBits(), np.uint8)
    pixels = pixels.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]
    return len(np.unique(pixels.reshape(-1, 3), axis=0))


def _window_titles(display: str) -> str:
    if shutil.which("xwininfo") is None:
        return ""
    tree = _run("xwininfo", "-root", "-tree", cwd=ROOT, env=dict(os.environ, DISPLAY=display))
    return tree.stdout


@needs_bundle
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an X server: Linux")
def test_bundle_opens_the_window_with_the_atlas(tmp_path, qapp):
    display = os.environ["DISPLAY"]  # pytest-xvfb's, or the caller's with --no-xvfb
    env = _no_checkout_env(tmp_path)
    window = subprocess.Popen(
        [BUNDLE], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    screenshot = tmp_path / "bundle-gui.png"
    colours, titles = 0, ""
    try:
        deadline = time.monotonic() + 180  # software OpenGL on a shared machine: be patient
        while time.monotonic() < deadline and window.poll() is None:
            colours = _screen_colours(qapp, screenshot)
            titles = _window_titles(display)
            if colours >= MIN_COLOURS:
                break
            time.sleep(2)
        assert window.poll() is None, window.communicate()
        time.sleep(2)  # the first frames may still be settling: grab once more
        colours = _screen_colours(qapp, screenshot)
    finally:
        window.terminate()
        _, stderr = window.communicate(timeout=60)
    print(f"bundle GUI screenshot: {screenshot} ({colours} colours)")
    assert colours >= MIN_COLOURS
    if titles:
        assert '"Trigger Point Explorer": ("trigger-point-explorer"' in titles
    assert "Traceback" not in stderr
