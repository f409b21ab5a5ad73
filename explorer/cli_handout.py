"""``app.py handout``: the patient's handout as a PDF, headless.

The desktop app's File -> "Handout for the patient..." runs this same
command in a child process (:mod:`explorer.qt.file_menu`), so the window
stays responsive while the maps render and both paths make the same page.
With ``--progress`` it prints one ``progress N/M what`` line per step for
that window to show.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from explorer.cli_support import (
    EXIT_BAD_INPUT,
    EXIT_USAGE,
    prefer_headless_gl,
    program_name,
    unknown_ids_message,
)
from explorer.model.handout import MAX_POINTS, PAPERS, HandoutOptions, build_handout
from explorer.model.project import Project

#: What the progress lines count: the scene, the maps, the page.
STEPS = ("Preparing the maps", "Drawing the maps", "Laying out the page")


def add_handout_parser(commands, common: argparse.ArgumentParser) -> None:
    """Add the ``handout`` sub-command to ``commands``."""
    handout = commands.add_parser(
        "handout",
        parents=[common],
        help="write the patient's handout (PDF) for one to four trigger points",
        description="Write a printable handout for the patient: the map of the selected "
        "points seen from the two views that show it best, where it hurts, what may help, "
        "the warning signs that need a doctor, the sources and the disclaimer.",
    )
    handout.add_argument(
        "--select",
        action="append",
        default=[],
        required=True,
        metavar="ID",
        help=f"trigger point to show, e.g. upper_trapezius.tp1.left; repeat it for up to "
        f"{MAX_POINTS} points on one map (the list command prints every id)",
    )
    handout.add_argument("--clinic", default="", metavar="NAME", help="clinic name for the header")
    handout.add_argument(
        "--logo", type=Path, default=None, metavar="PNG", help="clinic logo (PNG or JPEG)"
    )
    handout.add_argument(
        "--paper", choices=PAPERS, default="a4", help="paper size: a4 or letter (default: a4)"
    )
    handout.add_argument(
        "-o", "--output", type=Path, required=True, metavar="PDF", help="the PDF file to write"
    )
    handout.add_argument(
        "--progress",
        action="store_true",
        help="print one 'progress N/M step' line per step (the desktop app reads them)",
    )


def run_handout(project: Project, args: argparse.Namespace) -> int:
    """Write the handout for ``args.select`` to ``args.output``; return the exit code."""
    ids = list(dict.fromkeys(args.select))
    unknown = unknown_ids_message(ids, (p.id for p in project.catalog.trigger_points()),
                                  program_name())  # fmt: skip
    if unknown:
        print(unknown, file=sys.stderr)
        return EXIT_USAGE
    if len(ids) > MAX_POINTS:
        print(f"a handout takes at most {MAX_POINTS} trigger points; got {len(ids)}",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    if args.logo is not None and not args.logo.is_file():
        print(f"no logo file '{args.logo}'", file=sys.stderr)
        return EXIT_BAD_INPUT
    options = HandoutOptions(clinic=args.clinic, logo=args.logo, paper=args.paper)
    handout = build_handout(project.catalog, ids, options)
    started = time.perf_counter()
    from explorer.qt.handout_pdf import HandoutError

    try:
        pages = make_handout_pdf(project, handout, args.output, _reporter(args.progress))
    except HandoutError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    seconds = time.perf_counter() - started
    print(f"wrote {args.output} ({pages} page{'s' if pages != 1 else ''}, {seconds:.1f} s)")
    return 0


def make_handout_pdf(project: Project, handout, output: Path, progress=None) -> int:
    """Render the maps of ``handout`` off-screen and write the PDF; return its page count.

    ``progress(step, total, what)`` is called before each step.
    """
    report = progress or (lambda step, total, what: None)
    total = len(STEPS)
    report(0, total, STEPS[0])
    _ensure_qt_application()
    from explorer.qt.handout_pdf import MapView, load_logo, write_handout_pdf
    from explorer.scene.snapshots import SnapshotRenderer

    load_logo(handout.logo)  # a bad logo fails now, not after the maps are drawn

    with SnapshotRenderer(project.atlas, project.catalog) as renderer:
        # Only the skin: muscles or bones poking through it would puzzle a patient.
        renderer.hide_inner_layers()
        report(1, total, STEPS[1])
        shots = renderer.render_selection(handout.figure.point_ids, handout.figure.views)
    report(2, total, STEPS[2])
    pages = write_handout_pdf(handout, [MapView(s.image, s.caption) for s in shots], output)
    report(total, total, "Done")
    return pages


def _reporter(enabled: bool):
    def report(step: int, total: int, what: str) -> None:
        print(f"progress {step}/{total} {what}", flush=True)

    return report if enabled else None


def _ensure_qt_application():
    """A ``QGuiApplication`` for fonts and PDF output, with no window and no display needed."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return QGuiApplication.instance()
    prefer_headless_gl()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0]])
