"""Reads and small writes the bot's staff side and reminders need beyond the Store facade.

Organisation and team names for the guided ``/newcase``; surveys left idle (to remind);
one survey's activity (to decide at send time); moving a reminder's due time without
losing how many were sent. SQL lives here because ``storage/`` owns every statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from storage.base import fetch_all, fetch_one
from storage.clock import from_text, to_text

if TYPE_CHECKING:
    from storage.store import Store

# Survey statuses that may still be finished (dialogs.types.Status)
UNFINISHED = ("active", "paused")
_LATEST_ROUND = (
    "s.round = (SELECT max(s2.round) FROM sessions s2"
    " WHERE s2.participant_id = s.participant_id AND s2.timepoint = s.timepoint)"
)


@dataclass(frozen=True)
class SurveyActivity:
    """Where one participant's latest round at a timepoint stands."""

    participant_id: int
    timepoint: str
    status: str
    started_at: datetime
    updated_at: datetime
    contact_unsafe: bool
    current: bool  # the participant's current survey (not one a newer invite superseded)


async def organisation_names(store: Store) -> list[str]:
    """Every organisation's name, alphabetical."""
    async with store._ctx.db.reading() as conn:  # storage-internal: same package
        rows = await fetch_all(conn, "SELECT name FROM organisations ORDER BY name")
    return [row["name"] for row in rows]


async def team_names(store: Store, organisation: str) -> list[str]:
    """The teams an organisation already has, alphabetical."""
    async with store._ctx.db.reading() as conn:
        rows = await fetch_all(
            conn,
            "SELECT t.name FROM teams t JOIN organisations o ON o.id = t.organisation_id"
            " WHERE o.name = ? ORDER BY t.name",
            (organisation,),
        )
    return [row["name"] for row in rows]


async def idle_surveys(store: Store, idle_before: datetime) -> list[SurveyActivity]:
    """Started, unfinished surveys (the participant's current one, latest round) untouched
    since ``idle_before``, of participants with a chat not flagged unsafe, not yet reminded.

    A reminder belongs to a round if it is still pending or ended after the round started,
    so a new round (another check-in) can be reminded again while an old one cannot. A
    cancelled reminder never sent (hiding the chat leaves one) holds only until the person
    is active in the survey again.
    """
    async with store._ctx.db.reading() as conn:
        rows = await fetch_all(
            conn,
            "SELECT s.participant_id, s.timepoint, s.status, s.started_at, s.updated_at,"
            " p.contact_unsafe, s.timepoint = p.current_timepoint AS current"
            " FROM sessions s JOIN participants p ON p.id = s.participant_id"
            " JOIN cases c ON c.id = p.case_id"
            " WHERE s.state_enc IS NOT NULL AND s.status IN (?, ?) AND s.updated_at <= ?"
            " AND p.contact_unsafe = 0 AND p.chat_enc IS NOT NULL AND c.state <> 'erased'"
            " AND s.timepoint = p.current_timepoint"
            f" AND {_LATEST_ROUND} AND NOT EXISTS (SELECT 1 FROM reminders r"
            " WHERE r.participant_id = s.participant_id AND r.timepoint = s.timepoint"
            " AND (r.cancelled_at IS NULL OR (r.cancelled_at >= s.started_at"
            " AND (r.sent_count > 0 OR r.cancelled_at >= s.updated_at))))"
            " ORDER BY s.updated_at, s.id",
            (*UNFINISHED, to_text(idle_before)),
        )
    return [_activity(row) for row in rows]


async def survey_activity(
    store: Store, participant_id: int, timepoint: str
) -> SurveyActivity | None:
    """The latest round of one participant's survey at ``timepoint``; None if none started."""
    async with store._ctx.db.reading() as conn:
        row = await fetch_one(
            conn,
            "SELECT s.participant_id, s.timepoint, s.status, s.started_at, s.updated_at,"
            " p.contact_unsafe, s.timepoint = p.current_timepoint AS current"
            " FROM sessions s JOIN participants p ON p.id = s.participant_id"
            f" WHERE s.participant_id = ? AND s.timepoint = ? AND s.state_enc IS NOT NULL"
            f" AND {_LATEST_ROUND}",
            (participant_id, timepoint),
        )
    return None if row is None else _activity(row)


async def postpone_reminder(store: Store, reminder_id: int, due_at: datetime) -> None:
    """Move a pending reminder to ``due_at`` (quiet hours, recent activity), keeping its count."""
    async with store._ctx.db.transaction() as conn:
        await conn.execute(
            "UPDATE reminders SET due_at = ? WHERE id = ? AND cancelled_at IS NULL",
            (to_text(due_at), reminder_id),
        )


def _activity(row: object) -> SurveyActivity:
    return SurveyActivity(
        participant_id=row["participant_id"],  # type: ignore[index]
        timepoint=row["timepoint"],  # type: ignore[index]
        status=row["status"],  # type: ignore[index]
        started_at=from_text(row["started_at"]),  # type: ignore[index, arg-type]
        updated_at=from_text(row["updated_at"]),  # type: ignore[index, arg-type]
        contact_unsafe=bool(row["contact_unsafe"]),  # type: ignore[index]
        current=bool(row["current"]),  # type: ignore[index]
    )
