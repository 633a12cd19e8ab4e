"""``/case REF`` read by staff: every safety answer says what its level means (a bare "1"
does not say whether 1 is the safest or the least safe), and "don't know" reads as such."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    PERSON,
    PRACTITIONER,
    answer,
    case_with_person,
    record,
    say,
    texts_to,
)


@pytest.mark.parametrize(
    ("level", "meaning"),
    [
        ("1", "not safe at all"),
        ("2", "less than adequately safe"),
        ("3", "adequately safe, but not as safe as they would like"),
        ("4", "as safe as they want"),
    ],
)
async def test_a_safety_answer_says_what_its_level_means(
    app: Application, fake_bot_api: FakeBotApi, level: str, meaning: str
) -> None:
    """The level and its meaning, on the design's scale (higher is safer)."""
    case = await case_with_person(app)
    await record(app, PERSON, answer("safety", level))
    await say(app, PRACTITIONER, f"/case {case.local_ref}")
    shown = texts_to(fake_bot_api, PRACTITIONER)[-1].split("\n")
    assert f"- safety: {level} ({meaning})" in shown


async def test_dont_know_and_prefer_not_to_say_read_as_words(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Non-answers are shown as the person chose them, never as a level."""
    case = await case_with_person(app)
    await record(app, PERSON, answer("safety", "dont_know"))
    await record(app, PERSON, answer("safety", "prefer_not_to_say"))
    await say(app, PRACTITIONER, f"/case {case.local_ref}")
    shown = texts_to(fake_bot_api, PRACTITIONER)[-1].split("\n")
    expected = [f"- safety: {staff_text('case.dont_know')}", "- safety: prefer not to say"]
    assert expected == [line for line in shown if line.startswith("- safety")]
