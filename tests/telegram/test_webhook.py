"""Webhook mode: only POSTs of JSON with the right secret (checked in constant time) get in."""

import asyncio
import hmac
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_unix_socket

from bot import webhook
from bot.app import build_application
from bot.config import ConfigError, Settings
from bot.webhook import SECRET_HEADER, secret_matches, serve_webhook, webhook_app
from tests.telegram.fake_bot_api import FakeBotApi

SECRET = "webhook-secret_0123456789"
UPDATE = {
    "update_id": 9001,
    "message": {
        "message_id": 5,
        "date": 1767225600,
        "chat": {"id": 77, "type": "private", "first_name": "P"},
        "from": {"id": 77, "is_bot": False, "first_name": "P"},
        "text": "hello",
    },
}
JSON = {"Content-Type": "application/json"}


@pytest.fixture
async def client(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[tuple]:
    """The webhook app served on a unix socket (no network), and its update queue."""
    queue: asyncio.Queue = asyncio.Queue()
    app = build_application(
        Settings.model_validate({"telegram_token": "1234567:" + "x" * 35}), request=fake_bot_api
    )
    server = HTTPServer(webhook_app(app.bot, queue, SECRET, "telegram"))
    path = str(tmp_path / "hook.sock")
    server.add_socket(bind_unix_socket(path))
    transport = httpx.AsyncHTTPTransport(uds=path)
    async with httpx.AsyncClient(transport=transport, base_url="http://hook") as http:
        yield http, queue
    server.stop()
    await server.close_all_connections()


async def test_right_secret_puts_the_update_on_the_queue(client: tuple) -> None:
    """A POST of JSON with the right secret is accepted and its update queued."""
    http, queue = client
    response = await http.post("/telegram", content=json.dumps(UPDATE),
                               headers={**JSON, SECRET_HEADER: SECRET})  # fmt: skip
    ok, update_id = 200, UPDATE["update_id"]
    assert ok == response.status_code
    assert update_id == queue.get_nowait().update_id


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("POST", {**JSON, SECRET_HEADER: SECRET[:-1] + "X"}),
        ("POST", {**JSON, SECRET_HEADER: SECRET + "X"}),
        ("POST", {**JSON, SECRET_HEADER: ""}),
        ("POST", JSON),
        ("POST", {"Content-Type": "text/plain", SECRET_HEADER: SECRET}),
        ("GET", {SECRET_HEADER: SECRET}),
        ("PUT", {**JSON, SECRET_HEADER: SECRET}),
    ],
)
async def test_anything_else_gets_403_and_nothing_is_queued(
    client: tuple, method: str, headers: dict
) -> None:
    """Wrong, empty or missing secret, wrong type or method: 403, and no update is queued."""
    http, queue = client
    body = json.dumps(UPDATE) if method != "GET" else None
    response = await http.request(method, "/telegram", content=body, headers=headers)
    forbidden = 403
    assert forbidden == response.status_code
    assert queue.empty()


async def test_unreadable_body_with_right_secret_is_400(client: tuple) -> None:
    """Right secret but a body that is not JSON: 400, nothing queued."""
    http, queue = client
    response = await http.post("/telegram", content="{not json",
                               headers={**JSON, SECRET_HEADER: SECRET})  # fmt: skip
    bad_request = 400
    assert bad_request == response.status_code
    assert queue.empty()


def test_secret_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The header is compared with hmac.compare_digest, never with == or !=."""
    seen: list[tuple[bytes, bytes]] = []
    real_compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real_compare(a, b)

    monkeypatch.setattr(webhook.hmac, "compare_digest", spy)
    results = [secret_matches(SECRET, SECRET), secret_matches(SECRET, "nope"),
               secret_matches(SECRET, None)]  # fmt: skip
    expected_results = [True, False, False]
    assert expected_results == results
    expected_comparisons = [(SECRET.encode(), SECRET.encode()), (SECRET.encode(), b"nope")]
    assert expected_comparisons == seen


def test_webhook_mode_needs_a_proper_secret(telegram_settings: Settings) -> None:
    """No secret, or one Telegram would refuse, is a config error naming the variable."""
    for bad in (None, SecretStr("short"), SecretStr("has spaces in it, not allowed")):
        telegram_settings.webhook_secret = bad
        with pytest.raises(ConfigError, match="CHECKIN_WEBHOOK_SECRET"):
            webhook.webhook_secret(telegram_settings)


async def test_serve_webhook_registers_and_delivers_to_handlers(
    tmp_path: Path, telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """serve_webhook sets the profile and the webhook with its secret, then hands a posted
    update to the Application's handlers."""
    telegram_settings.telegram.mode = "webhook"
    telegram_settings.telegram.webhook.url = "https://hub.example.org"  # path added
    app = build_application(telegram_settings, request=fake_bot_api)
    received: list[int] = []
    stop = asyncio.Event()

    async def on_message(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        received.append(update.update_id)
        stop.set()

    app.add_handler(MessageHandler(filters.TEXT, on_message))
    path = str(tmp_path / "serve.sock")
    listening = bind_unix_socket(path)
    serving = asyncio.create_task(serve_webhook(app, telegram_settings, stop, listening))
    await _post_when_ready(path, app)
    await asyncio.wait_for(serving, timeout=5)
    delivered = [UPDATE["update_id"]]
    assert delivered == received
    expected = [{"url": "https://hub.example.org/telegram", "secret_token": SECRET,
                 "allowed_updates": ["message", "callback_query"]}]  # fmt: skip
    assert expected == fake_bot_api.calls("setWebhook")
    default_profile_set_once = 1  # plus once per other language, with its language_code
    defaults = [c for c in fake_bot_api.calls("setMyCommands") if "language_code" not in c]
    assert default_profile_set_once == len(defaults)


async def _post_when_ready(path: str, app: Application) -> None:
    transport = httpx.AsyncHTTPTransport(uds=path)
    async with httpx.AsyncClient(transport=transport, base_url="http://hook") as http:
        for _ in range(100):
            if app.running:
                break
            await asyncio.sleep(0.02)
        await http.post("/telegram", content=json.dumps(UPDATE),
                        headers={**JSON, SECRET_HEADER: SECRET})  # fmt: skip


@pytest.mark.parametrize(
    ("url", "path", "expected"),
    [
        ("https://hub.example.org", "telegram", "https://hub.example.org/telegram"),
        ("https://hub.example.org/", "/telegram/", "https://hub.example.org/telegram"),
        ("https://hub.example.org/telegram", "telegram", "https://hub.example.org/telegram"),
        ("https://hub.example.org/bots", "telegram", "https://hub.example.org/bots/telegram"),
    ],
)
def test_the_address_telegram_calls_ends_with_the_served_path(
    url: str, path: str, expected: str
) -> None:
    """Whether the config's url names the path or not (config.example.toml says to leave it
    out), Telegram is told an address ending in the path the server answers on."""
    assert expected == webhook.public_address(url, path)
