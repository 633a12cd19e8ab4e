"""``/newcase`` choices that shape the partnership's figures: a typed organisation or team
is the existing one whatever its capitals, a new organisation is added only on a tap, and
who answers on the person's behalf is asked by kind, so only an advocate counts as SAC
"advocate involved"."""

from __future__ import annotations

from pathlib import Path

from telegram.ext import Application

from bot.staff_words import staff_text
from storage import generate_key
from storage.staff_queries import organisation_names, team_names
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    HUB_USER,
    PRACTITIONER,
    say,
    settings_for,
    started,
    stopped,
    svc,
    tap_label,
    texts_to,
)
from tests.telegram.test_staff_newcase import token_in

REPRESENTATIVE = 64100077


async def finish_newcase(app: Application, fake: FakeBotApi, who: int, ref: str,
                         representative: str = "buttons.no") -> None:  # fmt: skip
    await say(app, who, ref)
    await tap_label(app, fake, who, staff_text("buttons.done"))
    await tap_label(app, fake, who, staff_text(representative))


async def test_a_typed_organisation_or_team_is_the_existing_one_whatever_its_capitals(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Hub staff type "police" and "north" where Police and its team North exist: the case
    is Police's, team North; no second organisation or team is made (one used to be, and
    split the figures by organisation)."""
    await svc(app).store.create_case("Police", "North", "P-1")
    await say(app, HUB_USER, "/newcase")
    await say(app, HUB_USER, "  police ")
    await say(app, HUB_USER, "north")
    await finish_newcase(app, fake_bot_api, HUB_USER, "P-2")
    case = await svc(app).store.cases.get("P-2", "Police")
    assert ("Police", "North") == (case.organisation, case.team)
    assert ["Housing", "Police"] == await organisation_names(svc(app).store)
    assert ["North"] == await team_names(svc(app).store, "Police")


async def test_a_practitioners_typed_team_is_their_existing_one(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A practitioner types "NORTH" for their organisation's team North: the same team."""
    await svc(app).store.create_case("Police", "North", "P-1")
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "NORTH")
    await finish_newcase(app, fake_bot_api, PRACTITIONER, "P-3")
    assert "North" == (await svc(app).store.cases.get("P-3", "Police")).team


async def test_a_new_organisation_is_added_only_when_confirmed(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A typo ("Polcie") is not made an organisation: the bot says there is none by that
    name and offers a button to add it; typing the name again as it is spelt carries on
    with Police. A real new one ("Fire Service") is added with a tap."""
    await say(app, HUB_USER, "/newcase")
    await say(app, HUB_USER, "Polcie")
    assert (
        staff_text("newcase.new_organisation", organisation="Polcie")
        == texts_to(fake_bot_api, HUB_USER)[-1]
    )
    await say(app, HUB_USER, "Police")
    assert (
        staff_text("newcase.ask_team_typed", organisation="Police")
        == texts_to(fake_bot_api, HUB_USER)[-1]
    )
    await say(app, HUB_USER, "/newcase")
    await say(app, HUB_USER, "Fire Service")
    label = staff_text("buttons.add_organisation", organisation="Fire Service")
    await tap_label(app, fake_bot_api, HUB_USER, label)
    await say(app, HUB_USER, "Station 4")
    await finish_newcase(app, fake_bot_api, HUB_USER, "F-1")
    case = await svc(app).store.cases.get("F-1", "Fire Service")
    assert ("Fire Service", "Station 4") == (case.organisation, case.team)
    expected = ["Fire Service", "Housing", "Police"]
    assert expected == await organisation_names(svc(app).store)


async def test_with_no_organisation_yet_the_hub_is_asked_to_type_one(
    tmp_path: Path, fake_bot_api: FakeBotApi
) -> None:
    """A new partnership (no organisations at all): the question asks to type the name,
    not to tap a button that is not there."""
    app = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    try:
        await svc(app).store.staff.add(HUB_USER, "hub")
        await say(app, HUB_USER, "/newcase")
        assert [staff_text("newcase.ask_organisation_typed")] == texts_to(fake_bot_api, HUB_USER)
    finally:
        await stopped(app)


async def test_only_an_advocate_counts_as_advocate_involved(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Asked who else answers, "a family member" makes a representative's link whose holder
    joins as family; the case is not marked advocate involved (a yes/no used to mark it);
    "an advocate" marks it."""
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "North")
    await finish_newcase(app, fake_bot_api, PRACTITIONER, "P-10", "buttons.rep_family")
    links = [t for t in texts_to(fake_bot_api, PRACTITIONER) if "?start=" in t]
    await say(app, REPRESENTATIVE, f"/start {token_in(links[-1])}")
    joined = await svc(app).store.participant_for_chat(REPRESENTATIVE)
    assert joined is not None and ("representative", "family") == (joined.kind, joined.rep_kind)
    assert None is (await svc(app).store.cases.get("P-10", "Police")).advocate_involved
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "North")
    await finish_newcase(app, fake_bot_api, PRACTITIONER, "P-11", "buttons.rep_advocate")
    assert True is (await svc(app).store.cases.get("P-11", "Police")).advocate_involved


async def test_who_else_answers_offers_no_one_and_each_kind(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The question has a button for no one and one for each kind of representative; with
    no one, only the person's link is made."""
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "North")
    await say(app, PRACTITIONER, "P-12")
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.done"))
    sent = [m for m in fake_bot_api.sent if m["chat"]["id"] == PRACTITIONER][-1]
    labels = [row[0]["text"] for row in sent["reply_markup"]["inline_keyboard"]]
    kinds = ("no", "rep_advocate", "rep_family", "rep_friend", "rep_other")
    assert [staff_text(f"buttons.{kind}") for kind in kinds] == labels
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.no"))
    case = await svc(app).store.cases.get("P-12", "Police")
    assert (None, 1) == (case.advocate_involved, len(fake_bot_api.calls("sendPhoto")))
