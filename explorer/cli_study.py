"""The study commands of ``app.py``: ``show`` (a point's card) and ``quiz`` (a generated round).

``show ID`` prints the same fields as the desktop info card, muscle facts
included, as wrapped plain text or, with ``--json``, as data. ``quiz``
prints a round drawn like the GUI's, so a teacher can hand one out and a test
can check it; the same ``--seed`` always gives the same round. Both need only
the content, and neither opens a window.
"""

from __future__ import annotations

import argparse
import json
import sys

from explorer.cli_support import EXIT_USAGE, program_name, unknown_ids_message
from explorer.model.quiz import KIND_TITLES, ROUND_LENGTH, generate_round
from explorer.model.study_card import card_text, point_card


def add_study_parsers(commands, common: argparse.ArgumentParser) -> None:
    """Add ``show`` and ``quiz`` to the sub-commands."""
    show = commands.add_parser(
        "show", parents=[common], help="print a trigger point's card (as in the GUI)"
    )
    show.add_argument("id", metavar="ID", help="trigger point id, e.g. upper_trapezius.tp1.left")
    show.add_argument("--json", action="store_true", help="print JSON instead of text")
    quiz = commands.add_parser("quiz", parents=[common], help="print a generated quiz round")
    quiz.add_argument(
        "--questions",
        type=_count,
        default=ROUND_LENGTH,
        metavar="N",
        help=f"number of questions (default: {ROUND_LENGTH})",
    )
    quiz.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="the same seed gives the same round (default: 0)",
    )
    quiz.add_argument("--json", action="store_true", help="print JSON instead of text")


def add_render_study_options(render: argparse.ArgumentParser) -> None:
    """Add ``--labels`` and ``--legend`` to the ``render`` command."""
    render.add_argument(
        "--labels",
        action="store_true",
        help="name each visible muscle, with a leader line (the skin is then drawn see-through)",
    )
    render.add_argument(
        "--legend",
        action="store_true",
        help="draw the key: solid and striped zones, each visible muscle's marker",
    )


def show(project, args: argparse.Namespace) -> int:
    """Print the card of ``args.id``; exit code 2 for an unknown id."""
    known = [point.id for point in project.catalog.trigger_points()]
    unknown = unknown_ids_message([args.id], known, program_name())
    if unknown:
        print(unknown, file=sys.stderr)
        return EXIT_USAGE
    card = point_card(project.catalog.get(args.id), project.catalog)
    print(
        json.dumps(card.as_json(), indent=2, ensure_ascii=False) if args.json else card_text(card)
    )
    return 0


def quiz(project, args: argparse.Namespace) -> int:
    """Print a round of ``args.questions`` questions drawn with ``args.seed``."""
    structures = set(project.atlas.structures)
    drawn = generate_round(project.catalog, args.questions, args.seed, structure_ids=structures)
    if args.json:
        print(json.dumps(drawn.as_json(), indent=2, ensure_ascii=False))
        return 0
    print(f"Quiz, seed {drawn.seed}: {len(drawn.questions)} questions")
    for question in drawn.questions:
        print(f"\n{question.number}. {KIND_TITLES[question.kind]} — {question.prompt}")
        print(f"   shows: {_shows(question, project.catalog)}")
        for letter, choice in zip("ABCD", question.choices, strict=False):
            mark = "*" if choice == question.answer else " "
            print(f"   {mark} {letter}) {choice}")
        if question.is_tap:
            print(f"   answer: tap {project.catalog.get(question.answer).label}")
    return 0


def _shows(question, catalog) -> str:
    """What the screen shows for ``question``, in words (an answer key for the teacher)."""
    point = catalog.get(question.point_id)
    if question.kind in ("pattern_to_muscle", "tap_pattern_source"):
        return f"the pattern of {point.label} [{point.id}]"
    if question.kind == "name_highlighted_muscle":
        return f"{point.muscle.name} alone, {point.side} side"
    return "the whole model, nothing painted"


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; found '{text}'") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError("expected between 1 and 100 questions")
    return value


#: Handlers for :func:`explorer.cli.main`, by command name.
HANDLERS = {"show": show, "quiz": quiz}
