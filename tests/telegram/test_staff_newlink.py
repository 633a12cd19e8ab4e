"""``/newlink REF`` through Telegram updates: the case's own practitioner or hub staff get a
new link (text and QR code, not protected) that is bound to no chat, so the person's new
phone joins the case as that person and carries on; everyone else is refused and audited;
closed or unknown cases get a plain reply and nothing is made. All on the recording fake
Bot API, whose requests are checked against the Bot API spec at teardown."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from telegram.ext import Application

from bot.staff_newlink import parse_arguments
from bot.staff_words import staff_text
from dialogs.types import ContactUnsafe
from storage.models import Case
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person
from tests.telegram.staff_setup import (
    BOARD_USER,
    HUB_CHAT,
    HUB_USER,
    OTHER_PRACTITIONER,
    PERSON,
    PRACTITIONER,
    STRANGER,
    case_with_person,
    record,
    say,
    svc,
    texts_to,
)
from tests.telegram.test_staff_close_checkin import invite_sent_to, token_of

NEW_PHONE = 64100077
DAYS = 14  # the default survey.invite_valid_days


def link_token(fake: FakeBotApi, chat_id: int) -> str:
    """The token of the latest link sent to the chat as text."""
    link = [t for t in texts_to(fake, chat_id) if "?start=" in t][-1].split("\n")[-1]
    return parse_qs(urlparse(link).query)["start"][0]


def made_text(case: Case, kind: str, opens: str) -> str:
    made = staff_text("newlink.made", kind=kind, ref=case.local_ref,
                      organisation=case.organisation, days=DAYS)  # fmt: skip
    return f"{made}\n{staff_text(f'newlink.opens_{opens}')}"


async def person_at_checkin(app: Application, fake: FakeBotApi) -> tuple[Case, Person]:
    """REF-1 (Police) whose person chose easy read, then opened a check-in sent by staff."""
    new = await svc(app).store.create_case("Police", "North", "REF-1")
    person = Person(app, fake, PERSON)
    await person.up_to_safety(new.person_token, "easy_read")
    await say(app, PRACTITIONER, "/checkin REF-1")
    await say(app, PERSON, f"/start {token_of(invite_sent_to(fake, PERSON))}")
    return new.case, person


async def test_new_phone_joins_as_the_person_and_carries_on_with_the_check_in(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The practitioner's /newlink gives the link and its QR code (unprotected); the link,
    opened from a new account, joins the case as the person with their chosen way of asking,
    at the check-in, asked the same first question their old phone was; later check-ins go
    to the new phone. The creation is audited without the token or any chat id."""
    case, _ = await person_at_checkin(app, fake_bot_api)
    old_phone_first = texts_to(fake_bot_api, PERSON)[-1]
    await say(app, PRACTITIONER, "/newlink REF-1")
    replies = texts_to(fake_bot_api, PRACTITIONER)[-3:]
    assert made_text(case, "person", "checkin") == replies[0]
    [photo] = fake_bot_api.calls("sendPhoto")
    qr_caption = staff_text("newcase.person_qr", ref="REF-1")
    assert (qr_caption, False) == (photo["caption"], photo["protect_content"])
    token = link_token(fake_bot_api, PRACTITIONER)
    await say(app, NEW_PHONE, f"/start {token}")
    store = svc(app).store
    joined = await store.participant_for_chat(NEW_PHONE)
    assert (case.id, "person", "checkin", "easy_read") == (
        joined.case_id, joined.kind, joined.current_timepoint, joined.variant)  # fmt: skip
    assert [old_phone_first] == texts_to(fake_bot_api, NEW_PHONE)
    assert [] == texts_to(fake_bot_api, HUB_CHAT)  # nothing refused, nothing to tell
    await say(app, PRACTITIONER, "/checkin REF-1")
    assert NEW_PHONE == invite_sent_to(fake_bot_api, NEW_PHONE)["chat"]["id"]
    created = (await store.audit.entries(case.id, "invite_created"))[1]  # 0: the /checkin's
    detail = {"kind": "person", "timepoint": "checkin", "invite_id": created.detail["invite_id"]}
    member = await store.staff.by_telegram_id(PRACTITIONER)
    assert (f"staff:{member.id}", detail) == (created.actor, created.detail)
    everything = str(await store.audit.entries())
    assert [] == [s for s in (token, str(PERSON), str(NEW_PHONE)) if s in everything]


async def test_a_person_who_had_not_finished_the_start_gets_the_start_again(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Before the start questions are finished no consent may be taken as given: the new
    link starts them again, and the new phone is asked the first question, as the first
    link's chat was."""
    case = await case_with_person(app)
    first_question = texts_to(fake_bot_api, PERSON)[0]
    await say(app, HUB_USER, "/newlink REF-1")
    assert made_text(case, "person", "start") == texts_to(fake_bot_api, HUB_USER)[-3]
    await say(app, NEW_PHONE, f"/start {link_token(fake_bot_api, HUB_USER)}")
    joined = await svc(app).store.participant_for_chat(NEW_PHONE)
    assert (case.id, "person", "start") == (joined.case_id, joined.kind, joined.current_timepoint)
    assert [first_question] == texts_to(fake_bot_api, NEW_PHONE)


async def test_the_hub_note_names_the_command_that_mends_a_refused_link(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A check-in link forwarded to a new phone is refused and the hub chat is told to use
    /newlink REF; doing just that lets the new phone join as the person."""
    case, _ = await person_at_checkin(app, fake_bot_api)
    await say(app, PRACTITIONER, "/checkin REF-1")
    await say(app, NEW_PHONE, f"/start {token_of(invite_sent_to(fake_bot_api, PERSON))}")
    [note] = texts_to(fake_bot_api, HUB_CHAT)
    assert "/newlink REF-1" in note and "checkin case invite REF-1" in note
    await say(app, HUB_USER, "/newlink REF-1")
    await say(app, NEW_PHONE, f"/start {link_token(fake_bot_api, HUB_USER)}")
    joined = await svc(app).store.participant_for_chat(NEW_PHONE)
    assert (case.id, "person") == (joined.case_id, joined.kind)


async def test_representative_link_and_organisation_are_understood(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """With two REF-1 cases the reference alone is ambiguous (refused, audited); naming the
    organisation picks one, and a last word "representative" asks for that link, which
    joins as the representative."""
    case = await case_with_person(app)
    await case_with_person(app, organisation="Housing", chat_id=PERSON + 1)
    await say(app, HUB_USER, "/newlink REF-1")
    await say(app, HUB_USER, "/newlink REF-1 Police representative")
    assert [staff_text("refused.ambiguous_case", ref="REF-1", command="newlink"),
            made_text(case, "representative", "start")] == texts_to(
        fake_bot_api, HUB_USER)[:2]  # fmt: skip
    await say(app, NEW_PHONE, f"/start {link_token(fake_bot_api, HUB_USER)}")
    joined = await svc(app).store.participant_for_chat(NEW_PHONE)
    assert (case.id, "representative") == (joined.case_id, joined.kind)
    refusals = await svc(app).store.audit.entries(action="staff_refused")
    assert [{"command": "newlink", "reason": "ambiguous_case"}] == [e.detail for e in refusals]


def test_arguments() -> None:
    """REF, then an organisation of any number of words, then optionally representative."""
    assert ("R-1", None, "person") == parse_arguments(["R-1"])
    assert ("R-1", "Fire Service", "representative") == parse_arguments(
        ["R-1", "Fire", "Service", "Representative"]
    )
    assert ("R-1", None, "representative") == parse_arguments(["R-1", "rep"])
    assert (None, None, "person") == parse_arguments([])


@pytest.mark.parametrize(
    ("who", "reason"),
    [(BOARD_USER, "not_for_role"), (STRANGER, "not_staff"), (PERSON, "not_staff"),
     (OTHER_PRACTITIONER, "no_such_case")],
)  # fmt: skip
async def test_everyone_else_is_refused_audited_and_gets_no_link(
    app: Application, fake_bot_api: FakeBotApi, who: int, reason: str
) -> None:
    """Board members, people, strangers and another organisation's practitioner get the
    plain refusal other staff commands give, one audited refusal, and no invite is made."""
    case = await case_with_person(app)
    before = len(texts_to(fake_bot_api, who))
    await say(app, who, "/newlink REF-1")
    expected = [staff_text(f"refused.{reason}", ref="REF-1", command="newlink")]
    assert expected == texts_to(fake_bot_api, who)[before:]
    store = svc(app).store
    assert [] == await store.audit.entries(case.id, "invite_created")
    refusals = await store.audit.entries(action="staff_refused")
    assert [{"command": "newlink", "reason": reason}] == [e.detail for e in refusals]
    assert [] == fake_bot_api.calls("sendPhoto")


async def test_closed_unknown_or_missing_case_makes_nothing(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A closed case and an unknown reference get a plain reply; no reference gets the
    usage; no invite is made for any of them."""
    case = await case_with_person(app)
    await svc(app).store.cases.close("REF-1", organisation="Police", risk_outcome="reduced",
                                     capacity="no", no_end_survey_reason="declined")  # fmt: skip
    for text in ("/newlink REF-1", "/newlink NOPE-9", "/newlink"):
        await say(app, PRACTITIONER, text)
    assert [
        staff_text("newlink.not_open", ref="REF-1", state="closed"),
        staff_text("refused.no_such_case", ref="NOPE-9", command="newlink"),
        staff_text("usage.newlink"),
    ] == texts_to(fake_bot_api, PRACTITIONER)
    assert [] == await svc(app).store.audit.entries(case.id, "invite_created")
    assert [] == fake_bot_api.calls("sendPhoto")


async def test_staff_are_reminded_when_contact_is_flagged_unsafe(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The link is still made (staff hand it over in person), with a line saying contact
    is flagged unsafe."""
    case = await case_with_person(app)
    await record(app, PERSON, ContactUnsafe("start"))
    await say(app, PRACTITIONER, "/newlink REF-1")
    unsafe = staff_text("newlink.unsafe", ref="REF-1")
    assert f"{made_text(case, 'person', 'start')}\n{unsafe}" == texts_to(
        fake_bot_api, PRACTITIONER)[0]  # fmt: skip
