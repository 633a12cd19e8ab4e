"""Answer export: one row per answer with its case, organisation and team. Free text only
when asked for; every export is written to the audit log before the first row is read."""

from __future__ import annotations

from collections.abc import AsyncIterator

from storage.base import ANSWER_TEXT_LABEL, Context, fetch_all, write_audit
from storage.models import ExportRow

_PAGE = 2000
_SQL = (
    "SELECT a.id, c.local_ref, o.name AS organisation, t.name AS team, a.timepoint, a.round,"
    " a.measure, a.outcome_ref, a.value, a.variant, a.language, a.channel, a.answered_by,"
    " a.participant_kind, a.answered_at, a.text_enc FROM answers a"
    " JOIN cases c ON c.id = a.case_id JOIN organisations o ON o.id = c.organisation_id"
    " JOIN teams t ON t.id = c.team_id WHERE a.id > ?"
)


async def export_rows(
    ctx: Context, *, include_text: bool, organisation: str | None, actor: str,
    destination: str | None = None,
) -> AsyncIterator[ExportRow]:  # fmt: skip
    """The rows, a page at a time; the audit entry says whether free text was included,
    for which organisation, and where the rows went (a file path, so copies of people's
    words can be found and deleted later), before the first row is read."""
    detail: dict[str, object] = {"include_text": include_text, "organisation": organisation}
    if destination is not None:
        detail["destination"] = destination
    async with ctx.db.transaction() as conn:
        await write_audit(conn, ctx.now(), actor, "answers_exported", None, detail)
    last_id = 0
    while True:
        sql, params = _SQL, [last_id]
        if organisation is not None:
            sql += " AND o.name = ?"
            params.append(organisation)
        async with ctx.db.reading() as conn:
            rows = await fetch_all(conn, sql + f" ORDER BY a.id LIMIT {_PAGE}", tuple(params))
        if not rows:
            return
        for row in rows:
            text = None
            if include_text and row["text_enc"] is not None:
                text = ctx.keyring.decrypt(row["text_enc"], ANSWER_TEXT_LABEL).decode("utf-8")
            yield ExportRow(
                case_ref=row["local_ref"],
                organisation=row["organisation"],
                team=row["team"],
                timepoint=row["timepoint"],
                round=row["round"],
                measure=row["measure"],
                outcome_ref=row["outcome_ref"],
                value=row["value"],
                variant=row["variant"],
                language=row["language"],
                channel=row["channel"],
                answered_by=row["answered_by"],
                participant_kind=row["participant_kind"],
                answered_at=row["answered_at"],
                text=text,
            )
        last_id = rows[-1]["id"]
