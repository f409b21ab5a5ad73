"""The wheel: what it carries, and the app installed from it into a fresh venv elsewhere.

Building the wheel (~10 s) and installing it with its dependencies into a new
virtual environment (~45 s with pip's cache or a local index) is the slowest
test file; it runs in CI all the same, because it is the only check that an
installed app finds its atlas and content and needs nothing from a checkout.
"""

from __future__ import annotations

import email
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from explorer import __version__

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BUNDLED = "explorer/_bundled/"
DIST_INFO = f"trigger_point_explorer-{__version__}.dist-info"
#: Needed to build the atlas, the bundle or to test, never to run the app.
BUILD_ONLY = {"pymeshfix", "pyinstaller", "pyinstaller-hooks-contrib", "pytest", "ruff"}
#: The same command lines, run by the installed app and by the checkout's app.py.
COMMANDS = [
    ["check"],
    ["list"],
    ["list", "--json"],
    ["lookup", "--landmark", "temple_left", "--json"],
    ["lookup", "--at", "-70", "95", "1560", "--top", "3"],
    ["check", "--content", str(DATA / "tiny_content.yaml"), "--atlas", str(DATA / "tiny_atlas")],
]


def _copy_sources(destination: Path) -> Path:
    """The files a fresh clone would have (tracked and new, not ignored), copied."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file may be deleted in the work tree
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def _clean_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``pip wheel`` of a copy of the checkout, so no stale ``build/`` leaks in."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files are the project's")
    work = tmp_path_factory.mktemp("wheel")
    source = _copy_sources(work / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work), str(source)],
        check=True,
        capture_output=True,
        env=_clean_env(),
    )
    (built,) = work.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def venv_bin(wheel, tmp_path_factory) -> Iterator[Path]:
    """A new virtual environment outside the checkout with the wheel installed.

    It is removed afterwards: at about 1.2 GB, the copies pytest keeps of its
    last runs' temporary folders would fill /tmp.
    """
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    # This pip installs into the new environment (--python), with its cache.
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "-q",
         str(wheel)],
        check=True,
        capture_output=True,
        env=_clean_env(),
    )  # fmt: skip
    yield bin_dir
    shutil.rmtree(venv, ignore_errors=True)


def _wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_carries_the_atlas_and_content_unchanged(wheel):
    meshes = sorted(path for path in (ROOT / "meshes").iterdir() if path.is_file())
    expected = {"trigger_points.yaml", *(f"meshes/{path.name}" for path in meshes)}
    names = _wheel_names(wheel)
    assert {name.removeprefix(BUNDLED) for name in names if name.startswith(BUNDLED)} == expected
    manifest = yaml.safe_load((ROOT / "meshes" / "manifest.yaml").read_text(encoding="utf-8"))
    assert {f"meshes/{row['file']}" for row in manifest["structures"]} <= expected
    with zipfile.ZipFile(wheel) as archive:
        for name in expected:
            packed = hashlib.sha256(archive.read(BUNDLED + name)).hexdigest()
            assert packed == hashlib.sha256((ROOT / name).read_bytes()).hexdigest(), name


def test_wheel_holds_the_explorer_package_and_nothing_else(wheel):
    names = _wheel_names(wheel)
    assert {name.split("/")[0] for name in names} == {"explorer", DIST_INFO}
    modules = {name for name in names if name.endswith(".py")}
    sources = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "explorer").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert modules == sources


def test_wheel_metadata_names_the_command_and_no_build_only_dependency(wheel):
    with zipfile.ZipFile(wheel) as archive:
        metadata = email.message_from_bytes(archive.read(f"{DIST_INFO}/METADATA"))
        entry_points = archive.read(f"{DIST_INFO}/entry_points.txt").decode()
    assert metadata["Version"] == __version__
    required = [
        requirement.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip()
        for requirement in metadata.get_all("Requires-Dist")
        if "extra ==" not in requirement
    ]
    assert "PySide6-Essentials" in required
    assert not BUILD_ONLY & {name.lower() for name in required}
    assert "[console_scripts]\ntrigger-point-explorer = explorer.launch:main" in entry_points


def test_installed_app_prints_what_the_checkout_prints(venv_bin, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for command in COMMANDS:
        installed = subprocess.run(
            [str(venv_bin / "trigger-point-explorer"), *command],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=_clean_env(),
            check=False,
        )
        checkout = subprocess.run(
            [sys.executable, str(ROOT / "app.py"), *command],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert installed.returncode == checkout.returncode == 0, (command, installed.stderr)
        assert (installed.stdout, installed.stderr) == (checkout.stdout, checkout.stderr), command


def test_installed_app_renders_the_bundled_atlas_like_the_checkout(venv_bin, tmp_path):
    render = ["render", "--select", "upper_trapezius.tp1.left", "--view", "Left", "--size"]
    pictures = {}
    for name, program, cwd in [
        ("installed", [str(venv_bin / "trigger-point-explorer")], tmp_path),
        ("checkout", [sys.executable, str(ROOT / "app.py")], ROOT),
    ]:
        output = tmp_path / f"{name}.png"
        result = subprocess.run(
            [*program, *render, "240x160", "-o", str(output)],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=_clean_env(),
            check=False,
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, f"wrote {output}\n", "")
        pictures[name] = output.read_bytes()
    assert pictures["installed"] == pictures["checkout"]


def test_installed_package_runs_as_python_m_explorer_without_the_checkout(venv_bin, tmp_path):
    python = str(venv_bin / "python")
    result = subprocess.run(
        [python, "-m", "explorer", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_clean_env(),
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"trigger-point-explorer {__version__}\n")
    code = "import explorer.bundled_data as b; print(b.__file__); print(b.bundled_root())"
    where = subprocess.run(
        [python, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_clean_env(),
        check=True,
    ).stdout.splitlines()
    site = Path(where[0]).parent
    assert Path(where[1]) == site / "_bundled"
    assert ROOT not in Path(where[0]).parents


def test_install_pulled_no_build_only_dependency(venv_bin):
    listing = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv_bin / "python"), "list",
         "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip
    # pip prints names as their wheels spell them (PySide6_Essentials): normalise them.
    installed = {row["name"].lower().replace("_", "-") for row in json.loads(listing)}
    assert {"trigger-point-explorer", "vtk", "pyside6-essentials"} <= installed
    assert not BUILD_ONLY & installed
