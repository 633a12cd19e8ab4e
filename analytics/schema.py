"""The report's documented, stable shape (pydantic): what ``--format json`` writes.

Keys are stable; new keys may be added, none renamed or removed without a new
``schema_version``. Counts are ``int`` for the hub; in a board report they are rounded to the
nearest 5 or shown as ``"[c]"`` (see ``analytics.suppress``). Percentages are 0-100 with one
decimal, computed from exact counts for the hub and from the rounded counts for the board,
and ``null`` where withheld or where the base is 0.

The section models (Flow, Safety, Outcomes, ...) are in ``analytics.schema_sections`` and
are importable from here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from analytics.schema_sections import (
    Alerts,
    Experience,
    Flow,
    FreeText,
    Measure,
    Model,
    Outcomes,
    Polarity,
    Safety,
    Share,
    Shown,
    Wilcoxon,
)

__all__ = [
    "SCHEMA_VERSION", "Alerts", "Breakdown", "BreakdownRow", "Experience", "Filters", "Flow",
    "FreeText", "Group", "Measure", "Outcomes", "Polarity", "Report", "Safety", "Share",
    "Shown", "Wilcoxon",
]  # fmt: skip

SCHEMA_VERSION = 1


class Filters(Model):
    """The selection: cases opened from/to (inclusive dates), organisation, team, breakdowns;
    ``concluded``: closed cases only, by the day they were closed (the SAC return);
    ``timezone``: the days and months are local days in this zone."""

    date_from: str | None = None
    date_to: str | None = None
    organisation: str | None = None
    team: str | None = None
    by: list[str] = Field(default_factory=list)
    concluded: bool = False
    timezone: str = "UTC"


class Group(Model):
    """Every section for one group of cases (the whole selection or one breakdown row)."""

    cases: Shown
    flow: Flow
    safety: Safety
    safety_by_answered_by: dict[str, Safety] = Field(default_factory=dict)
    outcomes: Outcomes
    experience: Experience
    alerts: Alerts


class BreakdownRow(Group):
    """One value of a breakdown dimension (e.g. one organisation)."""

    value: str


class Breakdown(Model):
    """The selection split by one dimension; a case with several concern types is counted
    under each of them, so concern_type rows may add up to more than the total."""

    dimension: str
    rows: list[BreakdownRow]


class Report(Group):
    """The whole report. ``audience`` is hub (exact counts) or board (small numbers
    protected); ``notes`` explain the rules in plain words."""

    schema_version: int = SCHEMA_VERSION
    generated_at: str
    audience: Literal["hub", "board"]
    filters: Filters
    notes: list[str]
    free_text: FreeText | None = None
    breakdowns: list[Breakdown] = Field(default_factory=list)
