"""``checkin erase --case REF``: forget the people in a case (answers, words, voice notes,
session state, chat ids). The case record stays as 'erased' with its staff-side fields; the
audit log records that it happened. Asks for confirmation unless ``--yes``."""

from __future__ import annotations

import argparse

from bot.config import Settings
from storage.runner import run_with_store


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "erase", parents=[common], help="erase everything the people in a case gave"
    )
    parser.add_argument("--case", required=True, metavar="REF", help="the case reference")
    parser.add_argument("--org", help="the organisation, if several have this reference")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(handler=erase_command, needs_database=True)


def erase_command(args: argparse.Namespace, settings: Settings) -> int:
    if not args.yes:
        try:
            reply = input(
                f"Erase every answer, message and chat id in case {args.case}? This cannot be "
                "undone. Type the case reference to confirm: "
            )
        except EOFError:  # no terminal to ask: only --yes may erase
            reply = ""
        if reply.strip() != args.case:
            print("Nothing was erased.")
            return 1
    case = run_with_store(
        settings, lambda store: store.erase_case(args.case, organisation=args.org)
    )
    print(f"Erased case {case.local_ref} ({case.organisation}); the audit log records it.")
    return 0
