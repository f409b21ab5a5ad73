"""Command line of ``app.py``: ``gui`` (default), ``check``, ``render``, ``list`` and ``lookup``.

Qt and VTK are imported only by the commands that need them, so ``check``
and ``list`` start fast and run with no display.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from explorer.kiosk_cli import add_kiosk_arguments, set_pin
from explorer.model.errors import ExplorerError
from explorer.model.project import Project, load_project
from explorer.model.state import LAYERS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONTENT = ROOT / "trigger_points.yaml"
DEFAULT_ATLAS = ROOT / "meshes" / "manifest.yaml"
VIEW_NAMES = ("anterior", "posterior", "left", "right", "superior", "posterior_oblique")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content", type=Path, default=argparse.SUPPRESS, help="trigger_points.yaml"
    )
    common.add_argument(
        "--atlas", type=Path, default=argparse.SUPPRESS, help="meshes/manifest.yaml"
    )
    parser = argparse.ArgumentParser(
        prog="app.py", description="Trigger Point Explorer", parents=[common]
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("gui", parents=[common], help="open the explorer window (default)")
    commands.add_parser("check", parents=[common], help="validate the content and the atlas")
    listing = commands.add_parser("list", parents=[common], help="list every trigger point")
    listing.add_argument("--json", action="store_true", help="print JSON instead of text")
    render = commands.add_parser("render", parents=[common], help="render a PNG headless")
    render.add_argument("--select", action="append", default=[], metavar="ID")
    render.add_argument("--view", choices=VIEW_NAMES, default=None)
    render.add_argument("--size", type=_size, default=(1024, 768), metavar="WxH")
    render.add_argument("--hide-layer", action="append", default=[], choices=LAYERS, metavar="NAME")
    render.add_argument("-o", "--output", type=Path, required=True)
    _add_lookup_parser(commands, common)
    add_kiosk_arguments(parser, commands)
    return parser


def _add_lookup_parser(commands, common: argparse.ArgumentParser) -> None:
    lookup = commands.add_parser(
        "lookup", parents=[common], help="rank muscles for pain around a point"
    )
    where = lookup.add_mutually_exclusive_group(required=True)
    where.add_argument("--at", type=float, nargs=3, metavar=("X", "Y", "Z"), help="mm, RAS")
    where.add_argument("--landmark", metavar="NAME", help="a skin landmark, e.g. temple_left")
    lookup.add_argument("--radius", type=float, default=30.0, metavar="MM")
    lookup.add_argument("--top", type=int, default=5, metavar="N")
    lookup.add_argument("--json", action="store_true", help="print JSON instead of text")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT, e.g. 800x600; found '{text}'"
        ) from None
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 16 and 8192 pixels")
    return width, height


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    args = build_parser().parse_args(argv)
    content = getattr(args, "content", DEFAULT_CONTENT)
    atlas = getattr(args, "atlas", DEFAULT_ATLAS)
    command = args.command or "gui"
    if command == "kiosk-pin":
        return set_pin(args)
    if command == "gui" and getattr(args, "kiosk", False):
        from explorer.qt.kiosk.run import run_kiosk

        return run_kiosk(content, atlas, args.kiosk_config)
    if command == "gui":
        from explorer.qt.app import run_gui

        return run_gui(content, atlas)
    try:
        project = load_project(content, atlas)
    except ExplorerError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr if command != "check" else sys.stdout)
        return 1
    handlers = {"check": _check, "list": _list, "render": _render, "lookup": _lookup}
    return handlers[command](project, args)


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
    unknown = [tp_id for tp_id in args.select if tp_id not in _ids(project)]
    if unknown:
        print(
            f"unknown trigger point id(s): {', '.join(unknown)}; see 'app.py list'", file=sys.stderr
        )
        return 2
    from explorer.scene.render import render_png

    output = render_png(
        project.atlas,
        project.catalog,
        args.output,
        selection=args.select,
        view=args.view,
        size=args.size,
        hidden_layers=args.hide_layer,
    )
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

    if args.radius <= 0 or args.top <= 0:
        print("--radius and --top must be positive", file=sys.stderr)
        return 2
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
        return 2
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
