"""Staff: who may use staff commands, with role and organisation, found by Telegram user id."""

from __future__ import annotations

from typing import Any

from storage.base import (
    STAFF_USER_LABEL,
    USER_HASH,
    Context,
    fetch_all,
    fetch_one,
    insert,
    write_audit,
)
from storage.clock import from_text
from storage.connection import Connection
from storage.errors import Conflict, NotFound, StorageError
from storage.models import ROLES, StaffMember
from storage.orgs import organisation_id

_SELECT = (
    "SELECT s.*, o.name AS organisation FROM staff s"
    " LEFT JOIN organisations o ON o.id = s.organisation_id"
)


class StaffRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def _from_row(self, row: Any) -> StaffMember:
        return StaffMember(
            id=row["id"],
            role=row["role"],
            organisation=row["organisation"],
            active=bool(row["active"]),
            added_at=from_text(row["added_at"]),  # type: ignore[arg-type]
            telegram_user_id=int(self._ctx.keyring.decrypt(row["user_enc"], STAFF_USER_LABEL)),
        )

    async def add(
        self,
        telegram_user_id: int,
        role: str,
        organisation: str | None = None,
        *,
        actor: str = "cli",
    ) -> StaffMember:
        if role not in ROLES:
            raise StorageError(f"The role must be one of {', '.join(ROLES)}; got {role!r}.")
        if role == "practitioner" and not organisation:
            raise StorageError("A practitioner needs an organisation (--org).")
        if int(telegram_user_id) <= 0:  # negative ids are groups and channels, never people
            raise StorageError(
                "A Telegram user id is a positive number (a group's or channel's id is"
                " negative); see 'Finding someone's Telegram user id' in docs/running.md."
            )
        user_hash = self._ctx.keyring.lookup_hash(int(telegram_user_id), USER_HASH)
        async with self._ctx.db.transaction() as conn:
            now = self._ctx.now()
            org_id = await organisation_id(conn, organisation, now) if organisation else None
            staff_id = await self._insert_or_restore(
                conn, user_hash, telegram_user_id, role, org_id
            )
            detail = {"staff_id": staff_id, "role": role}
            await write_audit(conn, now, actor, "staff_added", None, detail)
            row = await fetch_one(conn, _SELECT + " WHERE s.id = ?", (staff_id,))
        return self._from_row(row)

    async def _insert_or_restore(
        self,
        conn: Connection,
        user_hash: bytes,
        user_id: int,
        role: str,
        org_id: int | None,
    ) -> int:
        """A new staff row, or the removed one back with its new role (rows are never
        deleted: alerts name who acknowledged them)."""
        existing = await fetch_one(
            conn, "SELECT id, active FROM staff WHERE user_hash = ?", (user_hash,)
        )
        if existing is not None and existing["active"]:
            raise Conflict("That Telegram user is already on the staff list.")
        if existing is not None:
            await conn.execute(
                "UPDATE staff SET role = ?, organisation_id = ?, active = 1 WHERE id = ?",
                (role, org_id, existing["id"]),
            )
            return int(existing["id"])
        encrypted = self._ctx.keyring.encrypt(str(int(user_id)).encode(), STAFF_USER_LABEL)
        return await insert(
            conn,
            "INSERT INTO staff (role, organisation_id, user_hash, user_enc, added_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (role, org_id, user_hash, encrypted, self._ctx.now()),
        )

    async def by_telegram_id(self, telegram_user_id: int) -> StaffMember | None:
        """The active staff member with this Telegram user id, or None."""
        user_hash = self._ctx.keyring.lookup_hash(int(telegram_user_id), USER_HASH)
        async with self._ctx.db.reading() as conn:
            row = await fetch_one(
                conn, _SELECT + " WHERE s.user_hash = ? AND s.active = 1", (user_hash,)
            )
        return None if row is None else self._from_row(row)

    async def list(self) -> list[StaffMember]:
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(conn, _SELECT + " ORDER BY s.id")
        return [self._from_row(row) for row in rows]

    async def deactivate(self, staff_id: int, *, actor: str = "cli") -> None:
        async with self._ctx.db.transaction() as conn:
            if not await fetch_one(conn, "SELECT 1 FROM staff WHERE id = ?", (staff_id,)):
                raise NotFound(f"No staff member has id {staff_id}.")
            await conn.execute("UPDATE staff SET active = 0 WHERE id = ?", (staff_id,))
            await write_audit(
                conn, self._ctx.now(), actor, "staff_deactivated", None, {"staff_id": staff_id}
            )
