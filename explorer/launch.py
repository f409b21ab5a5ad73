"""Entry point of ``app.py``, ``python -m explorer`` and the ``trigger-point-explorer`` script.

It pauses the cyclic garbage collector before the command line's imports
(see :mod:`explorer.startup_gc`); :func:`explorer.cli.main` turns it back on
at once for the batch commands and once the window is shown for the GUI.
"""

from __future__ import annotations

from explorer import startup_gc


def main() -> int:
    """Run the command line (see :func:`explorer.cli.main`); return the exit code."""
    startup_gc.pause()
    from explorer.cli import main as cli_main

    return cli_main()
