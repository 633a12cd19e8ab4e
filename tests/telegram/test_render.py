"""Rendering engine replies as Telegram messages: layout per variant, signed buttons."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.payloads import ButtonPayload, PayloadSigner
from bot.render import (
    MAX_TEXT,
    choice_confirmation,
    option_for_typed_number,
    render_reply,
    split_text,
)
from dialogs.types import Option, Reply

SIGNER = PayloadSigner.from_data_key("render test key")
CHAT = 5550001
SAFETY = Reply(
    text="How safe do you feel?",
    kind="question",
    options=(
        Option("4", "As safe as I want"),
        Option("3", "Fairly safe"),
        Option("2", "Not very safe"),
        Option("1", "Not safe at all"),
        Option("dont_know", "Don't know"),
    ),
    controls=(Option("pause", "Pause"), Option("hide", "Hide this chat")),
    question_id="safety",
    seq=3,
)


def _labels(message: dict) -> list[list[str]]:
    return [
        [b["text"] for b in row] for row in message["api_kwargs"]["reply_markup"]["inline_keyboard"]
    ]


@pytest.mark.parametrize("variant", ["easy_read", "screen_reader"])
def test_accessible_variants_get_one_button_per_row(variant: str) -> None:
    """Easy read and screen reader: every button in its own row, controls last."""
    [message] = render_reply(SAFETY, chat_id=CHAT, variant=variant, signer=SIGNER)
    rows = _labels(message)
    one_each, controls_last = [1] * 7, [["Pause"], ["Hide this chat"]]
    assert one_each == [len(row) for row in rows]
    assert controls_last == rows[-2:]


def test_standard_pairs_short_buttons_and_keeps_controls_last() -> None:
    """Standard: up to two short buttons per row; options never share a row with controls."""
    [message] = render_reply(SAFETY, chat_id=CHAT, variant="standard", signer=SIGNER)
    expected = [
        ["As safe as I want", "Fairly safe"],
        ["Not very safe", "Not safe at all"],
        ["Don't know"],
        ["Pause", "Hide this chat"],
    ]
    assert expected == _labels(message)


def test_long_labels_get_their_own_row() -> None:
    """A label over 20 characters is never squeezed beside another."""
    reply = Reply("Pick one", options=(Option("a", "A" * 25), Option("b", "B"), Option("c", "C")))
    [message] = render_reply(reply, chat_id=CHAT, variant="yes_no", signer=SIGNER)
    expected = [["A" * 25], ["B", "C"]]
    assert expected == _labels(message)


def test_screen_reader_options_are_numbered_but_controls_are_not() -> None:
    """Screen reader labels read "1. ...", so typing 1 answers; controls keep their words."""
    [message] = render_reply(SAFETY, chat_id=CHAT, variant="screen_reader", signer=SIGNER)
    labels = [row[0] for row in _labels(message)]
    expected = ["1. As safe as I want", "5. Don't know", "Hide this chat"]
    assert expected == [labels[0], labels[4], labels[-1]]


def test_buttons_carry_signed_chat_bound_payloads() -> None:
    """Each button's data decodes, for this chat and step, to the question and option key."""
    [message] = render_reply(SAFETY, chat_id=CHAT, variant="standard", signer=SIGNER)
    markup = message["api_kwargs"]["reply_markup"]
    data = [b["callback_data"] for row in markup["inline_keyboard"] for b in row]
    decoded = [SIGNER.decode(d, CHAT, current_seq=3) for d in data]
    keys = ["4", "3", "2", "1", "dont_know", "pause", "hide"]
    assert [ButtonPayload(CHAT, 3, "safety", k) for k in keys] == decoded


def test_plain_message_has_no_keyboard_and_is_protected() -> None:
    """A reply without options or controls is text only, sent with protect_content."""
    reply = Reply("Thank you. That is saved.")
    expected = [{"chat_id": CHAT, "text": "Thank you. That is saved.", "protect_content": True}]
    assert expected == render_reply(reply, chat_id=CHAT, variant="standard", signer=SIGNER)


def test_very_long_text_is_split_with_keyboard_on_the_last_part() -> None:
    """Text over 4096 characters goes out in parts; the buttons sit under the last part."""
    long_reply = Reply(("word " * 1500).strip(), options=(Option("yes", "Yes"),), question_id="q")
    messages = render_reply(long_reply, chat_id=CHAT, variant="standard", signer=SIGNER)
    keyboard_on_last_only = [False, True]
    assert keyboard_on_last_only == ["api_kwargs" in m for m in messages]
    assert all(len(m["text"]) <= MAX_TEXT for m in messages)


@given(st.text(min_size=1, max_size=12000))
def test_split_text_keeps_every_part_within_the_limit(text: str) -> None:
    """No part is empty or over the limit, and no non-space character is lost."""
    parts = split_text(text)
    assert all(0 < len(part) <= MAX_TEXT for part in parts)
    assert "".join(text.split()) == "".join("".join(parts).split())


def test_typed_numbers_pick_options() -> None:
    """ "2", " 2. " and "2)" pick the second option; 0, 9 and words pick nothing."""
    second, nothing = SAFETY.options[1], [None, None, None]
    assert second == option_for_typed_number(SAFETY, " 2. ")
    assert second == option_for_typed_number(SAFETY, "2)")
    assert nothing == [option_for_typed_number(SAFETY, t) for t in ("0", "9", "two")]


def test_choice_confirmation_only_for_screen_readers() -> None:
    """Screen reader users get a normal message naming their choice (without its number);
    others get none."""
    expected = {"chat_id": CHAT, "text": "You chose: Fairly safe", "protect_content": True}
    kwargs = {"chat_id": CHAT, "label": "2. Fairly safe", "template": "You chose: {label}"}
    assert expected == choice_confirmation(variant="screen_reader", **kwargs)
    assert None is choice_confirmation(variant="easy_read", **kwargs)
