"""How the command line behaves as a Unix tool: exit codes, its name, pipes, suggestions.

Exit codes follow the usual convention:

* :data:`EXIT_OK` (0): done; the result is on stdout and nothing else is;
* :data:`EXIT_BAD_INPUT` (1): a file (content, atlas, kiosk settings) is
  missing, unreadable or invalid, or an output cannot be written;
* :data:`EXIT_USAGE` (2): the command line is wrong: an unknown option or
  command, a bad value, or a name (trigger point, landmark, view) that does
  not exist. argparse uses 2 for its own errors too.

Errors go to stderr. ``check`` is the one exception on purpose: the problems
it finds are its report, so they go to stdout, as a linter's do.
"""

from __future__ import annotations

import difflib
import functools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
#: What a shell reports for a tool stopped by SIGPIPE (128 + 13): ``list | head``.
EXIT_PIPE_CLOSED = 141


def program_name(argv0: str | None = None) -> str:
    """The name the user ran us by, for usage lines and hints.

    ``app.py`` from a checkout, ``trigger-point-explorer`` for the console
    script or the frozen build, ``python -m explorer`` for the package (whose
    ``argv[0]`` is ``__main__.py``, a name nobody can type).
    """
    name = Path(sys.argv[0] if argv0 is None else argv0).name
    if name in ("__main__.py", "-m", "-c", ""):
        return "python -m explorer"
    return name.removesuffix(".exe")


def quiet_broken_pipe(main: Callable[..., int]) -> Callable[..., int]:
    """Wrap ``main`` so a reader that stops early (``list | head``) ends it quietly.

    Without this, Python prints a ``BrokenPipeError`` traceback, and a second
    one when it flushes stdout at exit.
    """

    @functools.wraps(main)
    def run(*args, **kwargs) -> int:
        try:
            code = main(*args, **kwargs)
            # A pipe closed after the last write fails on this flush, still inside the guard.
            sys.stdout.flush()
            return code
        except BrokenPipeError:
            # Point stdout at devnull so the interpreter's own flush at exit is silent too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            return EXIT_PIPE_CLOSED

    return run


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""`` if none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown_ids_message(requested: Sequence[str], known: Iterable[str], prog: str) -> str | None:
    """One line per id in ``requested`` that is not ``known``, each with a suggestion.

    Returns ``None`` when every id is known.
    """
    known = sorted(known)
    lines = [
        f"unknown trigger point id '{tp_id}'{did_you_mean(tp_id, known)}"
        for tp_id in requested
        if tp_id not in known
    ]
    if not lines:
        return None
    return "\n".join(lines) + f"\n('{prog} list' shows every id)"


def prefer_headless_gl(environ: dict[str, str] | os._Environ = os.environ) -> None:
    """With no X display on Linux, ask VTK for EGL straight away.

    VTK tries X first and prints "bad X server connection" before it falls
    back to EGL by itself; naming the EGL window skips the failed try and the
    warning. Must run before the first render window is made; a user's own
    ``VTK_DEFAULT_OPENGL_WINDOW`` is left alone.
    """
    if sys.platform.startswith("linux") and not environ.get("DISPLAY"):
        environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


def no_display_message(prog: str, environ: dict[str, str] | os._Environ = os.environ) -> str | None:
    """Why the GUI cannot open on this Linux machine (no display), or ``None``.

    Qt would otherwise abort with its own crash message.
    """
    if not sys.platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        f"{prog}: the window needs a display, and DISPLAY is not set. On a server, start a "
        f"virtual one first: 'Xvfb :99 &' then 'DISPLAY=:99 {prog}'. The other commands "
        "(check, list, render, lookup) need no display."
    )
