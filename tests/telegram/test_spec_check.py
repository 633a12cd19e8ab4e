"""The Bot API spec checker: it passes good requests and catches each kind of bad one."""

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.spec_check import request_problems, spec_problems

GOOD_MESSAGE = {
    "chat_id": 5,
    "text": "Hello",
    "protect_content": True,
    "reply_markup": {"inline_keyboard": [[{"text": "Yes", "callback_data": "abc"}]]},
}


def _button(**fields: object) -> dict:
    return {"chat_id": 5, "text": "Hi", "reply_markup": {"inline_keyboard": [[fields]]}}


def test_good_request_has_no_problems() -> None:
    """A well-formed sendMessage with an inline keyboard conforms."""
    no_problems: list[str] = []
    assert no_problems == request_problems("sendMessage", GOOD_MESSAGE)


@pytest.mark.parametrize(
    ("method", "params", "expected"),
    [
        ("sendMesage", {"chat_id": 5, "text": "x"}, "no such Bot API method"),
        ("sendMessage", {"chat_id": 5, "text": "x", "colour": "red"}, "unknown parameter 'colour'"),
        ("sendMessage", {"chat_id": 5}, "missing required parameter 'text'"),
        ("sendMessage", {"chat_id": 5, "text": ""}, "text has 0 characters"),
        ("sendMessage", {"chat_id": 5, "text": "x" * 4097}, "text has 4097 characters"),
        ("sendMessage", {"chat_id": 5, "text": "x", "protect_content": 1}, "should be Boolean"),
        ("sendMessage", {"chat_id": True, "text": "x"}, "should be Integer or String"),
        ("sendPhoto", {"chat_id": 5, "photo": "id", "caption": "c" * 1025}, "caption over 1024"),
        ("sendMessage", _button(text="Go", callback_data="x" * 65), "callback_data is 65 bytes"),
        ("sendMessage", _button(text="Go", callback_data="é" * 33), "callback_data is 66 bytes"),
        ("sendMessage", _button(text="Go"), "exactly one action"),
        ("sendMessage", _button(text="Go", url="https://x", callback_data="a"), "exactly one"),
        ("sendMessage", _button(callback_data="a"), "needs non-empty text"),
        ("sendMessage", _button(text="Go", callback_data="a", size=2), "unknown button field"),
        ("deleteMessages", {"chat_id": 5, "message_ids": list(range(101))}, "1-100 message"),
        ("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201}, "201 characters"),
        ("setMyCommands", {"commands": [{"command": "Hide", "description": "x"}]}, "bad command"),
    ],
)
def test_each_kind_of_bad_request_is_caught(method: str, params: dict, expected: str) -> None:
    """Each broken rule is reported with a line that names it."""
    problems = request_problems(method, params)
    assert any(expected in problem for problem in problems), problems


async def test_requests_recorded_through_ptb_are_checked() -> None:
    """A real PTB call recorded by the fake is checked; an over-long button is reported."""
    fake = FakeBotApi()
    async with Bot("123456:TEST-token-for-spec-check", request=fake) as bot:
        await bot.send_message(5, "Fine", reply_markup=InlineKeyboardMarkup([[
            InlineKeyboardButton("Fine", callback_data="ok")]]))  # fmt: skip
        await bot.send_message(5, "Too long", reply_markup=InlineKeyboardMarkup([[
            InlineKeyboardButton("Bad", callback_data="y" * 70)]]))  # fmt: skip
    problems = spec_problems(fake.requests)
    expected = ["request 2 sendMessage button[0][0]: callback_data is 70 bytes (1-64 allowed)"]
    assert expected == problems
    calls = ["getMe", "sendMessage", "sendMessage"]
    assert calls == fake.methods()
