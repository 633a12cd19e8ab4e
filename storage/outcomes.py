"""Outcomes the person wants: the current list per case and every revision of it."""

from __future__ import annotations

from dialogs.types import Outcome, OutcomesRevised
from storage.base import OUTCOME_TEXT_LABEL, REVISION_TEXT_LABEL, Context, fetch_all, insert
from storage.connection import Connection


async def store_revision(
    conn: Connection,
    ctx: Context,
    case_id: int,
    participant_id: int,
    session_id: int,
    record: OutcomesRevised,
) -> int:
    """Apply one OutcomesRevised to the case's outcomes and keep it as a revision."""
    now, context = ctx.now(), record.context
    revision_id = await insert(
        conn,
        "INSERT INTO outcome_revisions (case_id, participant_id, session_id, timepoint, status,"
        " variant, language, answered_by, revised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            case_id,
            participant_id,
            session_id,
            context.timepoint,
            record.status,
            context.variant,
            context.language,
            context.answered_by,
            now,
        ),
    )
    rows = await fetch_all(conn, "SELECT * FROM outcomes WHERE case_id = ?", (case_id,))
    existing = {row["ref"]: row for row in rows}
    seen: set[str] = set()
    for outcome in record.outcomes:
        if outcome.ref in seen:
            continue
        seen.add(outcome.ref)
        change = await _upsert_outcome(conn, ctx, case_id, participant_id, outcome, existing, now)
        await _item(conn, ctx, revision_id, outcome.ref, outcome.source, outcome.text, change)
    for ref in record.dropped:
        row = existing.get(ref)
        if ref in seen or row is None or not row["active"]:
            continue
        seen.add(ref)
        await conn.execute(
            "UPDATE outcomes SET active = 0, dropped_at = ? WHERE id = ?", (now, row["id"])
        )
        await _item(conn, ctx, revision_id, ref, row["source"], None, "dropped")
    return revision_id


async def _upsert_outcome(conn, ctx, case_id, participant_id, outcome, existing, now) -> str:  # noqa: ANN001
    encrypted = ctx.keyring.encrypt(outcome.text.encode("utf-8"), OUTCOME_TEXT_LABEL)
    row = existing.get(outcome.ref)
    if row is None:
        await conn.execute(
            "INSERT INTO outcomes (case_id, participant_id, ref, source, text_enc, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, participant_id, outcome.ref, outcome.source, encrypted, now),
        )
        return "added"
    old_text = ctx.keyring.decrypt(row["text_enc"], OUTCOME_TEXT_LABEL).decode("utf-8")
    if old_text == outcome.text and row["source"] == outcome.source and row["active"]:
        return "kept"
    await conn.execute(
        "UPDATE outcomes SET source = ?, text_enc = ?, active = 1, dropped_at = NULL WHERE id = ?",
        (outcome.source, encrypted, row["id"]),
    )
    return "changed"


async def _item(conn, ctx, revision_id, ref, source, text, change) -> None:  # noqa: ANN001
    await conn.execute(
        "INSERT INTO outcome_revision_items (revision_id, ref, source, text_enc, change)"
        " VALUES (?, ?, ?, ?, ?)",
        (revision_id, ref, source, ctx.keyring.encrypt_text(text, REVISION_TEXT_LABEL), change),
    )


async def current_outcomes(conn: Connection, ctx: Context, case_id: int) -> tuple[Outcome, ...]:
    rows = await fetch_all(
        conn,
        "SELECT ref, source, text_enc FROM outcomes WHERE case_id = ? AND active = 1 ORDER BY id",
        (case_id,),
    )
    return tuple(
        Outcome(
            ref=row["ref"],
            text=ctx.keyring.decrypt(row["text_enc"], OUTCOME_TEXT_LABEL).decode("utf-8"),
            source=row["source"],
        )
        for row in rows
    )
