"""Webhook mode: a small server that takes updates only from Telegram.

PTB's own webhook server (``telegram/ext/_utils/webhookhandler.py`` in PTB 22.8) compares
the ``X-Telegram-Bot-Api-Secret-Token`` header with ``!=``, which can leak the secret
through timing, and logs the whole update body (message text) at DEBUG. This server checks
the header with ``hmac.compare_digest``, answers 403 to anything that is not a POST of JSON
carrying the right secret, logs no body, and puts updates on the Application's queue.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import socket
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Bot, Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

from bot.config import ConfigError, Settings

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ("message", "callback_query")
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
_LOGGER = logging.getLogger(__name__)


def secret_matches(expected: str, given: str | None) -> bool:
    """Whether the header holds the secret, compared in constant time."""
    if given is None:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def webhook_secret(settings: Settings) -> str:
    """The webhook secret from the environment, checked against Telegram's rules."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not _SECRET_SHAPE.match(secret):
        raise ConfigError(
            "Config 'webhook_secret' must be set for webhook mode: put 16-256 letters, digits, "
            "'_' or '-' in the CHECKIN_WEBHOOK_SECRET environment variable"
        )
    return secret


class UpdateReceiver(tornado.web.RequestHandler):
    """Accepts one update per POST from Telegram; everything else gets 403."""

    def initialize(self, bot: Bot, update_queue: asyncio.Queue, secret: str) -> None:
        self.bot = bot
        self.update_queue = update_queue
        self.secret = secret

    def prepare(self) -> None:
        """Refuse before reading anything: wrong method, wrong secret, or not JSON."""
        content_type = self.request.headers.get("Content-Type", "").split(";")[0].strip()
        if (
            self.request.method != "POST"
            or not secret_matches(self.secret, self.request.headers.get(SECRET_HEADER))
            or content_type != "application/json"
        ):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)

    async def post(self) -> None:
        try:
            update = Update.de_json(json.loads(self.request.body), self.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            _LOGGER.warning("Webhook: an update could not be read (%s)", type(exc).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if update is not None:
            await self.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def log_exception(self, *args: Any) -> None:
        """Tornado would log request details; the status code says enough."""


class QuietApplication(tornado.web.Application):
    """A tornado application that does not write access logs (they would carry no value)."""

    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log."""


def webhook_app(bot: Bot, update_queue: asyncio.Queue, secret: str, path: str) -> QuietApplication:
    """The tornado application that serves ``/<path>``."""
    route = rf"/{re.escape(path.strip('/'))}/?"
    handler_args = {"bot": bot, "update_queue": update_queue, "secret": secret}
    return QuietApplication([(route, UpdateReceiver, handler_args)])


def public_address(url: str, path: str) -> str:
    """The address Telegram is told to call: ``url`` with the served ``path`` added, unless
    it already ends with it (both ways of filling in the config reach ``/<path>``)."""
    base, tail = url.rstrip("/"), path.strip("/")
    return base if not tail or base.endswith(f"/{tail}") else f"{base}/{tail}"


async def serve_webhook(
    application: Application,
    settings: Settings,
    stop: asyncio.Event,
    unix_socket: socket.socket | None = None,
) -> None:
    """Register the webhook with Telegram, serve updates until ``stop`` is set, then stop."""
    secret = webhook_secret(settings)
    hook = settings.telegram.webhook
    if not hook.url.startswith("https://"):
        raise ConfigError("Config 'telegram.webhook.url' must be the public https:// address")
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.set_webhook(
            url=public_address(hook.url, hook.path),
            secret_token=secret,
            allowed_updates=list(ALLOWED_UPDATES),
        )
        await application.start()
        receiver = webhook_app(application.bot, application.update_queue, secret, hook.path)
        server = HTTPServer(receiver)
        if unix_socket is not None:
            server.add_socket(unix_socket)
        else:
            server.listen(hook.port, address=hook.listen)
        try:
            await stop.wait()
        finally:
            server.stop()
            await server.close_all_connections()
            await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
