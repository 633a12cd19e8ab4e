"""A fake Telegram Bot API served over HTTP on 127.0.0.1, for running the bot as a real
process (``checkin run`` with ``CHECKIN_TELEGRAM_BASE_URL`` pointed here).

It behaves like Telegram where it matters for faults: ``getUpdates`` returns the updates
not yet confirmed (an ``offset`` confirms everything below it, so a bot killed after
fetching but before confirming gets them again), long-polls briefly, and every message the
bot sends is recorded with a new message id. ``on_send`` may ask for the bot to be killed
as a message arrives: the message is then dropped, as if the bot died after committing an
answer and before its reply left. Loopback only; the server stops with ``close()``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

LONG_POLL_SECONDS = 0.25
_JSON_FIELDS = ("reply_markup", "allowed_updates", "commands", "message_ids")
_INT_FIELDS = ("chat_id", "message_id", "offset", "timeout", "limit")


def private_chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Person"}


class FakeTelegram:
    """The state behind the server: pending updates, messages sent, and a kill switch."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.pending: list[dict[str, Any]] = []
        self.confirmed_below = 0
        self.sent: list[dict[str, Any]] = []
        self.polls = 0
        self.methods: list[str] = []  # every call's method, in order
        self.on_send: Callable[[dict[str, Any]], bool] | None = None  # True: kill, drop it
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)

    # -- what people do ---------------------------------------------------------------

    def push(self, kind: str, body: dict[str, Any]) -> int:
        """Queue an update (``message`` or ``callback_query``) for the bot; its id."""
        with self.lock:
            update_id = next(self._update_ids)
            self.pending.append({"update_id": update_id, kind: body})
            self.lock.notify_all()
            return update_id

    def text(self, chat_id: int, text: str) -> int:
        body: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                                "chat": private_chat(chat_id), "from": _user(chat_id),
                                "text": text}  # fmt: skip
        if text.startswith("/"):
            body["entities"] = [{"type": "bot_command", "offset": 0,
                                 "length": len(text.split()[0])}]  # fmt: skip
        return self.push("message", body)

    def tap(self, chat_id: int, sent: dict[str, Any], label: str) -> int:
        buttons = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row]
        data = next(b["callback_data"] for b in buttons if b["text"] == label)
        query = {"id": f"q{next(self._message_ids)}", "from": _user(chat_id),
                 "chat_instance": "ci", "data": data, "message": sent}  # fmt: skip
        return self.push("callback_query", query)

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self.lock:
            return [m for m in self.sent if m["chat"]["id"] == chat_id]

    # -- what the bot does --------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """The result for one Bot API call; None means: drop the connection."""
        self.methods.append(method)
        if method == "getUpdates":
            return self._get_updates(params)
        if method == "getMe":
            return {"id": 7000000002, "is_bot": True, "first_name": "Check-in",
                    "username": "MspCheckinBot"}  # fmt: skip
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            return self._message(method, params)
        return True

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(LONG_POLL_SECONDS, float(params.get("timeout", 0)))
        with self.lock:
            self.polls += 1
            self.confirmed_below = max(self.confirmed_below, int(params.get("offset", 0)))
            self.pending = [u for u in self.pending if u["update_id"] >= self.confirmed_below]
            while not self.pending and time.monotonic() < deadline:
                self.lock.wait(deadline - time.monotonic())
            return list(self.pending[:100])

    def _message(self, method: str, params: dict[str, Any]) -> dict[str, Any] | None:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {"date": int(time.time()), "chat": private_chat(chat_id),
                                   "text": params.get("text", "")}  # fmt: skip
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if method != "sendMessage":
            return {**message, "message_id": int(params["message_id"])}
        if self.on_send is not None and self.on_send(message):
            return None
        with self.lock:
            message["message_id"] = next(self._message_ids)
            self.sent.append(message)
            return message


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Person"}


def _parameters(content_type: str, body: bytes) -> dict[str, Any]:
    if body and content_type.startswith("application/json"):
        return json.loads(body)
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    for name in _JSON_FIELDS:
        if name in params:
            params[name] = json.loads(params[name])
    for name in _INT_FIELDS:
        if name in params:
            params[name] = int(params[name])
    return params


class _Handler(BaseHTTPRequestHandler):
    telegram: FakeTelegram

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        method = self.path.rsplit("/", 1)[-1]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        result = self.telegram.call(method, _parameters(self.headers.get("Content-Type", ""), body))
        if result is None:
            self.close_connection = True
            return
        payload = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the bot was killed while we answered
            self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: requests are recorded in FakeTelegram instead."""


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A killed bot drops its connections mid-request: expected here, not an error."""


class FakeTelegramServer:
    """``FakeTelegram`` served on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self) -> None:
        self.telegram = FakeTelegram()
        handler = type("Handler", (_Handler,), {"telegram": self.telegram})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
