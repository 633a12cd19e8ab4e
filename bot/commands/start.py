"""``checkin start``: what ``make run`` runs: the Telegram bot when a token is configured,
otherwise the same survey in this terminal."""

from __future__ import annotations

import argparse
import importlib

from bot.config import Settings


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "start",
        parents=[common],
        help="run the Telegram bot if a token is set, otherwise a survey in this terminal",
    )
    parser.set_defaults(handler=start)


def start(args: argparse.Namespace, settings: Settings) -> int:
    """Pick the channel: Telegram with a token, the terminal without."""
    if settings.telegram_token is not None:
        run = importlib.import_module("bot.commands.run")
        return run.run_bot(args, settings)
    print("No Telegram token is set (CHECKIN_TELEGRAM_TOKEN), so the survey runs here.")
    print("To see the reports on made-up cases instead: checkin demo --cases 60 --seed 1")
    chat = importlib.import_module("bot.commands.chat")
    return chat.start_in_terminal(args, settings)
