"""Check recorded Bot API requests against the published API description (api.json).

For every request: the method exists; every parameter is one the method takes, with a value
of the documented primitive type; required parameters are present; message text is 1-4096
characters and captions at most 1024; inline keyboards are shaped as InlineKeyboardMarkup
says, each button with exactly one action and callback data of 1-64 bytes; and a few other
documented limits the bot relies on (callback answers, commands, descriptions, batch sizes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path("/work/shared/telegram-bot-api-spec/api.json")
_BUTTON_EXTRAS = frozenset({"text", "icon_custom_emoji_id", "style"})
_PRIMITIVES: dict[str, tuple[type, ...]] = {
    "Integer": (int,),
    "String": (str,),
    "Boolean": (bool,),
    "Float": (int, float),
    "True": (bool,),
}
# (method, parameter) -> (min, max) length in characters, from the parameter descriptions.
_TEXT_LIMITS: dict[tuple[str, str], tuple[int, int]] = {
    ("sendMessage", "text"): (1, 4096),
    ("editMessageText", "text"): (1, 4096),
    ("answerCallbackQuery", "text"): (0, 200),
    ("setMyDescription", "description"): (0, 512),
    ("setMyShortDescription", "short_description"): (0, 120),
}
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


@lru_cache(maxsize=1)
def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The parsed api.json (read once)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _type_matches(value: Any, types: list[str]) -> bool:
    """Whether a value has one of the documented types (objects are only checked loosely)."""
    for name in types:
        if name.startswith("Array of"):
            if isinstance(value, list):
                return True
            continue
        allowed = _PRIMITIVES.get(name)
        if allowed is None:
            return True  # an object type (or InputFile): checked elsewhere, if at all
        # bool is a subclass of int in Python, but True is not an Integer to Telegram
        if isinstance(value, bool) != (bool in allowed):
            continue
        if isinstance(value, allowed):
            return True
    return False


def _check_button(button: Any, where: str, spec: dict[str, Any]) -> list[str]:
    if not isinstance(button, dict):
        return [f"{where}: a button must be an object"]
    known = {f["name"] for f in spec["types"]["InlineKeyboardButton"]["fields"]}
    problems = [f"{where}: unknown button field {k!r}" for k in button if k not in known]
    if not button.get("text"):
        problems.append(f"{where}: a button needs non-empty text")
    actions = [k for k in button if k not in _BUTTON_EXTRAS]
    if len(actions) != 1:
        problems.append(f"{where}: a button needs exactly one action, has {actions}")
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode("utf-8"))
        if not 1 <= size <= 64:
            problems.append(f"{where}: callback_data is {size} bytes (1-64 allowed)")
    return problems


def _check_reply_markup(markup: Any, where: str, spec: dict[str, Any]) -> list[str]:
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return []  # other keyboard kinds: not used by this bot
    rows = markup["inline_keyboard"]
    if set(markup) != {"inline_keyboard"}:
        return [f"{where}: InlineKeyboardMarkup has unknown fields {sorted(markup)}"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return [f"{where}: inline_keyboard must be an array of arrays of buttons"]
    return [
        problem
        for r, row in enumerate(rows)
        for c, button in enumerate(row)
        for problem in _check_button(button, f"{where} button[{r}][{c}]", spec)
    ]


def _check_limits(method: str, params: dict[str, Any], where: str) -> list[str]:
    problems = []
    for (limited_method, name), (low, high) in _TEXT_LIMITS.items():
        size = len(str(params[name])) if method == limited_method and name in params else None
        if size is not None and not low <= size <= high:
            problems.append(f"{where}: {name} has {size} characters")
    if "caption" in params and len(str(params["caption"])) > 1024:
        problems.append(f"{where}: caption over 1024 characters")
    if method == "deleteMessages" and not 1 <= len(params.get("message_ids", [])) <= 100:
        problems.append(f"{where}: deleteMessages takes 1-100 message ids")
    if method == "setMyCommands":
        for command in params.get("commands", []):
            if not _COMMAND.match(command.get("command", "")):
                problems.append(f"{where}: bad command name {command.get('command')!r}")
            if not 1 <= len(command.get("description", "")) <= 256:
                problems.append(f"{where}: command description must be 1-256 characters")
    return problems


def request_problems(method: str, params: dict[str, Any], index: int = 0) -> list[str]:
    """Everything wrong with one request, as readable lines (empty when it conforms)."""
    spec = load_spec()
    where = f"request {index} {method}"
    if method not in spec["methods"]:
        return [f"{where}: no such Bot API method"]
    fields = {f["name"]: f for f in spec["methods"][method].get("fields", [])}
    problems = [f"{where}: unknown parameter {name!r}" for name in params if name not in fields]
    problems += [
        f"{where}: missing required parameter {name!r}"
        for name, f in fields.items()
        if f["required"] and name not in params
    ]
    problems += [
        f"{where}: {name!r} should be {' or '.join(fields[name]['types'])}"
        for name, value in params.items()
        if name in fields and not _type_matches(value, fields[name]["types"])
    ]
    if "reply_markup" in params:
        problems += _check_reply_markup(params["reply_markup"], where, spec)
    return problems + _check_limits(method, params, where)


def spec_problems(requests: Iterable[Any]) -> list[str]:
    """Problems across recorded requests (objects with ``method`` and ``params``)."""
    return [
        problem
        for index, request in enumerate(requests)
        for problem in request_problems(request.method, request.params, index)
    ]
