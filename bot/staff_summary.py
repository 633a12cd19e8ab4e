"""``/summary``: before/after figures for the organisation or the whole partnership.

Figures come from analytics (``storage.reporting.report_counts`` then
``analytics.build.build_report``), so the bot shows the same numbers as ``checkin report``.
Hub staff see exact counts; everyone else (board members, and practitioners for their own
organisation) sees them with analytics' small-number protection: 0-4 shown as [c], others
rounded to 5, percentages withheld on small bases. The run is audited as one aggregate read.
"""

from __future__ import annotations

from analytics.build import build_report
from analytics.schema import Filters, Report, Share
from analytics.suppress import Audience, Shown
from bot.roles import StaffAccess, visible_organisation
from bot.staff_words import staff_text
from storage.staff_queries import organisation_names
from storage.store import Store


def audience_of(access: StaffAccess) -> Audience:
    """Exact figures for the hub only."""
    return "hub" if access.member.role == "hub" else "board"


async def summary(store: Store, access: StaffAccess, organisation: str | None = None) -> str:
    """The summary message; a practitioner always gets their own organisation's figures. A
    named organisation is found whatever its capitals; one that does not exist is said so,
    with the names there are."""
    # imported here: the report queries are analytics' work and may land after this module
    from storage.reporting import ReportFilters, report_counts

    scope = visible_organisation(access.member)
    if scope is None and organisation is not None:
        names = await organisation_names(store)
        scope = next((n for n in names if n.casefold() == organisation.casefold()), None)
        if scope is None:  # a typo would show every figure as 0, as if it had no cases
            return staff_text("summary.no_such_organisation", organisation=organisation,
                              names=", ".join(names) or "-")  # fmt: skip
    audience = audience_of(access)
    counts = await report_counts(store, ReportFilters(organisation=scope))
    report = build_report(counts, Filters(organisation=scope), audience)
    await store.record_audit(access.actor, "summary_read", None, audience=audience,
                             organisation=scope)  # fmt: skip
    return summary_text(report, scope or staff_text("summary.partnership"))


def _share(share: Share) -> str:
    shown = f"{share.count} of {share.base}"
    return shown if share.percent is None else f"{shown} ({share.percent:g}%)"


def _with_percent(count: Shown, percent: float | None) -> str:
    return str(count) if percent is None else f"{count} ({percent:g}%)"


def summary_text(report: Report, scope: str) -> str:
    """The report's headline figures as a few plain lines."""
    flow, safety, outcomes = report.flow, report.safety, report.outcomes
    lines = [staff_text("summary.heading", scope=scope)]
    if report.audience != "hub":
        lines.append(staff_text("summary.protected"))
    lines += [
        staff_text("summary.flow", cases=report.cases, started=flow.start_completed,
                   closed=flow.closed, ended=flow.end_completed),
        staff_text("summary.safety", pairs=safety.pairs,
                   safer=_with_percent(safety.safer, safety.safer_percent),
                   same=_with_percent(safety.same, safety.same_percent),
                   less_safe=_with_percent(safety.less_safe, safety.less_safe_percent)),
        staff_text("summary.safe_as_wanted", start=_share(safety.as_safe_as_wanted_start),
                   end=_share(safety.as_safe_as_wanted_end)),
        staff_text("summary.outcomes",
                   fully=_with_percent(outcomes.fully, outcomes.fully_percent),
                   partly=_with_percent(outcomes.partially, outcomes.partially_percent),
                   not_achieved=_with_percent(outcomes.not_achieved,
                                              outcomes.not_achieved_percent)),
        staff_text("summary.made_safer", made_safer=_share(report.experience.made_safer_yes)),
    ]  # fmt: skip
    return "\n".join(lines)
