"""The whole journey as a script: staff open a case, the person (or a representative)
answers the start survey, staff send a check-in and later close the case, the person
answers the check-in and the end survey. Run by ``test_whole_journey`` in every variant;
the answers it gives are ``EXPECTED`` (free-text answers carry canary words, so the
suite's log check proves they never reach a log)."""

from __future__ import annotations

from typing import Literal
from urllib.parse import parse_qs, urlparse

from telegram.ext import Application

from bot.staff_words import staff_text
from storage.models import Case
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Driver, Person
from tests.telegram.staff_setup import HUB_USER, svc

PERSON_CHAT = 64300001
OWN_WORDS = "CANARY outcome words 4711"
HOW_WILL_WE_KNOW = "CANARY how we will know 4712"
COMMENTS = "CANARY closing comments 4713"
VOICE_BYTES = b"OggS CANARY voice note bytes 4714"


async def start_survey(
    person: Person, token: str, variant: str, answered_by: str, *, voice: bool = False
) -> None:
    """From the invite to the end of the start survey (how we will know: typed, or a voice
    note when ``voice``)."""
    await person.type(f"/start {token}")
    await person.choose("safe_to_talk", "yes")
    await person.next()  # what this chat is about
    await person.choose("consent", "yes")
    await person.choose("how_to_ask", variant)
    person.variant = variant
    await person.choose("who_answering", answered_by)
    person.representative = person.representative or answered_by == "representative"
    if variant in ("easy_read", "yes_no"):
        await person.choose("practice", "yes")
    await person.choose("safety", "3")
    await person.pick_outcomes(["safe_at_home", "stop_hurting"], OWN_WORDS)
    if voice:
        person.fake.files["voice/CANARY-voice-4714.oga"] = VOICE_BYTES
        await person.send_voice("CANARY-voice-4714")
    else:
        await person.type(HOW_WILL_WE_KNOW)


async def checkin_survey(person: Person, staff: Driver, case: Case) -> None:
    """Staff send a check-in; the person keeps two outcomes and drops "stop hurting"."""
    await staff.type(f"/checkin {case.local_ref}")
    await person.type(f"/start {person.start_link_token()}")
    await person.choose("safe_to_talk", "yes")
    await person.next()
    await person.choose("safety", "4")
    for label in (CONTENT.labels.keep, CONTENT.labels.drop, CONTENT.labels.keep):
        await person.tap(label)
    while not person.has_button(person.words(CONTENT.labels.done)):
        await person.tap(CONTENT.labels.no)  # yes_no asks about the other common outcomes
    await person.tap(CONTENT.labels.done)


async def end_survey(person: Person, staff: Driver, case: Case) -> None:
    """Staff close the case and send the end survey; the person answers it all."""
    await staff.type(f"/close {case.local_ref}")
    for key in ("risk_reduced", "capacity_no", "send_end_invite"):
        await staff.tap_text(staff_text(f"buttons.{key}"))
    await person.type(f"/start {person.start_link_token()}")
    await person.choose("safe_to_talk", "yes")
    await person.next()
    for question_id, value in (
        ("safety", "4"), ("outcomes_achieved", "yes"), ("outcomes_achieved", "partly"),
        ("made_safer", "yes"), ("how_much_safer", "a_lot"), ("listened_to", "yes"),
        ("involved", "a_bit"), ("wellbeing", "happy"), ("wants_more_support", "no"),
    ):  # fmt: skip
        await person.choose(question_id, value)
    await person.type(COMMENTS)


EXPECTED = [
    ("start", "safety", "3", None),
    ("start", "how_will_we_know", "text", HOW_WILL_WE_KNOW),
    ("checkin", "safety", "4", None),
    ("end", "safety", "4", None),
    ("end", "outcome_achieved", "yes", None),
    ("end", "outcome_achieved", "partly", None),
    ("end", "made_safer", "yes", None),
    ("end", "how_much_safer", "a_lot", None),
    ("end", "listened_to", "yes", None),
    ("end", "involved", "a_bit", None),
    ("end", "wellbeing", "happy", None),
    ("end", "wants_more_support", "no", None),
    ("end", "comments", "text", COMMENTS),
]
VOICE_EXPECTED = [
    ("start", "how_will_we_know", "voice", None) if row[1] == "how_will_we_know" else row
    for row in EXPECTED
]


async def whole_journey(
    app: Application, fake: FakeBotApi, variant: str, *, representative: bool = False,
    voice: bool = False, typing: Literal["numbers", "words"] | None = None,
) -> tuple[Case, Person, Driver]:  # fmt: skip
    staff = Driver(app, fake, HUB_USER)
    if representative:  # opened by hub staff with /newcase, asking for both links
        case, tokens = await open_case_with_newcase(app, staff)
        token = tokens[1]
    else:
        new = await svc(app).store.create_case("Police", "North", "REF-W1")
        case, token = new.case, new.person_token
    person = Person(app, fake, PERSON_CHAT, representative=representative, typing=typing)
    answered_by = "representative" if representative else "self"
    await start_survey(person, token, variant, answered_by, voice=voice)
    await checkin_survey(person, staff, case)
    await end_survey(person, staff, case)
    return case, person, staff


async def open_case_with_newcase(app: Application, staff: Driver) -> tuple[Case, list[str]]:
    """/newcase as hub staff: organisation, team, reference, no concern types, and a
    representative link too; the case and the two invite tokens from the links sent."""
    await staff.type("/newcase")
    await staff.tap_text("Police")
    await staff.type("North")
    await staff.type("REF-W2")
    await staff.tap_text(staff_text("buttons.done"))
    await staff.tap_text(staff_text("buttons.rep_advocate"))
    links = [t for t in staff.texts() if "?start=" in t]
    tokens = [parse_qs(urlparse(t.split("\n")[-1]).query)["start"][0] for t in links]
    return await svc(app).store.cases.get("REF-W2", "Police"), tokens
