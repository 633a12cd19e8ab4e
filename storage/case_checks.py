"""What a case may hold, checked before anything is written: non-empty names, the
Safeguarding Adults Collection choices, and one reference per organisation. Each refusal
is a plain-language StorageError (or Conflict) saying what to change."""

from __future__ import annotations

from collections.abc import Sequence

from storage.base import fetch_one
from storage.connection import Connection
from storage.errors import Conflict, StorageError
from storage.models import CONCERN_TYPES


def check_choice(value: str | None, allowed: Sequence[str], what: str) -> None:
    if value is not None and value not in allowed:
        raise StorageError(f"{what} must be one of {', '.join(allowed)}; got {value!r}.")


def check_new_case(
    organisation: str, team: str, local_ref: str, concern_types: Sequence[str]
) -> None:
    for label, value in (("organisation", organisation), ("team", team), ("reference", local_ref)):
        if not value.strip():
            raise StorageError(f"The case {label} must not be empty.")
    for concern in concern_types:
        check_choice(concern, CONCERN_TYPES, "A concern type")


async def refuse_duplicate(
    conn: Connection, org_id: int, organisation: str, local_ref: str
) -> None:
    clash = await fetch_one(
        conn, "SELECT 1 FROM cases WHERE organisation_id = ? AND local_ref = ?", (org_id, local_ref)
    )
    if clash:
        raise Conflict(f"{organisation} already has a case {local_ref!r}; use another reference.")
