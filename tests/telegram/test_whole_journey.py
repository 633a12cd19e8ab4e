"""Whole journeys through Telegram updates, in every variant and in representative wording.

Staff open a case, the person taps the invite, answers the start survey, staff send a
check-in and later close the case with the staff-side fields; the person answers the
check-in and the end survey. Buttons are tapped by their labels on the keyboards the fake
Bot API recorded. Then: the answers in the store (measure, value, variant, language,
timepoint, who answered), every tap answered, and no alarming word on the first line of any
message the bot sent.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import AIORateLimiter, Application

from bot.commands import run
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_checks import (
    assert_calm_first_lines,
    assert_closed_with_the_staff_fields,
    assert_every_choice_confirmed,
    assert_every_question_can_hide,
    assert_every_tap_answered,
    assert_outcomes_after_check_in,
    assert_voice_note_kept,
    stored_rows,
)  # fmt: skip
from tests.telegram.journey_driver import CONTENT, collect_errors
from tests.telegram.journey_script import EXPECTED, PERSON_CHAT, VOICE_EXPECTED, whole_journey
from tests.telegram.staff_setup import add_staff, settings_for, stopped, svc

VARIANTS = ["standard", "easy_read", "yes_no", "screen_reader"]


@pytest.fixture
async def app(
    tmp_path: Path, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Application]:
    """The bot exactly as ``checkin run`` wires it (every handler, the error handler, all
    shipped languages), except the rate limiter (tested elsewhere), started, not polling.
    Any exception a handler raises fails the test at teardown."""
    unlimited = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
    wired = functools.partial(run.build_application, rate_limiter=unlimited)
    monkeypatch.setattr(run, "build_application", wired)
    application = run.make_bot(settings_for(tmp_path, generate_key()), fake_bot_api)
    errors = collect_errors(application)
    await application.initialize()
    await application.post_init(application)
    await add_staff(application)
    yield application
    await stopped(application)
    assert [] == errors


@pytest.mark.parametrize("variant", VARIANTS)
async def test_whole_journey_in_every_variant(
    app: Application, fake_bot_api: FakeBotApi, variant: str
) -> None:
    """Start, check-in and end surveys in one variant: every answer stored with its variant,
    language, timepoint and who answered; every tap answered; calm first lines. In easy read
    "how will we know" is a voice note; in the screen reader variant every choice is read
    back in a message."""
    voice = variant == "easy_read"
    case, person, staff = await whole_journey(app, fake_bot_api, variant, voice=voice)
    stored = await svc(app).store.answers.for_case(case.id)
    assert (VOICE_EXPECTED if voice else EXPECTED) == stored_rows(stored)
    contexts = {(a.variant, a.language, a.answered_by, a.channel) for a in stored}
    assert {(variant, "en", "self", "telegram")} == contexts
    assert_every_tap_answered(fake_bot_api, person, staff)
    assert_calm_first_lines(fake_bot_api, PERSON_CHAT)
    await assert_outcomes_after_check_in(app, case, person)
    await assert_closed_with_the_staff_fields(app, case)
    assert_every_question_can_hide(fake_bot_api, PERSON_CHAT)
    to_person = [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == PERSON_CHAT]
    assert {True} == {c.get("protect_content") for c in to_person}  # no forwarding or saving
    if voice:
        await assert_voice_note_kept(app, fake_bot_api, stored)
    if variant == "screen_reader":
        assert_every_choice_confirmed(fake_bot_api, person)


@pytest.mark.parametrize(("variant", "typing"), [("screen_reader", "numbers"),
                                                 ("standard", "words")])  # fmt: skip
async def test_whole_journey_by_typing_only(
    app: Application, fake_bot_api: FakeBotApi, variant: str, typing: str
) -> None:
    """Typed answers work everywhere: the whole journey with no button tapped by the person,
    typing each option's number (screen reader) or its words; the same answers are stored
    and, for screen readers, every typed choice is read back like a tap."""
    case, person, staff = await whole_journey(app, fake_bot_api, variant, typing=typing)  # type: ignore[arg-type]
    assert [] == person.taps
    assert EXPECTED == stored_rows(await svc(app).store.answers.for_case(case.id))
    assert_calm_first_lines(fake_bot_api, PERSON_CHAT)
    if variant == "screen_reader":
        assert_every_choice_confirmed(fake_bot_api, person)


async def test_whole_journey_answered_by_a_representative(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Hub staff open the case with /newcase and a representative link; with it, questions
    come in representative wording and answers are stored as answered by a representative
    (participant kind representative)."""
    case, person, staff = await whole_journey(app, fake_bot_api, "standard", representative=True)
    stored = await svc(app).store.answers.for_case(case.id)
    assert EXPECTED == stored_rows(stored)
    kinds = {(a.variant, a.answered_by, a.participant_kind) for a in stored}
    assert {("standard", "representative", "representative")} == kinds
    texts = [c["text"] for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == PERSON_CHAT]
    assert CONTENT.questions["safety"].text.representative in texts
    assert CONTENT.questions["safety"].text.standard not in texts
    assert_every_tap_answered(fake_bot_api, person, staff)
    assert_calm_first_lines(fake_bot_api, PERSON_CHAT)
    await assert_outcomes_after_check_in(app, case, person)
    await assert_closed_with_the_staff_fields(app, case)
    assert_every_question_can_hide(fake_bot_api, PERSON_CHAT)
    to_person = [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == PERSON_CHAT]
    assert {True} == {c.get("protect_content") for c in to_person}  # no forwarding or saving
