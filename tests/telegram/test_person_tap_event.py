"""What a button tap means (``bot.person_gate.tap_event``), as plain data: step numbers
restart in each survey round and each case, so a matching number alone must not make an
old button answer the question being asked now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram import Chat, Message

from bot.payloads import PayloadSigner, StalePayload
from bot.person_gate import tap_event
from dialogs.session_state import SessionState
from dialogs.types import Choose, Command
from storage.models import Participant
from tests.telegram.staff_setup import ENGLISH

CHAT = 64740001
JOINED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SIGNER = PayloadSigner(b"k" * 32)
NOW_ASKING = SessionState("checkin", "standard", "en", "self", step="made_safer", seq=6)
PARTICIPANT = Participant(1, 1, "person", "standard", "en", "self", "checkin", False, JOINED)


@dataclass
class Services:
    """The two things ``tap_event`` uses of ``BotServices``."""

    signer: PayloadSigner
    catalogue: Any


SVC = Services(SIGNER, ENGLISH)


def sent_at(when: datetime) -> Message:
    return Message(500, when, Chat(CHAT, "private"))


def tap(question_id: str, key: str, sent: datetime = JOINED + timedelta(days=1)) -> object:
    data = SIGNER.encode(CHAT, NOW_ASKING.seq, question_id, key)
    return tap_event(SVC, CHAT, data, NOW_ASKING, sent_at(sent), PARTICIPANT)  # type: ignore[arg-type]


def test_the_question_being_asked_takes_its_button() -> None:
    """A button of the current question and step is the person's choice."""
    assert Choose("yes") == tap("made_safer", "yes")


def test_another_questions_button_with_the_same_step_number_is_stale() -> None:
    """A start-of-case "yes" (wants_more_support, step 6) left on screen is not taken as the
    check-in's made_safer "yes" at step 6 (before: it was recorded there)."""
    with pytest.raises(StalePayload):
        tap("wants_more_support", "yes")


@pytest.mark.parametrize("question_id", ["variant", "language", "stop"])
def test_the_engines_own_choices_are_not_another_question(question_id: str) -> None:
    """The way-of-asking, language and stop buttons carry no survey question's id: they are
    taken while the survey stands at a question."""
    assert Choose("easy_read") == tap(question_id, "easy_read")


def test_a_message_from_before_joining_is_stale() -> None:
    """A button on a message sent before the participant joined (another case's question,
    same step) is stale; one sent within a minute of joining is not (clock slack)."""
    with pytest.raises(StalePayload):
        tap("made_safer", "yes", sent=JOINED - timedelta(hours=2))
    assert Choose("yes") == tap("made_safer", "yes", sent=JOINED - timedelta(seconds=50))


@pytest.mark.parametrize("key", ["hide", "pause"])
def test_hide_and_pause_work_from_any_message(key: str) -> None:
    """ "Hide this chat" and "Pause" from another question, another round or another case
    still hide or pause."""
    assert Command(key) == tap("wants_more_support", key, sent=JOINED - timedelta(hours=2))


def test_an_earlier_step_number_is_stale() -> None:
    """The ordinary stale case is unchanged: a button from step 5 while at step 6."""
    data = SIGNER.encode(CHAT, 5, "made_safer", "yes")
    later = sent_at(JOINED + timedelta(days=1))
    with pytest.raises(StalePayload):
        tap_event(SVC, CHAT, data, NOW_ASKING, later, PARTICIPANT)  # type: ignore[arg-type]
