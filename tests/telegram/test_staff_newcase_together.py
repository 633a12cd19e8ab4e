"""Two staff opening cases at once, or a reference the organisation already has: said at
the reference step when it is already taken; when a colleague takes it between that step
and the last one, the second asks only for another reference and keeps what was chosen."""

from __future__ import annotations

from telegram.ext import Application

from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import HUB_USER, PRACTITIONER, say, svc, tap_label, texts_to


async def test_a_reference_already_taken_is_refused_at_once(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Police already has ASC-1: typing it gets the reason straight away (it used to be
    found only after the concern types and who else answers), then another is taken."""
    await svc(app).store.create_case("Police", "North", "ASC-1")
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "North")
    await say(app, PRACTITIONER, "ASC-1")
    refusal = staff_text("newcase.ref_taken", organisation="Police", ref="ASC-1")
    assert refusal == texts_to(fake_bot_api, PRACTITIONER)[-1]
    await say(app, PRACTITIONER, "ASC-2")
    assert staff_text("newcase.ask_concerns") == texts_to(fake_bot_api, PRACTITIONER)[-1]


async def test_a_reference_taken_by_a_colleague_meanwhile_keeps_the_other_answers(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Hub and practitioner both type ASC-1 for Police and reach the last step; the hub
    opens it first. The practitioner is told it was taken and asked for another
    reference; once typed, their case opens with the concern type and representative
    they had chosen, without asking again. Two cases, one each."""
    await say(app, HUB_USER, "/newcase")
    await tap_label(app, fake_bot_api, HUB_USER, "Police")
    await say(app, PRACTITIONER, "/newcase")
    for who in (HUB_USER, PRACTITIONER):
        await say(app, who, "North")
        await say(app, who, "ASC-1")
    await tap_label(app, fake_bot_api, PRACTITIONER, "financial")
    for who in (HUB_USER, PRACTITIONER):
        await tap_label(app, fake_bot_api, who, staff_text("buttons.done"))
    await tap_label(app, fake_bot_api, HUB_USER, staff_text("buttons.no"))
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.rep_family"))
    assert staff_text("newcase.ask_reference") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    await say(app, PRACTITIONER, "ASC-2")
    case = await svc(app).store.cases.get("ASC-2", "Police")
    assert ("North", ("financial",)) == (case.team, case.concern_types)
    links = [t for t in texts_to(fake_bot_api, PRACTITIONER) if "?start=" in t]
    assert 2 == len(links)  # the person's and the family member's
    assert ["ASC-1", "ASC-2"] == sorted(c.local_ref for c in await svc(app).store.cases.list())
