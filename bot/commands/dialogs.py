"""``checkin dialogs check [--content DIR]``: lint the survey content before it ships.

Prints one ``file: question: problem`` line per problem and exits 1, or a one-line summary
and exits 0. The transport's own words (``bot/content``) are checked for every survey
language with the same text rules (``bot.words_lint``). Button payloads are checked with
the Telegram transport's own packing (``bot.payloads``) as well as the pure 24-byte rule,
so a question id or option value that would not fit in a button is caught here rather than
in a chat.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from bot.words_lint import lint_bot_words
from dialogs.content import CONTENT_ROOT
from dialogs.lint import lint_report, within_budget


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("dialogs", parents=[common], help="survey content tools")
    actions = parser.add_subparsers(dest="dialogs_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        parents=[common],
        help="check the content files: every variant and language, wording rules, buttons",
    )
    check.add_argument(
        "--content",
        type=Path,
        default=None,
        help="content folder with one sub-folder per language (default: the shipped content)",
    )
    check.set_defaults(handler=check_content)


def _transport_fits(question_id: str, key: str) -> bool:
    """The pure rule and the transport's exact packing must both accept the button."""
    from bot.payloads import PayloadSigner

    signer = PayloadSigner(bytes(32))  # any key: the size does not depend on it
    return within_budget(question_id, key) and signer.fits(question_id, key)


def check_content(args: argparse.Namespace, settings: Settings) -> int:
    """Lint the content; print the problems (exit 1) or a summary (exit 0)."""
    del settings  # the content check needs no settings
    root = args.content or CONTENT_ROOT
    report = lint_report(root, payload_fits=_transport_fits)
    # the transport's own words (bot/content) for every survey language, same text rules
    report.problems.extend(lint_bot_words(report.languages))
    for problem in report.problems:
        print(problem)
    if report.problems:
        return 1
    languages = ", ".join(report.languages)
    print(
        f"OK: {len(report.languages)} languages ({languages}), {report.questions} questions,"
        f" {report.texts} texts checked in 5 wordings each (4 variants + representative);"
        " transport, nudge and profile (command menu) words checked."
    )
    return 0
