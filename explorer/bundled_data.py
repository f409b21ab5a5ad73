"""Where the bundled atlas (``meshes/``) and content (``trigger_points.yaml``) are.

In the repository they are top-level files, edited and rebuilt there. A wheel
or a frozen build carries copies inside the package, in ``explorer/_bundled/``
(the build step in ``tools/packaging/wheel_data.py`` puts them there), and
they are found through :mod:`importlib.resources`, so an installed app needs
no checkout and no working directory of its own.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: Folder inside the installed ``explorer`` package that holds the copies.
PACKAGED_DIR = "_bundled"
CONTENT_FILE = "trigger_points.yaml"
ATLAS_DIR = "meshes"
MANIFEST_FILE = "manifest.yaml"


def bundled_root() -> Path:
    """The folder holding ``trigger_points.yaml`` and ``meshes/``.

    The installed copies win; a checkout (or an editable install, which
    points into the checkout) has none and reads the repository's own files.

    Raises
    ------
    RuntimeError
        If the package is installed somewhere that is not a plain folder
        (inside a zip file): the atlas loader needs real files.
    """
    packaged = resources.files("explorer") / PACKAGED_DIR
    if packaged.is_dir():
        if not isinstance(packaged, Path):
            raise RuntimeError(f"the bundled atlas must be installed as files, not in {packaged}")
        return packaged
    return Path(__file__).resolve().parents[1]


def bundled_content() -> Path:
    """The bundled ``trigger_points.yaml``."""
    return bundled_root() / CONTENT_FILE


def bundled_atlas() -> Path:
    """The bundled atlas manifest, ``meshes/manifest.yaml``."""
    return bundled_root() / ATLAS_DIR / MANIFEST_FILE
