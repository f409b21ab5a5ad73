"""The kiosk's watchdog: a window that cannot be shown again ends the kiosk with exit code 3.

Another X client can unmap or destroy the kiosk's window without Qt hearing
of it. The watchdog checks once a second; after ``GIVE_UP_CHECKS`` failed
checks in a row it logs the error and emits ``unrecoverable``, and the
launcher exits with code 3 so the service manager starts a fresh kiosk.
Here a window "destroyed from outside" is one whose native handle is gone.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.qt.kiosk.locked_window import GIVE_UP_CHECKS, LockedWindow
from explorer.qt.kiosk.pin import hash_pin

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.fixture
def locked(qtbot):
    window = LockedWindow()
    qtbot.addWidget(window)
    window.logger = logging.getLogger("test_kiosk_watchdog")
    window.present()
    qtbot.waitExposed(window)
    yield window
    window.locked = False  # or closing it would be refused
    window.close()


def gone(window) -> None:
    """Make the window look destroyed from outside: no native handle any more."""
    window.windowHandle = lambda: None


def test_the_watchdog_gives_up_after_five_failed_checks_in_a_row(locked, qtbot, caplog):
    assert GIVE_UP_CHECKS == 5
    given_up = []
    locked.unrecoverable.connect(lambda: given_up.append(1))
    gone(locked)
    for _ in range(4):
        locked._check_still_there()
    assert given_up == []  # four seconds away: it may still come back
    with caplog.at_level(logging.ERROR, logger="test_kiosk_watchdog"):
        locked._check_still_there()
    assert given_up == [1]
    assert caplog.messages == ["the window cannot be shown again; asking for a restart"]
    locked._check_still_there()
    assert given_up == [1]  # asked once, not once a second from then on
    assert list(locked.escape_attempts) == ["not on screen (watchdog)"] * 6


def test_a_good_check_starts_the_count_again(locked, qtbot):
    given_up = []
    locked.unrecoverable.connect(lambda: given_up.append(1))
    gone(locked)
    for _ in range(4):
        locked._check_still_there()
    del locked.windowHandle  # back on screen
    # Exposed and where it belongs again (on a loaded machine the re-shown window can be
    # exposed before its full-screen geometry lands, and that check would count as bad).
    qtbot.waitUntil(
        lambda: locked.windowHandle().isExposed() and not locked._out_of_place(), timeout=5000
    )
    locked._check_still_there()
    assert locked._bad_checks == 0
    gone(locked)
    for _ in range(4):
        locked._check_still_there()
    assert given_up == []


def test_an_unlocked_window_is_not_watched(locked):
    given_up = []
    locked.unrecoverable.connect(lambda: given_up.append(1))
    locked.locked = False  # an admin at work
    gone(locked)
    for _ in range(GIVE_UP_CHECKS + 1):
        locked._check_still_there()
    assert given_up == [] and list(locked.escape_attempts) == []


# The whole kiosk, as the service manager starts it ----------------------------

LAUNCH = """\
import sys
from explorer.qt.kiosk import locked_window

locked_window.WATCHDOG_MS = 20  # check every 20 ms instead of every second
# Another X client destroyed the window: Qt has no native handle to show again.
locked_window.LockedWindow.windowHandle = lambda self: None
from explorer.cli import main

sys.exit(main(sys.argv[1:]))
"""


def test_the_kiosk_exits_with_code_3_when_its_window_is_destroyed(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"clinic_name: Test clinic\npin_hash: '{hash_pin('2468')}'\n")
    home = {f"XDG_{kind}_HOME": str(tmp_path / kind.lower()) for kind in ("CONFIG", "STATE")}
    result = subprocess.run(
        [
            sys.executable, "-c", LAUNCH, "--kiosk", "--kiosk-config", str(config),
            "--content", str(DATA / "tiny_content.yaml"),
            "--atlas", str(DATA / "tiny_atlas" / "manifest.yaml"),
        ],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=120,
        env={**os.environ, **home},
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    (log,) = (tmp_path / "state").rglob("kiosk.log")
    lines = log.read_text().splitlines()
    assert sum("refused: not on screen (watchdog)" in line for line in lines) == GIVE_UP_CHECKS
    assert lines[-1].endswith("the window cannot be shown again; asking for a restart")
