"""Open cases due a scheduled check-in (``survey.checkin_every_days``; journey 4: check-ins
are hub-triggered or scheduled).

A case is due when its most recent survey was finished (the start or a check-in: a survey
left part-way has reminders instead, and one declined or stopped is not asked again), no
survey in it has moved since ``since``, and no check-in or end invite was sent to it (by
staff or the schedule) since then, nor one found undeliverable (``checkin_undelivered``, so
a blocked chat is not tried every hour). Whether someone can be contacted (joined, not
withdrawn, contact not flagged unsafe) is the bot's check, as for ``/checkin``.
"""

from __future__ import annotations

from datetime import datetime

from storage.base import Context, fetch_all
from storage.case_lookup import CASE_SELECT, case_from_row
from storage.clock import to_text
from storage.models import Case

# Audit actions that mean the case was contacted, or tried, since ``since``.
CONTACTED = ("invite_sent", "checkin_undelivered")

_DUE = f"""
WHERE c.state = 'open'
  AND (SELECT s.status = 'completed' AND s.timepoint IN ('start', 'checkin')
       FROM sessions s JOIN participants p ON p.id = s.participant_id
       WHERE p.case_id = c.id ORDER BY s.started_at DESC, s.id DESC LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM sessions s JOIN participants p ON p.id = s.participant_id
                  WHERE p.case_id = c.id AND s.updated_at > :since)
  AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.case_id = c.id
                  AND a.action IN {CONTACTED!r} AND a.at > :since)
ORDER BY c.id"""


async def cases_due_checkin(ctx: Context, since: datetime) -> list[Case]:
    """Open cases with nothing asked, answered or sent since ``since`` (see the module)."""
    async with ctx.db.reading() as conn:
        rows = await fetch_all(conn, CASE_SELECT + _DUE, {"since": to_text(since)})
    return [case_from_row(row) for row in rows]
