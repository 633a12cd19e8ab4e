"""Reading stored answers back (for the hub's review of a case and for tests).

Reads that show a case's answers to staff should be audited by the caller with
``store.cases.record_read``; this repository does not know who is reading.
"""

from __future__ import annotations

from typing import Any

from storage.base import ANSWER_TEXT_LABEL, ANSWER_VOICE_LABEL, Context, fetch_all
from storage.clock import from_text
from storage.models import StoredAnswer


def _answer_from_row(ctx: Context, row: Any) -> StoredAnswer:
    return StoredAnswer(
        id=row["id"],
        case_id=row["case_id"],
        participant_id=row["participant_id"],
        timepoint=row["timepoint"],
        round=row["round"],
        measure=row["measure"],
        question_id=row["question_id"],
        value=row["value"],
        variant=row["variant"],
        language=row["language"],
        channel=row["channel"],
        answered_by=row["answered_by"],
        participant_kind=row["participant_kind"],
        answered_at=from_text(row["answered_at"]),  # type: ignore[arg-type]
        outcome_ref=row["outcome_ref"],
        rechecked=bool(row["rechecked"]),
        text=ctx.keyring.decrypt_text(row["text_enc"], ANSWER_TEXT_LABEL),
        voice_ref=ctx.keyring.decrypt_text(row["voice_ref_enc"], ANSWER_VOICE_LABEL),
        source_message_id=row["source_message_id"],
    )


class AnswerRepository:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def for_case(self, case_id: int) -> list[StoredAnswer]:
        """Every answer in a case, oldest first, with free text decrypted."""
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(
                conn,
                "SELECT a.*, t.source_message_id FROM answers a"
                " LEFT JOIN turns t ON t.id = a.turn_id WHERE a.case_id = ? ORDER BY a.id",
                (case_id,),
            )
        return [_answer_from_row(self._ctx, row) for row in rows]

    async def count(self) -> int:
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(conn, "SELECT COUNT(*) FROM answers")
        return int(rows[0][0])
