"""BENCHMARKS AND TESTS ONLY: the synthetic cases ``storage.bulk.bulk_load`` writes, each
with its answers and outcomes, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class BulkAnswer:
    timepoint: str
    measure: str
    value: str
    answered_at: datetime
    outcome_ref: str | None = None
    round: int = 1
    variant: str = "standard"
    language: str = "en"
    answered_by: str = "self"
    channel: str = "telegram"
    participant_kind: str = "person"


@dataclass(frozen=True)
class BulkCase:
    organisation: str
    team: str
    local_ref: str
    opened_at: datetime
    closed_at: datetime | None = None
    concern_types: tuple[str, ...] = ()
    sg2e_risk_outcome: str | None = None
    sg3a_capacity: str | None = None
    advocate_involved: bool | None = None
    no_end_survey_reason: str | None = None
    outcomes: tuple[tuple[str, str], ...] = ()  # (ref, source), all active
    outcome_status: str = "expressed"
    answers: tuple[BulkAnswer, ...] = ()
