"""Command line of ``app.py``: ``gui`` (default), ``check``, ``render``, ``list`` and ``lookup``.

The same :func:`main` runs as ``app.py`` in a checkout, as the installed
``trigger-point-explorer`` console script and as ``python -m explorer``.
Qt and VTK are imported only by the commands that need them, so ``check``
and ``list`` start fast and run with no display. Exit codes and where the
output goes: :mod:`explorer.cli_support`.

A module adds a sub-command with two small hooks here: a function that adds
its parser (``add_x_parser(commands, common)``, called in
:func:`build_parser`; pass ``parents=[common]`` for ``--content``/``--atlas``
and give every option a ``help``) and a handler ``(project, args) -> int``
listed in ``handlers`` in :func:`main`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from explorer import __version__, startup_gc
from explorer.bundled_data import bundled_atlas, bundled_content
from explorer.cli_handout import add_handout_parser, run_handout
from explorer.cli_inputs import (
    VIEW_HELP,
    finite_number,
    image_path,
    image_size,
    off_skin_message,
    positive_count,
    positive_number,
    resolve_input,
    view_name,
)
from explorer.cli_study import HANDLERS as STUDY_HANDLERS
from explorer.cli_study import add_render_study_options, add_study_parsers
from explorer.cli_support import (
    EXIT_BAD_INPUT,
    EXIT_USAGE,
    no_display_message,
    prefer_headless_gl,
    program_name,
    quiet_broken_pipe,
    unknown_ids_message,
)
from explorer.kiosk_cli import add_kiosk_arguments, set_pin
from explorer.model.errors import ExplorerError, Problem
from explorer.model.project import Project, load_project
from explorer.model.state import HIDDEN_AT_START, LAYERS
from explorer.scene.views import PRESETS

#: The atlas and content used when no --content / --atlas is given: the installed
#: copies in a wheel or frozen build, the repository's own files in a checkout.
DEFAULT_CONTENT = bundled_content()
DEFAULT_ATLAS = bundled_atlas()
VIEW_NAMES = tuple(preset.name for preset in PRESETS)
EXIT_CODES = (
    "exit codes: 0 done; 1 a file is missing, unreadable or invalid (or cannot be written); "
    "2 the command line is wrong (unknown option, id, landmark or view; bad value)"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="clinical content: a trigger_points.yaml, or a folder holding one "
        "(default: the bundled content)",
    )
    common.add_argument(
        "--atlas",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="atlas: a manifest.yaml, or a folder holding one (default: the bundled meshes)",
    )
    parser = argparse.ArgumentParser(
        prog=program_name(),
        description="Trigger Point Explorer: the GUI (default) and its commands",
        epilog=EXIT_CODES,
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"trigger-point-explorer {__version__}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("gui", parents=[common], help="open the explorer window (default)")
    commands.add_parser("check", parents=[common], help="validate the content and the atlas")
    listing = commands.add_parser("list", parents=[common], help="list every trigger point")
    listing.add_argument("--json", action="store_true", help="print JSON instead of text")
    render = commands.add_parser("render", parents=[common], help="render a PNG headless")
    render.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="ID",
        help="trigger point to paint, e.g. upper_trapezius.tp1.left; repeat it to combine "
        "points (the list command prints every id)",
    )
    render.add_argument(
        "--view",
        type=view_name,
        default=None,
        metavar="VIEW",
        help=f"where to look from: {VIEW_HELP} (default: framed on the selection)",
    )
    render.add_argument(
        "--size",
        type=image_size,
        default=(1024, 768),
        metavar="WxH",
        help="image size in pixels (default: 1024x768)",
    )
    render.add_argument(
        "--hide-layer",
        action="append",
        default=[],
        choices=LAYERS,
        metavar="NAME",
        help=f"hide a layer: {', '.join(LAYERS)}; repeat it to hide more",
    )
    render.add_argument(
        "--show-layer",
        action="append",
        default=[],
        choices=[layer for layer in LAYERS if layer in HIDDEN_AT_START],
        metavar="NAME",
        help="show a layer that starts hidden: at_risk (the structures at risk when needling)",
    )
    render.add_argument(
        "--needle",
        action="store_true",
        help="needle view of the one --select point: its structures at risk highlighted, "
        "the approach line and the distances measured on this atlas (clinician detail)",
    )
    render.add_argument(
        "-o",
        "--output",
        type=image_path,
        required=True,
        metavar="PNG",
        help="the PNG file to write (.jpg, .bmp and .tif work too)",
    )
    add_render_study_options(render)
    _add_lookup_parser(commands, common)
    add_handout_parser(commands, common)
    add_study_parsers(commands, common)
    add_kiosk_arguments(parser, commands)
    return parser


def _add_lookup_parser(commands, common: argparse.ArgumentParser) -> None:
    lookup = commands.add_parser(
        "lookup", parents=[common], help="rank muscles for pain around a point"
    )
    where = lookup.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--at",
        type=finite_number,
        nargs=3,
        metavar=("X", "Y", "Z"),
        help="a point on the skin in mm (atlas frame: +x the subject's right, +y front, +z up)",
    )
    where.add_argument("--landmark", metavar="NAME", help="a skin landmark, e.g. temple_left")
    lookup.add_argument(
        "--radius",
        type=positive_number,
        default=30.0,
        metavar="MM",
        help="radius of the painful area around the place, in mm (default: 30)",
    )
    lookup.add_argument(
        "--top", type=positive_count, default=5, metavar="N", help="muscles to list (default: 5)"
    )
    lookup.add_argument("--json", action="store_true", help="print JSON instead of text")


@quiet_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (default ``sys.argv[1:]``); return the exit code.

    The GUI starts with the cyclic garbage collector paused (see
    :mod:`explorer.startup_gc`); the window turns it back on once shown,
    and any other way out of here does too.
    """
    try:
        return _run(argv)
    finally:
        startup_gc.resume()


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        startup_gc.pause()
    else:
        startup_gc.resume()  # paused by explorer.launch; a batch command pauses only to load
    if command == "kiosk-pin":
        return set_pin(args)
    content, atlas, problems = _input_paths(args)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr if command != "check" else sys.stdout)
        return EXIT_BAD_INPUT
    if command == "gui" and (reason := no_display_message(program_name())):
        print(reason, file=sys.stderr)
        return EXIT_BAD_INPUT
    if command == "gui" and getattr(args, "kiosk", False):
        from explorer.qt.kiosk.run import run_kiosk

        return run_kiosk(content, atlas, args.kiosk_config)
    if command == "gui":
        from explorer.qt.app import run_gui

        return run_gui(content, atlas)
    try:
        with startup_gc.paused():
            project = load_project(content, atlas)
    except ExplorerError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr if command != "check" else sys.stdout)
        return EXIT_BAD_INPUT
    handlers = {"check": _check, "list": _list, "render": _render, "lookup": _lookup}
    handlers["handout"] = run_handout
    handlers.update(STUDY_HANDLERS)
    return handlers[command](project, args)


def _input_paths(args: argparse.Namespace) -> tuple[Path, Path, list[Problem]]:
    """The content and atlas to load, and any problem with the paths given.

    Without ``--content``/``--atlas`` these are the bundled files; a folder
    given for either stands for the file of the usual name inside it.
    """
    content, content_problem = resolve_input(
        getattr(args, "content", DEFAULT_CONTENT), "trigger_points.yaml"
    )
    atlas, atlas_problem = resolve_input(getattr(args, "atlas", DEFAULT_ATLAS), "manifest.yaml")
    return content, atlas, [problem for problem in (content_problem, atlas_problem) if problem]


def _check(project: Project, args: argparse.Namespace) -> int:
    catalog, atlas = project.catalog, project.atlas
    print(
        f"OK: {len(catalog.muscles)} muscles, {len(catalog.trigger_points())} trigger points, "
        f"{len(atlas.structures)} structures"
    )
    return 0


def _list(project: Project, args: argparse.Namespace) -> int:
    rows = [
        {"id": point.id, "muscle": point.muscle.id, "side": point.side, "name": point.name}
        for point in project.catalog.trigger_points()
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['id']}\t{row['muscle']}\t{row['side']}\t{row['name']}")
    return 0


def _render(project: Project, args: argparse.Namespace) -> int:
    unknown = unknown_ids_message(args.select, _ids(project), program_name())
    if unknown:
        print(unknown, file=sys.stderr)
        return EXIT_USAGE
    if args.needle and len(args.select) != 1:
        print(f"{program_name()} render: --needle needs exactly one --select ID", file=sys.stderr)
        return EXIT_USAGE
    prefer_headless_gl()
    from explorer.scene.render import render_png

    try:
        output = render_png(
            project.atlas,
            project.catalog,
            args.output,
            selection=args.select,
            view=args.view,
            size=args.size,
            hidden_layers=args.hide_layer,
            shown_layers=args.show_layer,
            labels=args.labels,
            legend=args.legend,
            needle=args.needle,
        )
    except OSError as error:
        # Name the culprit when it is a folder on the way, not the file itself.
        culprit = f" ({error.filename})" if error.filename not in (None, str(args.output)) else ""
        print(f"cannot write {args.output}: {error.strerror or error}{culprit}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {output}")
    return 0


def _ids(project: Project) -> set[str]:
    return {point.id for point in project.catalog.trigger_points()}


def _lookup(project: Project, args: argparse.Namespace) -> int:
    """Rank muscles (each with its best trigger point) for a disc of pain around a place.

    The place is ``--at`` or ``--landmark``; rows come in the GUI's order, by
    the percentage shown.
    """
    from explorer.model.lookup import LookupIndex
    from explorer.model.pain_regions import disc_drawing
    from explorer.model.referral import ReferralEngine

    if args.at is not None and (off_skin := off_skin_message(project.atlas, args.at)):
        print(off_skin, file=sys.stderr)
        return EXIT_USAGE
    skin = project.atlas.skin
    engine = ReferralEngine(skin.vertices, skin.faces, project.atlas.landmark_positions())
    try:
        drawing = disc_drawing(engine, args.landmark or args.at, args.radius)
    except KeyError:
        skin_landmarks = sorted(
            name for name, mark in project.atlas.landmarks.items() if mark.on == skin.id
        )
        print(f"no landmark '{args.landmark}'; skin landmarks: {', '.join(skin_landmarks)}",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    index = LookupIndex.build(engine, skin.faces, project.catalog.trigger_points())
    results = index.rank(drawing, top=args.top)
    if args.json:
        print(json.dumps([result.as_json() for result in results], indent=2))
    elif not results:
        print("no trigger point's pattern covers that area")
    for number, result in enumerate([] if args.json else results, 1):
        # Only the share: the list is ordered by it, and a second number would disagree.
        print(f"{number}. {result.muscle_name} ({result.side_words})")
        print(f"   {result.reason}")
    return 0
