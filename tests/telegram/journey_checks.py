"""Checks over a whole journey the fake Bot API recorded: every tap answered, calm first
lines, hide on every question, screen-reader read-backs, and what the store holds after."""

from __future__ import annotations

from telegram.ext import Application

from bot.transport_words import load_words
from dialogs.lint_text import alarm_words, first_line
from storage.models import Case
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Driver, Person, option_label
from tests.telegram.journey_script import OWN_WORDS, VOICE_BYTES
from tests.telegram.staff_setup import svc

YOU_CHOSE = load_words("en").you_chose.screen_reader


def stored_rows(stored: list) -> list[tuple[str, str, str, str | None]]:
    """(timepoint, measure, value, text) of each answer; outcome lists are checked apart."""
    return [(a.timepoint, a.measure, a.value, a.text) for a in stored if a.measure != "outcomes"]


def assert_every_tap_answered(fake: FakeBotApi, *drivers: Driver) -> None:
    answered = {c["callback_query_id"] for c in fake.calls("answerCallbackQuery")}
    assert {tap for driver in drivers for tap in driver.taps} == answered


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
