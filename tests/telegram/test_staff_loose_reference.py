"""Staff commands find a case whatever the capitals of its reference and organisation:
'/case asc-1 police' from the hub reads Police's ASC-1 (it said there was no such case),
and a practitioner of another organisation is still refused it however it is written."""

from __future__ import annotations

from telegram.ext import Application

from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    HUB_USER,
    OTHER_PRACTITIONER,
    case_with_person,
    say,
    texts_to,
)


async def test_the_hub_finds_a_case_typed_in_small_letters(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The reply is the case itself (its reference as stored), not 'no case'."""
    await case_with_person(app, ref="ASC-1")
    await say(app, HUB_USER, "/case asc-1 police")
    reply = texts_to(fake_bot_api, HUB_USER)[-1]
    assert "ASC-1" in reply.split("\n")[0]
    assert staff_text("refused.no_such_case", ref="asc-1") != reply


async def test_another_organisation_is_still_refused(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Housing's practitioner asking for 'asc-1 police' gets the same refusal as for a
    case that does not exist."""
    await case_with_person(app, ref="ASC-1")
    await say(app, OTHER_PRACTITIONER, "/case asc-1 police")
    await say(app, OTHER_PRACTITIONER, "/case zzz-9")
    loose, missing = texts_to(fake_bot_api, OTHER_PRACTITIONER)[-2:]
    assert missing.replace("zzz-9", "asc-1") == loose
