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
from typing import Literal
from urllib.parse import parse_qs, urlparse

import pytest
from telegram.ext import AIORateLimiter, Application

from bot.commands import run
from bot.staff_words import staff_text
from bot.transport_words import load_words
from dialogs.lint_text import alarm_words, first_line
from storage import generate_key
from storage.models import Case
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Driver, Person, collect_errors, option_label
from tests.telegram.staff_setup import HUB_USER, add_staff, settings_for, stopped, svc

PERSON_CHAT = 64300001
OWN_WORDS = "CANARY outcome words 4711"
HOW_WILL_WE_KNOW = "CANARY how we will know 4712"
COMMENTS = "CANARY closing comments 4713"
VOICE_BYTES = b"OggS CANARY voice note bytes 4714"
VARIANTS = ["standard", "easy_read", "yes_no", "screen_reader"]
YOU_CHOSE = load_words("en").you_chose.screen_reader


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
    await staff.tap_text(staff_text("buttons.yes"))
    links = [t for t in staff.texts() if "?start=" in t]
    tokens = [parse_qs(urlparse(t.split("\n")[-1]).query)["start"][0] for t in links]
    return await svc(app).store.cases.get("REF-W2", "Police"), tokens


def stored_rows(stored: list) -> list[tuple[str, str, str, str | None]]:
    """(timepoint, measure, value, text) of each answer; outcome lists are checked apart."""
    return [(a.timepoint, a.measure, a.value, a.text) for a in stored if a.measure != "outcomes"]


def assert_every_tap_answered(fake: FakeBotApi, *drivers: Driver) -> None:
    answered = {c["callback_query_id"] for c in fake.calls("answerCallbackQuery")}
    assert {tap for driver in drivers for tap in driver.taps} == answered


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


async def assert_voice_note_kept(app: Application, fake: FakeBotApi, stored: list) -> None:
    """The voice note was fetched with getFile and downloaded through the fake, is stored
    encrypted (not in the database files in clear), and the person was told it was saved."""
    store = svc(app).store
    [voice_answer] = [a for a in stored if a.value == "voice"]
    assert VOICE_BYTES == await store.voice.get(voice_answer.voice_ref)
    assert [{"file_id": "CANARY-voice-4714"}] == fake.calls("getFile")
    assert ["voice/CANARY-voice-4714.oga"] == fake.downloads
    on_disk = b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
    assert VOICE_BYTES not in on_disk
    texts = [c["text"] for c in fake.calls("sendMessage")]
    assert CONTENT.messages.voice_saved.easy_read in texts


def assert_every_question_can_hide(fake: FakeBotApi, chat_id: int) -> None:
    """Every message with answer buttons in the person's chat also has "hide this chat"."""
    hide_labels = {text for _, text in CONTENT.labels.hide}
    keyboards = [m["reply_markup"]["inline_keyboard"] for m in fake.sent
                 if m["chat"]["id"] == chat_id and "reply_markup" in m]  # fmt: skip
    questions = [[b for row in rows for b in row] for rows in keyboards
                 if "callback_data" in rows[0][0]]  # fmt: skip
    assert len(questions) > 20
    assert [] == [q for q in questions if not {b["text"] for b in q} & hide_labels]


async def assert_closed_with_the_staff_fields(app: Application, case: Case) -> None:
    """/close recorded the staff-side fields and no reason for skipping the end survey."""
    closed = await svc(app).store.cases.get(case.local_ref, case.organisation)
    expected = ("closed", "reduced", "no", None)
    got = (closed.state, closed.sg2e_risk_outcome, closed.sg3a_capacity,
           closed.no_end_survey_reason)  # fmt: skip
    assert expected == got


async def assert_outcomes_after_check_in(app: Application, case: Case, person: Person) -> None:
    """The outcomes chosen at the start, less the one dropped at the check-in, are the case's
    current outcomes (common ones in the words they were asked in)."""
    safe_at_home = next(c for c in CONTENT.common_outcomes if c.id == "safe_at_home")
    expected = [("common:safe_at_home", person.words(safe_at_home.statement)),
                ("own_words", OWN_WORDS)]  # fmt: skip
    current = await svc(app).store.current_outcomes(case.id)
    assert expected == [(outcome.source, outcome.text) for outcome in current]


def assert_every_choice_confirmed(fake: FakeBotApi, person: Person) -> None:
    """From choosing the screen reader way of asking on, after each tap the next message to
    the person reads the choice back (screen readers do not announce callback pop-ups),
    without its number."""
    chose_variant = person.words(option_label(CONTENT.questions["how_to_ask"], "screen_reader"))
    labels = [label for label, _ in person.tapped]
    assert len(labels) > 20
    for label, before in person.tapped[labels.index(chose_variant) :]:
        sent = [r.params for r in fake.requests[before:] if r.method == "sendMessage"]
        after = [params["text"] for params in sent if params["chat_id"] == person.chat_id]
        assert YOU_CHOSE.replace("{label}", label) == after[0].splitlines()[-1]


def assert_calm_first_lines(fake: FakeBotApi, chat_id: int) -> None:
    """No message to the person's chat has an alarming word on its first line (the line a
    lock-screen preview shows), using the content lint's word list."""
    lines = [first_line(c["text"]) for c in fake.calls("sendMessage") if c["chat_id"] == chat_id]
    assert len(lines) > 20  # the whole journey was seen
    alarming = [(line, alarm_words(line)) for line in lines if alarm_words(line)]
    assert [] == alarming, alarming
