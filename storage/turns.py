"""``save_turn``: everything one incoming message produced, stored in one transaction.

The engine's records and its new state are written together, so a crash leaves either the
whole turn or none of it, and the bot shows the next question only after this returns. A
message id seen before (Telegram re-delivery, a double tap) stores nothing the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dialogs.types import (
    Answer,
    ConsentDeclined,
    ConsentGiven,
    ContactUnsafe,
    DangerAlert,
    HideRequested,
    OutcomesRevised,
    PreferencesChanged,
    Record,
    SessionState,
    SurveyCompleted,
    WithdrawConfirmed,
)
from storage.alerts import raise_alert_in
from storage.base import (
    ANSWER_TEXT_LABEL,
    ANSWER_VOICE_LABEL,
    Context,
    fetch_one,
    insert,
    write_audit,
)
from storage.connection import Connection
from storage.erasure import erase_participant_in
from storage.errors import NotFound
from storage.models import SavedTurn
from storage.outcomes import store_revision
from storage.reminders import cancel_reminders, hold_reminders_after_hide
from storage.sessions import current_session, write_state

# An answer that raises a hub flag without the words (design: wants_more_support = yes).
SUPPORT_FLAG = ("wants_more_support", "yes")


@dataclass
class _Turn:
    """What one turn is writing: its participant row and what has been stored so far."""

    participant: Any
    session_id: int
    round: int
    turn_id: int | None
    channel: str
    answers: list[int] = field(default_factory=list)
    alerts: list[int] = field(default_factory=list)
    consents: list[int] = field(default_factory=list)
    revision_id: int | None = None
    contact_unsafe: bool = False


async def _claim_message(
    conn: Connection, ctx: Context, participant_id: int, message_id: str
) -> int | None:
    """Record the message as saved; None if it was saved before."""
    async with conn.execute(
        "INSERT OR IGNORE INTO turns (participant_id, source_message_id, saved_at)"
        " VALUES (?, ?, ?)",
        (participant_id, message_id, ctx.now()),
    ) as cursor:
        return int(cursor.lastrowid) if cursor.rowcount == 1 else None


async def _answer(conn: Connection, ctx: Context, turn: _Turn, answer: Answer) -> None:
    p, c = turn.participant, answer.context
    answer_id = await insert(
        conn,
        "INSERT INTO answers (case_id, participant_id, session_id, turn_id, timepoint, round,"
        " measure, question_id, outcome_ref, value, text_enc, voice_ref_enc, variant, language,"
        " channel, answered_by, participant_kind, rechecked, answered_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (p["case_id"], p["id"], turn.session_id, turn.turn_id, c.timepoint, turn.round,
         answer.measure, answer.question_id, answer.outcome_ref, answer.value,
         ctx.keyring.encrypt_text(answer.text, ANSWER_TEXT_LABEL),
         ctx.keyring.encrypt_text(answer.voice_ref, ANSWER_VOICE_LABEL),
         c.variant, c.language, turn.channel, c.answered_by, p["kind"], int(answer.rechecked),
         ctx.now()),
    )  # fmt: skip
    turn.answers.append(answer_id)
    if (answer.measure, answer.value) == SUPPORT_FLAG:
        await _alert(conn, ctx, turn, "wants_support", c.timepoint)


async def _alert(conn: Connection, ctx: Context, turn: _Turn, reason: str, timepoint: str) -> None:
    p = turn.participant
    turn.alerts.append(await raise_alert_in(conn, ctx, p["case_id"], p["id"], reason, timepoint))


async def _record(conn: Connection, ctx: Context, turn: _Turn, record: Record) -> None:
    """Store one engine record (WithdrawConfirmed is handled by the caller)."""
    p = turn.participant
    match record:
        case Answer():
            await _answer(conn, ctx, turn, record)
        case OutcomesRevised():
            turn.revision_id = await store_revision(
                conn, ctx, p["case_id"], p["id"], turn.session_id, record
            )
        case ConsentGiven() | ConsentDeclined():
            given = isinstance(record, ConsentGiven)
            turn.consents.append(
                await insert(
                    conn,
                    "INSERT INTO consents (participant_id, text_version, given, timepoint, at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (p["id"], record.text_version, int(given), record.context.timepoint, ctx.now()),
                )
            )
            await write_audit(
                conn,
                ctx.now(),
                f"participant:{p['id']}",
                "consent_given" if given else "consent_declined",
                p["case_id"],
                {"text_version": record.text_version},
            )
        case ContactUnsafe():
            await conn.execute(
                "UPDATE participants SET contact_unsafe = 1 WHERE id = ?", (p["id"],)
            )
            await cancel_reminders(conn, ctx, p["id"])
            await write_audit(conn, ctx.now(), "system", "contact_unsafe", p["case_id"], {})
            turn.contact_unsafe = True
        case DangerAlert():
            await _alert(conn, ctx, turn, record.reason, record.timepoint)
        case PreferencesChanged():
            await conn.execute(
                "UPDATE participants SET variant = ?, language = ?, answered_by = ? WHERE id = ?",
                (record.variant, record.language, record.answered_by, p["id"]),
            )
        case SurveyCompleted():
            await cancel_reminders(conn, ctx, p["id"], record.timepoint)
        case _:
            pass  # SurveyPaused is in the state's status; HideRequested: after the state.


async def save_turn_in(
    conn: Connection,
    ctx: Context,
    participant_id: int,
    timepoint: str,
    records: Sequence[Record],
    state: SessionState,
    *,
    channel: str,
    source_message_id: str | None,
) -> SavedTurn:
    participant = await fetch_one(
        conn, "SELECT * FROM participants WHERE id = ?", (participant_id,)
    )
    if participant is None:
        raise NotFound("That participant no longer exists (their answers may have been erased).")
    turn_id = None
    if source_message_id is not None:
        turn_id = await _claim_message(conn, ctx, participant_id, str(source_message_id))
        if turn_id is None:
            return SavedTurn(duplicate=True)
    session_id, round_ = await current_session(conn, ctx, participant_id, timepoint)
    turn = _Turn(participant, session_id, round_, turn_id, channel)
    for record in records:
        if isinstance(record, WithdrawConfirmed):
            await erase_participant_in(conn, ctx, participant_id, f"participant:{participant_id}")
            return SavedTurn(
                answer_ids=(),
                alert_ids=tuple(turn.alerts),
                withdrawn=True,
                session_status="withdrawn",
            )
        await _record(conn, ctx, turn, record)
    await write_state(conn, ctx, session_id, state)
    if any(isinstance(record, HideRequested) for record in records):
        await hold_reminders_after_hide(conn, ctx, participant_id, timepoint)
    await conn.execute(
        "UPDATE participants SET last_active_at = ? WHERE id = ?", (ctx.now(), participant_id)
    )
    return SavedTurn(
        answer_ids=tuple(turn.answers),
        alert_ids=tuple(turn.alerts),
        consent_ids=tuple(turn.consents),
        revision_id=turn.revision_id,
        contact_unsafe=turn.contact_unsafe,
        session_status=state.status,
    )
