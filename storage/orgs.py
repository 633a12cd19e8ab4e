"""Organisations and teams: created on first use by name."""

from __future__ import annotations

from storage.base import fetch_one
from storage.connection import Connection


async def organisation_id(conn: Connection, name: str, now: str) -> int:
    """The organisation's id, creating it on first use."""
    await conn.execute(
        "INSERT OR IGNORE INTO organisations (name, created_at) VALUES (?, ?)", (name, now)
    )
    row = await fetch_one(conn, "SELECT id FROM organisations WHERE name = ?", (name,))
    return int(row["id"])


async def team_id(conn: Connection, org_id: int, name: str, now: str) -> int:
    await conn.execute(
        "INSERT OR IGNORE INTO teams (organisation_id, name, created_at) VALUES (?, ?, ?)",
        (org_id, name, now),
    )
    row = await fetch_one(
        conn, "SELECT id FROM teams WHERE organisation_id = ? AND name = ?", (org_id, name)
    )
    return int(row["id"])
