"""``checkin chat``: run a survey in this terminal through the same engine as Telegram.

Answers are kept in memory and printed as JSON at the end (the store and ``--invite`` come
later). ``start_in_terminal`` is what ``checkin start`` runs when no Telegram token is set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli import CommandError
from bot.config import Settings
from bot.console import print_records, run_console
from dialogs.content import load_catalogue
from dialogs.schema import LanguageContent
from dialogs.types import Outcome
from dialogs.vocabulary import TIMEPOINTS, VARIANTS


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "chat",
        parents=[common],
        help="run a survey in this terminal (numbered options; answers can be piped in)",
    )
    parser.add_argument("--variant", choices=VARIANTS, help="how to ask (default: settings)")
    parser.add_argument("--language", help="content language tag (default: settings)")
    parser.add_argument("--timepoint", choices=TIMEPOINTS, default="start")
    parser.add_argument(
        "--representative", action="store_true", help="someone answers on the person's behalf"
    )
    parser.add_argument("--content", metavar="DIR", help="content folder (one folder a language)")
    parser.add_argument(
        "--outcome",
        action="append",
        default=[],
        metavar="WORDS",
        help="an outcome named earlier (for --timepoint checkin/end); repeat for more",
    )
    parser.set_defaults(handler=chat)


def chat(args: argparse.Namespace, settings: Settings) -> int:
    """Run one survey on stdin/stdout and print what would be recorded."""
    catalogue = _catalogue(getattr(args, "content", None) or settings.survey.content_dir)
    language = getattr(args, "language", None) or settings.survey.default_language
    if language not in catalogue:
        known = ", ".join(sorted(catalogue))
        raise CommandError(f"No content for language {language!r}; use one of: {known}")
    outcomes = [
        Outcome(ref=f"o{n}", text=words, source="own_words")
        for n, words in enumerate(getattr(args, "outcome", None) or [], start=1)
    ]
    records = run_console(
        catalogue,
        timepoint=getattr(args, "timepoint", None) or "start",
        variant=getattr(args, "variant", None) or settings.survey.default_variant,
        language=language,
        answered_by="representative" if getattr(args, "representative", False) else "self",
        stdin=sys.stdin,
        out=sys.stdout,
        outcomes=outcomes,
        echo=not sys.stdin.isatty(),
    )
    print_records(records, sys.stdout)
    return 0


def start_in_terminal(args: argparse.Namespace, settings: Settings) -> int:
    """``checkin start`` without a Telegram token: a start survey with the default settings."""
    return chat(args, settings)


def _catalogue(folder: str) -> dict[str, LanguageContent]:
    root = Path(folder) if folder else None
    if root is not None and not root.is_dir():
        raise CommandError(f"Content folder {root} does not exist; give a folder of languages")
    return load_catalogue(root)
