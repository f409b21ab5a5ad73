"""A private X server for the benchmark when there is no display."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Size of the virtual screen; larger than the 1280x800 windows measured.
SCREEN = "1920x1080x24"


def _free_display_number(start: int = 140, stop: int = 240) -> int:
    """A display number with neither a lock file nor a socket.

    Starts well above the numbers people pick by hand (:0 to :99), so a
    benchmark never takes a display someone is about to start.
    """
    for number in range(start, stop):
        lock = Path(f"/tmp/.X{number}-lock")
        socket = Path(f"/tmp/.X11-unix/X{number}")
        if not lock.exists() and not socket.exists():
            return number
    raise RuntimeError(f"no free X display number in {start}..{stop - 1}")


@contextmanager
def display() -> Iterator[str]:
    """Yield a usable ``DISPLAY``: the current one, or a fresh Xvfb killed on exit."""
    current = os.environ.get("DISPLAY")
    if current:
        yield current
        return
    if shutil.which("Xvfb") is None:
        raise RuntimeError("no DISPLAY and no Xvfb on PATH; install xvfb or set DISPLAY")
    number = _free_display_number()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_socket(number, server)
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for_socket(number: int, server: subprocess.Popen, timeout: float = 10.0) -> None:
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + timeout
    while not socket.exists():
        if server.poll() is not None:
            raise RuntimeError(f"Xvfb :{number} exited with code {server.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Xvfb :{number} did not come up within {timeout} s")
        time.sleep(0.05)
