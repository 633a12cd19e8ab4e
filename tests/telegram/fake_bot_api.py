"""A recording fake of the Telegram Bot API, plugged into PTB as its ``BaseRequest``.

Like python-telegram-bot's own ``OfflineRequest``: nothing touches the network. Every call is
recorded as ``(method, parameters)`` and answered with canned JSON shaped like Telegram's
(sent messages get increasing ids and echo their chat and text). ``fail(...)`` makes the next
call(s) of a method answer 429 with ``retry_after``, 400, 403, or time out, so error paths can
be driven. File downloads (``File.download_*``) are served from ``files``.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Literal

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT_USERNAME = "MspCheckinBot"
FILE_PREFIX = "/file/bot"
FailureKind = Literal["429", "400", "403", "timeout"]


@dataclass(frozen=True)
class RecordedRequest:
    """One Bot API call as the bot made it: the method name and its decoded parameters."""

    method: str
    params: dict[str, Any]


@dataclass
class _Failure:
    kind: FailureKind
    retry_after: int = 1
    description: str = "Bad Request: simulated failure"
    chat_id: int | None = None  # only calls to this chat fail (None: any call)


@dataclass
class FakeBotApi(BaseRequest):
    """Records Bot API calls and answers them offline."""

    requests: list[RecordedRequest] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)  # messages sent, as returned
    _failures: dict[str, deque[_Failure]] = field(default_factory=lambda: defaultdict(deque))
    _next_message_id: int = 100

    def __post_init__(self) -> None:
        super().__init__()

    # -- test hooks ---------------------------------------------------------------------

    def fail(
        self,
        method: str,
        kind: FailureKind,
        *,
        times: int = 1,
        retry_after: int = 1,
        description: str = "Bad Request: simulated failure",
        chat_id: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail as ``kind`` (with ``chat_id``,
        only calls to that chat: calls to others go through and do not use a failure)."""
        for _ in range(times):
            self._failures[method].append(_Failure(kind, retry_after, description, chat_id))

    def calls(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every recorded call of ``method``, in order."""
        return [r.params for r in self.requests if r.method == method]

    def methods(self) -> list[str]:
        """The methods called, in order."""
        return [r.method for r in self.requests]

    # -- BaseRequest ---------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if FILE_PREFIX in url:
            path = url.split(FILE_PREFIX, 1)[1].split("/", 1)[1]
            self.downloads.append(path)
            return 200, self.files.get(path, b"OggS fake voice note")
        endpoint = url.rsplit("/", 1)[-1]
        params = _decoded_parameters(request_data)
        self.requests.append(RecordedRequest(endpoint, params))
        waiting = self._failures[endpoint]
        if waiting and waiting[0].chat_id in (None, params.get("chat_id")):
            return self._failure_response(waiting.popleft())
        body = {"ok": True, "result": self._result(endpoint, params)}
        return 200, json.dumps(body).encode()

    # -- canned answers ------------------------------------------------------------------

    @staticmethod
    def _failure_response(failure: _Failure) -> tuple[int, bytes]:
        if failure.kind == "timeout":
            raise TimedOut("simulated timeout")
        status = int(failure.kind)
        body: dict[str, Any] = {"ok": False, "error_code": status}
        if status == 429:
            body["description"] = f"Too Many Requests: retry after {failure.retry_after}"
            body["parameters"] = {"retry_after": failure.retry_after}
        elif status == 403:
            body["description"] = "Forbidden: bot was blocked by the user"
        else:
            body["description"] = failure.description
        return status, json.dumps(body).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return bot_user()
        if endpoint == "getUpdates":
            return []
        if endpoint == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": 20,
                "file_path": f"voice/{file_id}.oga",
            }
        if endpoint in ("sendMessage", "sendPhoto"):
            self._next_message_id += 1
            message = self._message(self._next_message_id, params, endpoint)
            self.sent.append(message)
            return message
        if endpoint in ("editMessageText", "editMessageReplyMarkup"):
            if "inline_message_id" in params:
                return True
            return self._message(int(params["message_id"]), params, endpoint)
        return True  # answerCallbackQuery, deleteMessage(s), setMy*, setWebhook, ...

    @staticmethod
    def _message(message_id: int, params: dict[str, Any], endpoint: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat(int(params["chat_id"])),
            "from": bot_user(),
        }
        if "text" in params:
            message["text"] = params["text"]
        if endpoint == "sendPhoto":
            message["photo"] = [
                {"file_id": f"photo{message_id}", "file_unique_id": f"p{message_id}", "width": 4,
                 "height": 4}
            ]  # fmt: skip
            if "caption" in params:
                message["caption"] = params["caption"]
        if "reply_markup" in params and "inline_keyboard" in params["reply_markup"]:
            message["reply_markup"] = params["reply_markup"]
        return message


def bot_user() -> dict[str, Any]:
    """The bot's own User object, as getMe returns it."""
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": "Check-in",
        "username": BOT_USERNAME,
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def chat(chat_id: int) -> dict[str, Any]:
    """A Chat object: private for positive ids, a group for negative ones."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Person"}
    return {"id": chat_id, "type": "group", "title": "Hub alerts"}


def _decoded_parameters(request_data: RequestData | None) -> dict[str, Any]:
    """Parameters as plain values, with uploaded files named by their field."""
    if request_data is None:
        return {}
    params: dict[str, Any] = dict(request_data.parameters)
    if request_data.contains_files:
        for name in request_data.multipart_data:
            params.setdefault(name, "<uploaded file>")
    return params
