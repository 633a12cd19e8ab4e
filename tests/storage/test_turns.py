"""save_turn: each kind of engine record lands where it belongs, in one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.types import (
    Answer,
    ConsentDeclined,
    ConsentGiven,
    ContactUnsafe,
    DangerAlert,
    HideRequested,
    Outcome,
    OutcomesRevised,
    PreferencesChanged,
    SurveyCompleted,
    SurveyPaused,
    WithdrawConfirmed,
)
from storage import NotFound, Store
from storage.inbox import UpdateClaim
from tests.storage.conftest import FakeClock, Opened, context, rows, state


async def test_answers_are_stored_with_their_context(store: Store, opened: Opened) -> None:
    """An Answer keeps measure, value, variant, language, channel, who answered and text."""
    ctx = context("start", "self_with_help")
    records = [
        Answer("safety", "2", ctx, "q_safety"),
        Answer("how_will_we_know", "text", ctx, "q_know", text="I can sleep"),
    ]
    saved = await store.save_turn(
        opened.person.id, "start", records, state(), channel="telegram", source_message_id="7"
    )
    stored = await store.answers.for_case(opened.new.case.id)
    assert saved.answer_ids == tuple(a.id for a in stored)
    assert [("safety", "2", None), ("how_will_we_know", "text", "I can sleep")] == [
        (a.measure, a.value, a.text) for a in stored
    ]
    first = stored[0]
    assert ["7", "7"] == [a.source_message_id for a in stored]
    expected = ("start", 1, "standard", "en", "telegram", "self_with_help", "person")
    assert expected == (
        first.timepoint,
        first.round,
        first.variant,
        first.language,
        first.channel,
        first.answered_by,
        first.participant_kind,
    )


async def test_the_session_state_is_saved_and_loaded(store: Store, opened: Opened) -> None:
    """The new state is stored with the turn; load_session returns it after a restart."""
    assert await store.load_session(opened.person.id, "start") is None
    new_state = state(step="what_would_be_good")
    await store.save_turn(
        opened.person.id, "start", [], new_state, channel="telegram", source_message_id="1"
    )
    assert new_state == await store.load_session(opened.person.id, "start")


async def test_the_same_message_twice_is_stored_once(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """A re-delivered message stores nothing the second time and says it was a duplicate."""
    records = [Answer("safety", "3", context(), "q_safety")]
    first = await store.save_turn(
        opened.person.id,
        "start",
        records,
        state(step="a"),
        channel="telegram",
        source_message_id="m-1",
    )
    second = await store.save_turn(
        opened.person.id,
        "start",
        records,
        state(step="b"),
        channel="telegram",
        source_message_id="m-1",
    )
    assert (False, True) == (first.duplicate, second.duplicate)
    assert () == second.answer_ids
    assert [(1,)] == rows(db_path, "SELECT COUNT(*) FROM answers")
    assert "a" == (await store.load_session(opened.person.id, "start")).step


async def test_a_turn_claims_its_update_in_the_same_transaction(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """With a claim, the update id is marked as handled and the incoming message remembered
    (for "hide this chat") together with the turn; an update already claimed (by a turn or
    by Inbox.claim) stores nothing, even with a message id not seen before."""
    claim = UpdateClaim(9001, (4242, 55))
    assert not await store.inbox.seen(9001)
    first = await store.save_turn(opened.person.id, "start", [Answer("safety", "3", context(),
                                  "q_safety")], state(step="a"), channel="telegram",
                                  source_message_id="9001", claim=claim)  # fmt: skip
    assert not first.duplicate and await store.inbox.seen(9001)
    assert [55] == await store.messages.for_chat(4242)
    again = await store.save_turn(opened.person.id, "start", [Answer("safety", "1", context(),
                                  "q_safety")], state(step="b"), channel="telegram",
                                  source_message_id=None, claim=claim)  # fmt: skip
    assert again.duplicate
    assert not await store.inbox.claim(9001)
    assert await store.inbox.claim(9002)
    claimed_first = await store.save_turn(opened.person.id, "start", [], state(step="c"),
                                          channel="telegram", source_message_id="9002",
                                          claim=UpdateClaim(9002))  # fmt: skip
    assert claimed_first.duplicate
    assert [(1,)] == rows(db_path, "SELECT COUNT(*) FROM answers")
    assert "a" == (await store.load_session(opened.person.id, "start")).step


async def test_outcomes_keep_their_history(store: Store, opened: Opened, db_path: Path) -> None:
    """Revisions add, keep, change and drop outcomes; current_outcomes shows the latest."""
    pid, case_id = opened.person.id, opened.new.case.id
    first = OutcomesRevised(
        context(),
        (Outcome("o1", "Feel safe", "own_words"), Outcome("o2", "See my son", "common:family")),
    )
    await store.save_turn(pid, "start", [first], state(), channel="telegram", source_message_id="1")
    revised = OutcomesRevised(
        context("checkin"),
        (
            Outcome("o1", "Feel safe at home", "own_words"),
            Outcome("o3", "Keep my money", "common:money"),
        ),
        dropped=("o2",),
    )
    saved = await store.save_turn(
        pid, "checkin", [revised], state("checkin"), channel="telegram", source_message_id="2"
    )
    assert (
        Outcome("o1", "Feel safe at home", "own_words"),
        Outcome("o3", "Keep my money", "common:money"),
    ) == await store.current_outcomes(case_id)
    changes = rows(
        db_path,
        "SELECT ref, change FROM outcome_revision_items WHERE revision_id = ? ORDER BY ref",
        (saved.revision_id,),
    )
    assert [("o1", "changed"), ("o2", "dropped"), ("o3", "added")] == changes
    assert [(2,)] == rows(db_path, "SELECT COUNT(*) FROM outcome_revisions")


async def test_consent_given_and_declined_are_recorded(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """Consent rows keep the text version and whether it was given; both are audited."""
    records = [ConsentDeclined("v1", context()), ConsentGiven("v2", context())]
    saved = await store.save_turn(
        opened.person.id, "start", records, state(), channel="telegram", source_message_id="1"
    )
    assert 2 == len(saved.consent_ids)
    assert [("v1", 0), ("v2", 1)] == rows(
        db_path, "SELECT text_version, given FROM consents ORDER BY id"
    )
    actions = [e.action for e in await store.audit.entries(opened.new.case.id)]
    assert ["consent_declined", "consent_given"] == [a for a in actions if a.startswith("consent")]


async def test_contact_unsafe_flags_the_participant_and_cancels_reminders(
    store: Store, opened: Opened, clock: FakeClock
) -> None:
    """After ContactUnsafe no reminder is due for that person, now or later."""
    await store.reminders.schedule(opened.person.id, "start", clock.now)
    saved = await store.save_turn(
        opened.person.id,
        "start",
        [ContactUnsafe("start")],
        state(status="ended_unsafe"),
        channel="telegram",
        source_message_id="1",
    )
    clock.advance(days=3)
    assert saved.contact_unsafe
    assert (await store.participants.get(opened.person.id)).contact_unsafe
    assert [] == await store.reminders.due()


async def test_danger_alert_raises_an_alert_with_the_case_only(
    store: Store, opened: Opened
) -> None:
    """DangerAlert makes an unacknowledged alert naming the case, never the words."""
    saved = await store.save_turn(
        opened.person.id,
        "start",
        [DangerAlert("danger_words", "start")],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    [alert] = await store.alerts.unacknowledged()
    assert (saved.alert_ids[0], "REF-1", "danger_words", None) == (
        alert.id,
        alert.local_ref,
        alert.reason,
        alert.acknowledged_at,
    )


async def test_wanting_more_support_raises_a_support_alert(store: Store, opened: Opened) -> None:
    """wants_more_support = yes flags the case for the hub (design: raises a flag)."""
    answer = Answer("wants_more_support", "yes", context("end"), "q_support")
    saved = await store.save_turn(
        opened.person.id, "end", [answer], state("end"), channel="telegram", source_message_id="1"
    )
    assert ["wants_support"] == [a.reason for a in await store.alerts.unacknowledged()]
    assert 1 == len(saved.alert_ids)


async def test_preferences_change_the_participant(store: Store, opened: Opened) -> None:
    """PreferencesChanged updates variant, language and who is answering."""
    await store.save_turn(
        opened.person.id,
        "start",
        [PreferencesChanged("easy_read", "cy", "self_with_help")],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    person = await store.participants.get(opened.person.id)
    assert ("easy_read", "cy", "self_with_help") == (
        person.variant,
        person.language,
        person.answered_by,
    )


async def test_pause_and_completion_set_the_session_status(
    store: Store, opened: Opened, clock: FakeClock, db_path: Path
) -> None:
    """The session row follows the state's status; completion cancels that survey's reminders."""
    pid = opened.person.id
    await store.save_turn(
        pid,
        "start",
        [SurveyPaused("start")],
        state(status="paused"),
        channel="telegram",
        source_message_id="1",
    )
    assert [("paused",)] == rows(db_path, "SELECT status FROM sessions")
    await store.reminders.schedule(pid, "start", clock.now)
    await store.save_turn(
        pid,
        "start",
        [SurveyCompleted("start")],
        state(status="completed"),
        channel="telegram",
        source_message_id="2",
    )
    assert [("completed", 1)] == rows(
        db_path, "SELECT status, completed_at IS NOT NULL FROM sessions"
    )
    assert [] == await store.reminders.due()


async def test_hide_requested_stores_nothing_but_the_state(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """HideRequested leaves answers as they were (hiding is the transport's job)."""
    saved = await store.save_turn(
        opened.person.id,
        "start",
        [HideRequested()],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    assert ((), ()) == (saved.answer_ids, saved.alert_ids)
    assert [(0,)] == rows(db_path, "SELECT COUNT(*) FROM answers")


async def test_withdrawal_erases_the_participant_in_the_same_turn(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """WithdrawConfirmed erases the person's answers, state and chat id; later calls say
    the participant is gone; the audit log keeps only that it happened."""
    pid = opened.person.id
    await store.save_turn(
        pid,
        "start",
        [Answer("safety", "2", context(), "q")],
        state(),
        channel="telegram",
        source_message_id="1",
    )
    saved = await store.save_turn(
        pid,
        "start",
        [WithdrawConfirmed()],
        state(status="withdrawn"),
        channel="telegram",
        source_message_id="2",
    )
    assert saved.withdrawn
    assert [(0, 0, 0)] == rows(
        db_path,
        "SELECT (SELECT COUNT(*) FROM answers),"
        " (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM participants"
        " WHERE id = ?)",
        (pid,),
    )
    assert await store.participant_for_chat(4242) is None
    with pytest.raises(NotFound):
        await store.save_turn(pid, "start", [], state(), channel="telegram", source_message_id="3")
    assert "participant_erased" in [e.action for e in await store.audit.entries(opened.new.case.id)]


async def test_a_failing_record_rolls_back_the_whole_turn(
    store: Store, opened: Opened, db_path: Path
) -> None:
    """If one record breaks a rule, nothing of the turn is stored (not even the message id)."""
    bad = Answer("safety", "2", context("never"), "q")  # type: ignore[arg-type]
    with pytest.raises(Exception, match="storage rule"):
        await store.save_turn(
            opened.person.id,
            "start",
            [Answer("safety", "3", context(), "q"), bad],
            state(),
            channel="telegram",
            source_message_id="1",
        )
    assert [(0, 0)] == rows(
        db_path, "SELECT (SELECT COUNT(*) FROM answers), (SELECT COUNT(*) FROM turns)"
    )
