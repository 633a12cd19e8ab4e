"""What a participant last said to taking part (the ``consents`` rows the engine's consent
question writes): True, False, or None when they were never asked (they stopped before the
question, or joined with a link that skipped it).

A new phone is a new participant in the same role (see ``storage.invite_joining``), so the
answer is the latest given in that role in the case: the person, or a representative of one
kind. A check-in or the end questions must not assume consent that was declined or never
given (the bot asks again when it was never given, and does not send when it was declined).
"""

from __future__ import annotations

from storage.base import Context, fetch_one

_LATEST = """SELECT c.given FROM consents c JOIN participants p ON p.id = c.participant_id
JOIN participants me ON me.id = :participant
WHERE p.case_id = me.case_id AND p.kind = me.kind AND p.rep_kind IS me.rep_kind
ORDER BY c.id DESC LIMIT 1"""


async def latest_consent(ctx: Context, participant_id: int) -> bool | None:
    """The participant's (or their role's) latest answer to the consent question."""
    async with ctx.db.reading() as conn:
        row = await fetch_one(conn, _LATEST, {"participant": participant_id})
    return None if row is None else bool(row["given"])
