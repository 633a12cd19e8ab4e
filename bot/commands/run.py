"""``checkin run``: start the Telegram bot, by long polling or (``telegram.mode = "webhook"``)
with the constant-time secret-checking webhook server in ``bot.webhook``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal

from telegram.ext import Application
from telegram.request import BaseRequest

from bot import alerts, handlers_person, handlers_staff, redact, reminders, scheduled_checkins
from bot.app import build_application
from bot.config import Settings
from bot.errors import log_error
from bot.services import attach_services
from bot.webhook import ALLOWED_UPDATES, serve_webhook


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "run",
        parents=[common],
        help="run the Telegram bot (long polling, or a webhook when telegram.mode = 'webhook')",
    )
    parser.set_defaults(handler=run_bot)


def _secrets(settings: Settings) -> list[str]:
    found = (settings.telegram_token, settings.webhook_secret, settings.data_key)
    return [secret.get_secret_value() for secret in found if secret is not None]


def make_bot(settings: Settings, request: BaseRequest | None = None) -> Application:
    """The Application with every handler, the store opened on start, errors logged."""
    application = build_application(settings, request=request)
    attach_services(application, settings)
    alerts.register(application)
    handlers_person.register(application)
    handlers_staff.register_staff_handlers(application)
    reminders.schedule_reminders(application)
    scheduled_checkins.schedule_checkins(application, settings)
    application.add_error_handler(log_error)
    return application


async def _serve_until_signalled(application: Application, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not every platform or loop supports signal handlers (Windows raises
        # NotImplementedError, a loop outside the main thread RuntimeError); Ctrl-C then
        # still stops the process, just without the graceful webhook shutdown.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    await serve_webhook(application, settings, stop)


def run_bot(
    args: argparse.Namespace, settings: Settings, *, request: BaseRequest | None = None
) -> int:
    """Run until stopped (Ctrl-C or SIGTERM); 0 on a clean stop."""
    # PTB 23's time types now, so a 429 answer does not raise a deprecation warning
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    installed = redact.install(_secrets(settings))
    try:
        application = make_bot(settings, request)
        if settings.telegram.mode == "webhook":
            asyncio.run(_serve_until_signalled(application, settings))
        else:
            application.run_polling(allowed_updates=list(ALLOWED_UPDATES))
    finally:
        installed.remove()
    return 0
