"""The plain records the report queries return (frozen dataclasses, no SQL).

Counts only: e.g. the start (baseline) safety level against the last end safety level (at most
7 x 7 cells per group). The pure summaries in ``analytics/`` work on these, so they can be
tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Dimensions a report can be broken down by (``checkin report --by``).
DIMENSIONS: tuple[str, ...] = (
    "organisation",
    "team",
    "month",
    "quarter",
    "variant",
    "language",
    "answered_by",
    "representative",
    "concern_type",
)
# A case whose answers were given in more than one variant, or by more than one kind of
# answerer, is grouped under this value rather than being counted twice.
MIXED = "mixed"
NO_ANSWERS = "no_answers"
# The representative breakdown: the person answered (alone or with help), or a
# representative whose kind was not said (see storage.reporting.dimensions).
NO_REPRESENTATIVE = "no_representative"
KIND_NOT_SAID = "kind_not_said"


@dataclass(frozen=True)
class SafetyCell:
    """Cases with this baseline start ``safety`` value (the last answer of the first start
    survey) and this last end ``safety`` value.

    A value is a level "1".."4", a non-answer ("dont_know", "prefer_not_to_say") or None
    when the case has no such answer.
    """

    start: str | None
    end: str | None
    count: int


@dataclass(frozen=True)
class AchievementCell:
    """Cases with outcomes expressed and an end survey, by the per-outcome answers given.

    Each flag says whether at least one of the case's outcomes got that answer (the last
    end ``outcome_achieved`` answer per outcome); ``any_non_answer`` covers don't know,
    prefer not to say and outcomes left unanswered.
    """

    any_yes: bool
    any_partly: bool
    any_no: bool
    any_non_answer: bool
    count: int


@dataclass(frozen=True)
class FlowCounts:
    """How far cases got: opened, invited, start and end surveys, and why no end survey."""

    opened: int = 0
    invites_used: int = 0
    start_completed: int = 0
    closed: int = 0
    end_completed: int = 0
    end_missing: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AlertCounts:
    """Danger alerts raised for the group's cases and how long acknowledgement took."""

    raised: int = 0
    acknowledged: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    minutes_to_acknowledge: tuple[float, ...] = ()


@dataclass(frozen=True)
class GroupCounts:
    """Every count a report needs for one group of cases (the whole selection or one row).

    ``sg4a`` maps expressed / none_expressed / not_asked to case counts; ``measures`` maps
    an end measure id to {value: cases}, using each case's last end answer (non-answers kept
    as their own values); ``support_flags_open`` is the number of wants_more_support flags
    not yet closed by the hub; ``outcomes_without_end_survey`` counts cases with outcomes
    expressed but no end survey (still open, or closed without one), so the achievement
    classes plus these add up to the SG4a expressed cases.
    """

    cases: int
    flow: FlowCounts = field(default_factory=FlowCounts)
    safety: tuple[SafetyCell, ...] = ()
    sg4a: dict[str, int] = field(default_factory=dict)
    achievement: tuple[AchievementCell, ...] = ()
    measures: dict[str, dict[str, int]] = field(default_factory=dict)
    alerts: AlertCounts = field(default_factory=AlertCounts)
    support_flags_open: int = 0
    outcomes_without_end_survey: int = 0


@dataclass(frozen=True)
class ReportCounts:
    """The whole selection plus one {value: counts} table per requested dimension."""

    overall: GroupCounts
    breakdowns: dict[str, dict[str, GroupCounts]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportFilters:
    """Which cases a report covers: opened between the dates (inclusive), org, team.

    ``concluded``: only concluded cases (closed, or closed and later erased), selected by
    the day they were closed - the SAC return's population (enquiries concluded in the
    year), where a case opened in one year and closed in the next belongs to the next.
    ``timezone``: the partnership's zone; the dates and the month and quarter breakdowns
    are its local days (times are stored in UTC).
    """

    date_from: str | None = None
    date_to: str | None = None
    organisation: str | None = None
    team: str | None = None
    concluded: bool = False
    timezone: str = "UTC"
