"""Staff exchanges in progress (``/newcase``, ``/close``), kept so a restart loses none.

One row per staff member, found from the Telegram user id through the staff table (an
exchange runs in the member's private chat, so no chat id is stored). What was given so far
is encrypted; the step and its button number (``seq``) are not, so a stale button is refused
without decrypting anything. An exchange untouched for ``EXCHANGE_MAX_AGE`` is reported as
expired, and ``forget_expired`` (run by ``checkin purge``) deletes such ones. Deleting one
with ``finish(staff_id, seq)`` is also how the last step claims it: of two taps racing on
the same step, only one gets True.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from storage.base import USER_HASH, Context, fetch_one
from storage.clock import from_text, to_text

EXCHANGE_MAX_AGE = timedelta(hours=24)
STAFF_EXCHANGE_LABEL = "staff_exchanges.state"

_FOR_USER = (
    "SELECT e.* FROM staff_exchanges e JOIN staff s ON s.id = e.staff_id"
    " WHERE s.user_hash = ? AND s.active = 1"
)
_SAVE = (
    "INSERT INTO staff_exchanges (staff_id, kind, step, seq, case_id, state_enc, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE SET kind = excluded.kind,"
    " step = excluded.step, seq = excluded.seq, case_id = excluded.case_id,"
    " state_enc = excluded.state_enc, updated_at = excluded.updated_at"
)


@dataclass(frozen=True)
class StoredExchange:
    """A staff member's exchange as last saved; ``expired`` if left too long."""

    staff_id: int
    kind: str
    step: str
    seq: int
    choices: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    selected: tuple[str, ...] = ()
    case_id: int | None = None
    updated_at: datetime | None = None
    expired: bool = False


class StaffExchanges:
    """Save, find and end staff members' unfinished exchanges."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def save(
        self, staff_id: int, kind: str, step: str, seq: int, *,
        choices: Sequence[str] = (), data: Mapping[str, Any] | None = None,
        selected: Sequence[str] = (), case_id: int | None = None,
    ) -> None:  # fmt: skip
        """Keep the exchange at ``step`` (replacing the member's earlier one, if any)."""
        state = {"choices": list(choices), "data": dict(data or {}), "selected": list(selected)}
        plain = json.dumps(state, sort_keys=True, separators=(",", ":")).encode("utf-8")
        encrypted = self._ctx.keyring.encrypt(plain, STAFF_EXCHANGE_LABEL)
        params = (staff_id, kind, step, int(seq), case_id, encrypted, self._ctx.now())
        async with self._ctx.db.transaction() as conn:
            await conn.execute(_SAVE, params)

    async def for_user(self, telegram_user_id: int) -> StoredExchange | None:
        """The active staff member's exchange, or None (not staff, removed, or none)."""
        user_hash = self._ctx.keyring.lookup_hash(int(telegram_user_id), USER_HASH)
        async with self._ctx.db.reading() as conn:
            row = await fetch_one(conn, _FOR_USER, (user_hash,))
        return None if row is None else self._from_row(row)

    async def finish(self, staff_id: int, seq: int | None = None) -> bool:
        """Delete the member's exchange (only if still at the step numbered ``seq``, when
        given); True if this call deleted it."""
        sql, params = "DELETE FROM staff_exchanges WHERE staff_id = ?", (staff_id,)
        if seq is not None:
            sql, params = sql + " AND seq = ?", (staff_id, int(seq))
        async with self._ctx.db.transaction() as conn, conn.execute(sql, params) as cursor:
            return cursor.rowcount == 1

    async def forget_expired(self) -> int:
        """Delete every exchange left longer than ``EXCHANGE_MAX_AGE``; how many."""
        cutoff = to_text(self._ctx.clock() - EXCHANGE_MAX_AGE)
        sql = "DELETE FROM staff_exchanges WHERE updated_at < ?"
        async with self._ctx.db.transaction() as conn, conn.execute(sql, (cutoff,)) as cursor:
            return cursor.rowcount

    def _from_row(self, row: Any) -> StoredExchange:
        state = json.loads(self._ctx.keyring.decrypt(row["state_enc"], STAFF_EXCHANGE_LABEL))
        updated_at = from_text(row["updated_at"])
        assert updated_at is not None  # NOT NULL in the schema
        return StoredExchange(
            staff_id=row["staff_id"],
            kind=row["kind"],
            step=row["step"],
            seq=row["seq"],
            choices=tuple(state["choices"]),
            data=state["data"],
            selected=tuple(state["selected"]),
            case_id=row["case_id"],
            updated_at=updated_at,
            expired=self._ctx.clock() - updated_at > EXCHANGE_MAX_AGE,
        )
