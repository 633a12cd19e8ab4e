"""Survey sessions: the engine's state per participant, timepoint and round, encrypted.

A round is opened when an invite is redeemed; ``load`` returns the latest round's state
(None when that round has not started yet, so the engine starts afresh).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from dialogs.types import SessionState
from storage.base import SESSION_STATE_LABEL, Context, fetch_one, insert
from storage.connection import Connection


async def latest_round(conn: Connection, participant_id: int, timepoint: str) -> Any | None:
    return await fetch_one(
        conn,
        "SELECT * FROM sessions WHERE participant_id = ? AND timepoint = ?"
        " ORDER BY round DESC LIMIT 1",
        (participant_id, timepoint),
    )


def state_from_row(ctx: Context, row: Any | None) -> SessionState | None:
    """The survey state saved in a ``sessions`` row (None: no row, or not started)."""
    if row is None or row["state_enc"] is None:
        return None
    data = json.loads(ctx.keyring.decrypt(row["state_enc"], SESSION_STATE_LABEL))
    return SessionState.from_dict(data)


async def open_round(conn: Connection, ctx: Context, participant_id: int, timepoint: str) -> int:
    """Make sure an unstarted round exists for this timepoint; return its session id."""
    last = await latest_round(conn, participant_id, timepoint)
    if last is not None and last["state_enc"] is None:
        return int(last["id"])
    next_round = 1 if last is None else int(last["round"]) + 1
    now = ctx.now()
    return await insert(
        conn,
        "INSERT INTO sessions (participant_id, timepoint, round, status, started_at, updated_at)"
        " VALUES (?, ?, ?, 'invited', ?, ?)",
        (participant_id, timepoint, next_round, now, now),
    )


async def current_session(
    conn: Connection, ctx: Context, participant_id: int, timepoint: str
) -> tuple[int, int]:
    """(session id, round) of the latest round, opening round 1 if there is none."""
    last = await latest_round(conn, participant_id, timepoint)
    if last is None:
        session_id = await open_round(conn, ctx, participant_id, timepoint)
        return session_id, 1
    return int(last["id"]), int(last["round"])


async def write_state(conn: Connection, ctx: Context, session_id: int, state: SessionState) -> None:
    blob = ctx.keyring.encrypt(json.dumps(state.to_dict()).encode("utf-8"), SESSION_STATE_LABEL)
    completed = ctx.now() if state.status == "completed" else None
    await conn.execute(
        "UPDATE sessions SET state_enc = ?, status = ?, updated_at = ?,"
        " completed_at = COALESCE(completed_at, ?) WHERE id = ?",
        (blob, state.status, ctx.now(), completed, session_id),
    )


@dataclass(frozen=True)
class ShownQuestion:
    """The question numbered ``seq`` of this participant's survey reached them."""

    participant_id: int
    timepoint: str
    seq: int


async def mark_shown(conn: Connection, shown: ShownQuestion) -> None:
    """Record the last question sent, on the survey's latest round."""
    await conn.execute(
        "UPDATE sessions SET shown_seq = ? WHERE id = (SELECT id FROM sessions"
        " WHERE participant_id = ? AND timepoint = ? ORDER BY round DESC LIMIT 1)",
        (shown.seq, shown.participant_id, shown.timepoint),
    )


class SessionRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def load(self, participant_id: int, timepoint: str) -> SessionState | None:
        async with self._ctx.db.reading() as conn:
            row = await latest_round(conn, participant_id, timepoint)
        return state_from_row(self._ctx, row)

    async def save(self, participant_id: int, state: SessionState) -> None:
        """Store a state with no records (e.g. the first question shown). Prefer save_turn."""
        async with self._ctx.db.transaction() as conn:
            session_id, _ = await current_session(conn, self._ctx, participant_id, state.timepoint)
            await write_state(conn, self._ctx, session_id, state)
