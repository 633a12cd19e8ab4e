"""Turns the counts from ``storage.reporting`` into the report model for one audience."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from analytics.experience import summarise_alerts, summarise_experience
from analytics.outcomes import summarise_outcomes
from analytics.safety import summarise_safety
from analytics.schema import Breakdown, BreakdownRow, Filters, FreeText, Report
from analytics.suppress import Audience, Presenter
from dialogs.vocabulary import ANSWERED_BY
from storage.reporting import MIXED, GroupCounts, ReportCounts
from storage.terms import NO_END_SURVEY_REASONS

ANSWERER_GROUPS: tuple[str, ...] = (*ANSWERED_BY, MIXED)
END_MISSING_REASONS: tuple[str, ...] = (*NO_END_SURVEY_REASONS, "not_recorded")


def group_sections(
    counts: GroupCounts, present: Presenter, by_answerer: dict[str, GroupCounts] | None = None
) -> dict[str, object]:
    """Every section of ``Group`` for one group of cases."""
    flow = counts.flow
    return {
        "cases": present.count(counts.cases),
        "flow": {
            "opened": present.count(flow.opened),
            "invites_used": present.count(flow.invites_used),
            "start_completed": present.count(flow.start_completed),
            "closed": present.count(flow.closed),
            "end_completed": present.count(flow.end_completed),
            "end_completed_percent_of_closed": present.percent(flow.end_completed, flow.closed),
            "end_missing": present.counts(_every_reason(flow.end_missing)),
        },
        "safety": summarise_safety(counts.safety, present),
        "safety_by_answered_by": {
            key: summarise_safety(group.safety, present)
            for key, group in (by_answerer or {}).items()
        },
        "outcomes": summarise_outcomes(
            counts.sg4a, counts.achievement, present, counts.outcomes_without_end_survey
        ),
        "experience": summarise_experience(counts.measures, counts.support_flags_open, present),
        "alerts": summarise_alerts(counts.alerts, present),
    }


def _every_reason(end_missing: dict[str, int]) -> dict[str, int]:
    """Every reason for a missing end survey, 0 where none: a reason listed only when it
    happened would tell the board that a [c] beside it is not 0."""
    return {**dict.fromkeys(END_MISSING_REASONS, 0), **end_missing}


def build_report(
    counts: ReportCounts,
    filters: Filters,
    audience: Audience,
    free_text: FreeText | None = None,
    notes: Iterable[str] = (),
) -> Report:
    """The report for ``audience``; free text is dropped unless the audience is the hub.

    Self, self-with-help, representative and mixed answers are always reported separately
    (``safety_by_answered_by``) as well as together, when the answered_by counts are given.
    """
    present = Presenter(audience)
    by_answerer = counts.breakdowns.get("answered_by", {})
    ordered = {key: by_answerer[key] for key in ANSWERER_GROUPS if key in by_answerer}
    breakdowns = [
        Breakdown(
            dimension=dimension,
            rows=[
                BreakdownRow(value=value, **group_sections(group, present))
                for value, group in sorted(rows.items())
            ],
        )
        for dimension, rows in counts.breakdowns.items()
        if dimension in filters.by
    ]
    return Report(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        audience=audience,
        filters=filters,
        notes=[*audience_notes(audience), *notes],
        free_text=free_text if audience == "hub" else None,
        breakdowns=breakdowns,
        **group_sections(counts.overall, present, ordered),
    )


def audience_notes(audience: Audience) -> list[str]:
    """Plain-language notes printed with every report."""
    notes = [
        "A pair is a case with a safety level at the start and at the end (the start "
        "survey's answer as the person left it, so an answer changed with Back counts; the "
        "last end answer). Don't know and prefer not to say are not levels.",
        "Levels are ordered, not equal steps: only the direction of change, the median "
        "change and a Wilcoxon signed-rank test are reported.",
        "Answers by the person, by the person with help and by a representative are shown "
        "separately as well as together; 'mixed' means a case's answers came from more than "
        "one kind of answerer.",
    ]
    if audience == "board":
        notes.append(
            "Small numbers are protected: counts of 0 to 4 are shown as [c], other counts are "
            "rounded to the nearest 5, and percentages are worked out from the rounded counts "
            "(so they cannot give away a hidden count) and withheld where they rest on a "
            "count of 0 to 4."
        )
    else:
        notes.append("Hub report: exact counts. Do not share it outside the hub.")
    return notes
