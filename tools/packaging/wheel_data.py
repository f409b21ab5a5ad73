"""Setuptools build step that puts the top-level atlas and content into the wheel.

``meshes/`` and ``trigger_points.yaml`` stay where the project keeps them (the
repository's top level, where ``./dev atlas`` writes and authors edit), and
git holds them once. Setuptools can only ship package data that lies inside a
package folder, so ``build_py`` is extended to copy them into the build tree
as ``explorer/_bundled/``, where :mod:`explorer.bundled_data` finds them with
:mod:`importlib.resources`. A symlink in git would do the same with less code
but breaks on Windows checkouts; a ``package-dir`` mapping cannot take a file
from the repository root. pyproject.toml names this class in
``[tool.setuptools.cmdclass]``; the frozen build uses :func:`bundled_files` too,
so the wheel and the bundle carry the same files.

This module is loaded by setuptools from its file, outside any package, so it
imports nothing from the project.
"""

from __future__ import annotations

from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parents[2]
#: Where the copies go, relative to the wheel's root (see explorer/bundled_data.py).
TARGET = Path("explorer", "_bundled")
CONTENT = "trigger_points.yaml"
ATLAS = "meshes"


def bundled_files(root: Path = ROOT) -> list[tuple[Path, Path]]:
    """Every file to bundle, as ``(source, destination relative to TARGET)``.

    That is ``trigger_points.yaml`` and every file in ``meshes/`` (meshes,
    manifest, licences, build reports), skipping hidden files and caches.

    Raises
    ------
    FileNotFoundError
        If the content or the atlas manifest is missing: a wheel without them
        would install an app that cannot start.
    """
    for required in (root / CONTENT, root / ATLAS / "manifest.yaml"):
        if not required.is_file():
            raise FileNotFoundError(f"cannot bundle the atlas and content: {required} is missing")
    atlas_files = [
        path
        for path in sorted((root / ATLAS).rglob("*"))
        if path.is_file() and not _hidden(path.relative_to(root))
    ]
    return [(path, path.relative_to(root)) for path in [root / CONTENT, *atlas_files]]


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


class BuildPyWithData(build_py):
    """``build_py`` that also copies the bundled files into ``explorer/_bundled``."""

    def run(self) -> None:
        """Build the Python packages, then add the bundled files next to them."""
        super().run()
        # An editable install reads the checkout's own files (see explorer/bundled_data.py).
        if self.editable_mode:
            return
        for source, target in self._bundled_targets():
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        """The package outputs plus the bundled files (setuptools records them)."""
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return outputs + [str(target) for _, target in self._bundled_targets()]

    def _bundled_targets(self) -> list[tuple[Path, Path]]:
        build_root = Path(self.build_lib) / TARGET
        return [(source, build_root / relative) for source, relative in bundled_files()]
