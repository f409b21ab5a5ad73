"""``./dev bundle``: a frozen build of the explorer (PyInstaller), then its smoke test.

``python -m tools.packaging.bundle [--dist DIR] [--work DIR] [--no-test]``
writes ``DIR/trigger-point-explorer/`` (default ``dist/``): one folder with
the ``trigger-point-explorer`` executable, Python, Qt, VTK and the bundled
atlas and content, which runs on a machine with no Python. It then runs
``tests/test_bundle.py`` against that executable (GUI under the current
``DISPLAY``, or a private Xvfb), and prints the folder's size.

A folder (PyInstaller's one-dir mode) and not a single file: a one-file
build unpacks its ~500 MB to a temporary folder on every start.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from tools.packaging.wheel_data import ROOT, TARGET, bundled_files

NAME = "trigger-point-explorer"
#: Importable in the build environment but never used by the app: leaving them
#: out keeps the bundle smaller and its start-up free of their import hooks.
EXCLUDED_MODULES = (
    "tkinter",
    "IPython",
    "jupyter_client",
    "pytest",
    "trame",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "explorer.bench",
    "explorer.soak",
)


def executable(dist: Path) -> Path:
    """The bundle's executable inside ``dist``."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return dist / NAME / f"{NAME}{suffix}"


def pyinstaller_arguments(dist: Path, work: Path) -> list[str]:
    """PyInstaller's command line for the one-folder build.

    The entry point is ``app.py``, the checkout's own; the commands' lazy
    imports (Qt, VTK) are found by PyInstaller's scan of every import
    statement. The bundled files go where :mod:`explorer.bundled_data`
    looks for them, as in the wheel.
    """
    arguments = [
        str(ROOT / "app.py"),
        "--name", NAME,
        "--noconfirm",
        "--clean",
        "--log-level", "WARN",
        "--distpath", str(dist),
        "--workpath", str(work),
        "--specpath", str(work),
    ]  # fmt: skip
    for source, relative in bundled_files():
        destination = (TARGET / relative).parent.as_posix()
        arguments += ["--add-data", f"{source}{os.pathsep}{destination}"]
    for module in EXCLUDED_MODULES:
        arguments += ["--exclude-module", module]
    return arguments


def folder_size(folder: Path) -> int:
    """Bytes of every file under ``folder``, each once (PyInstaller links shared libraries)."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def smoke_test(program: Path) -> int:
    """Run ``tests/test_bundle.py`` against ``program``; return pytest's exit code."""
    env = dict(os.environ, TPE_BUNDLE=str(program))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if env.get("DISPLAY"):
        command.append("--no-xvfb")  # use the caller's display, as documented
    command.append(str(ROOT / "tests" / "test_bundle.py"))
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    """Build the bundle, test it, print where it is and how big."""
    parser = argparse.ArgumentParser(prog="./dev bundle", description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's scratch"
    )
    parser.add_argument("--no-test", action="store_true", help="build only, skip the smoke test")
    args = parser.parse_args(argv)
    import PyInstaller.__main__

    PyInstaller.__main__.run(pyinstaller_arguments(args.dist, args.work))
    program = executable(args.dist)
    print(f"bundle: {program.parent} ({folder_size(program.parent) / 2**20:.0f} MiB)")
    return 0 if args.no_test else smoke_test(program)


if __name__ == "__main__":
    sys.exit(main())
