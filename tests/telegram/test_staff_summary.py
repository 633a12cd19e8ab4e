"""``/summary``: the same figures as analytics' reports; exact for the hub, protected for
everyone else (0-4 as [c], others rounded to 5); a practitioner only gets their own
organisation; each run is one audited aggregate read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.staff_words import staff_text
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    BOARD_USER,
    HUB_USER,
    PERSON,
    PRACTITIONER,
    add_staff,
    answer,
    case_with_person,
    record,
    say,
    settings_for,
    started,
    stopped,
    svc,
    texts_to,
)


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    await add_staff(application)
    for number in range(2):  # two Police cases, each 2 at the start and 4 at the end
        chat = PERSON + number
        await case_with_person(application, f"POL-{number}", "Police", chat)
        await record(application, chat, answer("safety", "2"),
                     answer("safety", "4", timepoint="end"))  # fmt: skip
    await svc(application).store.create_case("Housing", "East", "HOU-1")
    yield application
    await stopped(application)


def flow_line(cases: object) -> str:
    return staff_text("summary.flow", cases=cases, started=0, closed=0, ended=0).split(".")[0]


async def test_board_sees_small_numbers_suppressed(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Three cases and two safer people are all under 5: the board sees [c] only, with the
    rule explained, and no percentage that could reveal them."""
    await say(app, BOARD_USER, "/summary")
    text = texts_to(fake_bot_api, BOARD_USER)[0]
    assert staff_text("summary.protected") in text
    assert flow_line("[c]") in text
    assert "safer [c], same [c], less safe [c]" in text
    assert "%" not in text


async def test_hub_sees_exact_figures(app: Application, fake_bot_api: FakeBotApi) -> None:
    """The hub gets exact counts and percentages for the whole partnership."""
    await say(app, HUB_USER, "/summary")
    text = texts_to(fake_bot_api, HUB_USER)[0]
    assert staff_text("summary.protected") not in text
    assert flow_line(3) in text
    assert "(2 people answered both): safer 2 (100%), same 0 (0%)" in text


async def test_practitioner_gets_their_own_organisation_protected(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A Police practitioner's summary covers Police only (even if they name another
    organisation) and is protected; the run is audited once."""
    await say(app, PRACTITIONER, "/summary Housing")
    text = texts_to(fake_bot_api, PRACTITIONER)[0]
    assert text.startswith(staff_text("summary.heading", scope="Police"))
    assert flow_line("[c]") in text
    entries = await svc(app).store.audit.entries(action="summary_read")
    assert [{"audience": "board", "organisation": "Police"}] == [e.detail for e in entries]


async def test_a_named_organisation_is_found_whatever_its_capitals(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Hub staff asking for "/summary police" get Police's two cases (it showed 0 cases,
    as if Police had none)."""
    await say(app, HUB_USER, "/summary police")
    shown = texts_to(fake_bot_api, HUB_USER)[-1]
    assert staff_text("summary.heading", scope="Police") == shown.split("\n")[0]
    assert flow_line(2) in shown


async def test_an_organisation_that_does_not_exist_is_said_so(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A typo is told there is no such organisation, with the names there are, instead of
    figures of 0; nothing is read, so nothing is audited as read."""
    before = len(await svc(app).store.audit.entries(action="summary_read"))
    await say(app, BOARD_USER, "/summary Polise")
    expected = staff_text("summary.no_such_organisation", organisation="Polise",
                          names="Housing, Police")  # fmt: skip
    assert [expected] == texts_to(fake_bot_api, BOARD_USER)
    assert before == len(await svc(app).store.audit.entries(action="summary_read"))
