"""Command line of ``app.py``: ``gui`` (the default), ``check``, ``render`` and ``list``.

Qt and VTK are imported only by the commands that need them, so ``check``
and ``list`` start fast and run with no display.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

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
    return parser


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
    if command == "gui":
        from explorer.qt.app import run_gui

        return run_gui(content, atlas)
    try:
        project = load_project(content, atlas)
    except ExplorerError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr if command != "check" else sys.stdout)
        return 1
    handlers = {"check": _check, "list": _list, "render": _render}
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
