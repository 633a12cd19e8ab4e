"""``checkin chat``: run a survey in this terminal through the same engine as Telegram.

With ``--invite TOKEN`` (or the whole invite link) it joins that case and saves every answer
in the store before showing the next question; running it again with the same invite
resumes where the person stopped. Without an invite it is a dry run for trying the wording:
answers are kept in memory and printed as JSON at the end. ``start_in_terminal`` is what
``checkin start`` (``make run``) runs when no Telegram token is set: a trial case on the
default database, saved like any other.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import CommandError
from bot.config import Settings
from bot.console import print_records, run_console
from bot.console_store import chat_by_invite
from dialogs.content import load_catalogue
from dialogs.schema import LanguageContent
from dialogs.types import Outcome, Turn
from dialogs.vocabulary import TIMEPOINTS, VARIANTS
from storage.crypto import use_local_key_if_missing
from storage.runner import run_with_store
from storage.store import Store

TRIAL_ORGANISATION = "Trial"
TRIAL_TEAM = "Terminal"


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
    parser.add_argument(
        "--invite",
        metavar="TOKEN",
        help="join the case of this invite (token or link) and save the answers in the store",
    )
    parser.set_defaults(handler=chat)


def chat(args: argparse.Namespace, settings: Settings) -> int:
    """Run one survey on stdin/stdout: saved with ``--invite``, else a dry run printed as JSON."""
    if getattr(args, "invite", None):
        return _stored_chat(args, settings, args.invite)
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
    """``checkin start`` without a Telegram token: a trial case on the configured database.

    A first try needs no set-up: without a configured key, a local key file is made beside
    the database (and we say where). The trial case's invite is printed so the same survey
    can be resumed with ``checkin chat --invite``.
    """
    key_path = use_local_key_if_missing(settings)
    if key_path is not None:
        print(f"No data key was set, so a local one was made at {key_path}.")
        print("Keep it safe: without it the saved answers cannot be read.")
    reference = "trial-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")

    async def open_trial(store: Store) -> str:
        new_case = await store.create_case(TRIAL_ORGANISATION, TRIAL_TEAM, reference)
        return new_case.person_token

    token = run_with_store(settings, open_trial)
    print(f"A trial case {reference} was opened in {settings.database_path}")
    print(f"(organisation {TRIAL_ORGANISATION!r}). To carry on later, run:")
    print(f"  checkin chat --invite {token}\n")
    return _stored_chat(args, settings, token)


def _stored_chat(args: argparse.Namespace, settings: Settings, invite: str) -> int:
    catalogue = _catalogue(getattr(args, "content", None) or settings.survey.content_dir)

    async def converse(store: Store) -> Turn:
        return await chat_by_invite(
            store, catalogue, invite, stdin=sys.stdin, out=sys.stdout,
            echo=not sys.stdin.isatty(),
        )  # fmt: skip

    turn = run_with_store(settings, converse)
    if turn.state.status == "completed":  # the survey's own last message thanked them
        print("(The survey is finished.)")
    return 0


def _catalogue(folder: str) -> dict[str, LanguageContent]:
    root = Path(folder) if folder else None
    if root is not None and not root.is_dir():
        raise CommandError(f"Content folder {root} does not exist; give a folder of languages")
    return load_catalogue(root)
