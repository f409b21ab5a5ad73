"""The collector is paused only for start-up: every way out of the command line turns it back on."""

from __future__ import annotations

import gc

import pytest

from explorer import startup_gc
from explorer.cli import main
from explorer.cli_support import EXIT_BAD_INPUT
from tests.tiny_paths import ATLAS, CONTENT


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_resume_turns_on_only_what_pause_turned_off():
    startup_gc.pause()
    assert not gc.isenabled()
    startup_gc.resume()
    assert gc.isenabled()
    gc.disable()  # someone else's choice: pause and resume leave it alone
    startup_gc.pause()
    startup_gc.resume()
    assert not gc.isenabled()


def test_paused_block_resumes_even_when_it_raises():
    with pytest.raises(RuntimeError), startup_gc.paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_batch_command_ends_with_the_collector_on(capsys):
    startup_gc.pause()  # as explorer.launch does before importing the command line
    assert main(["check", "--content", str(CONTENT), "--atlas", str(ATLAS)]) == 0
    assert gc.isenabled()


def test_the_gui_refusing_to_start_ends_with_the_collector_on(capsys, monkeypatch):
    startup_gc.pause()
    # No display: the GUI is refused before any window, and the collector is back on.
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--content", str(CONTENT), "--atlas", str(ATLAS)]) == EXIT_BAD_INPUT
    assert "needs a display" in capsys.readouterr().err
    assert gc.isenabled()
