"""Read-only aggregate queries for the reports (``report_counts``, ``free_texts``) and the
plain records they return. See ``records`` (the records), ``facts`` (per-case SQL) and
``queries`` (the GROUP BY passes)."""

from storage.reporting.facts import END_MEASURES
from storage.reporting.queries import free_texts, report_counts
from storage.reporting.records import (
    DIMENSIONS,
    MIXED,
    NO_ANSWERS,
    AchievementCell,
    AlertCounts,
    FlowCounts,
    GroupCounts,
    ReportCounts,
    ReportFilters,
    SafetyCell,
)

__all__ = [
    "DIMENSIONS",
    "END_MEASURES",
    "MIXED",
    "NO_ANSWERS",
    "AchievementCell",
    "AlertCounts",
    "FlowCounts",
    "GroupCounts",
    "ReportCounts",
    "ReportFilters",
    "SafetyCell",
    "free_texts",
    "report_counts",
]
