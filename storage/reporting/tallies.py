"""Tallying the report queries' rows: each (code, cases) row is unpacked into the counts of
one group of cases, then frozen into ``GroupCounts``."""

from __future__ import annotations

from collections import Counter

from storage.reporting.facts import (
    FACT_FIELDS,
    MEASURE_FIELDS,
    MEASURE_VALUES,
    REASON_VALUES,
    SAFETY_VALUES,
    SG4A_VALUES,
    decode,
    unpack,
)
from storage.reporting.records import (
    AchievementCell,
    AlertCounts,
    FlowCounts,
    GroupCounts,
    SafetyCell,
)


class GroupTally:
    """Mutable tallies for one group while the query results are read."""

    def __init__(self) -> None:
        self.cases = self.invites_used = self.start_completed = self.closed = 0
        self.end_completed = self.support_flags_open = self.expressed_no_end = 0
        self.alerts_raised = self.alerts_acknowledged = 0
        self.end_missing: dict[str, int] = {}
        self.sg4a: dict[str, int] = {}
        self.alert_reasons: dict[str, int] = {}
        self.safety: Counter[tuple[str | None, str | None]] = Counter()
        self.achievement: Counter[tuple[bool, ...]] = Counter()
        self.measures: dict[str, dict[str, int]] = {}
        self.waits: list[float] = []

    def add_facts(self, code: int, count: int) -> None:
        """One (fact code, cases) row of the "facts" query."""
        f = unpack(code, FACT_FIELDS)
        self.cases += count
        self.invites_used += count * f["invite_used"]
        self.start_completed += count * f["start_done"]
        self.closed += count * f["closed"]
        self.end_completed += count * f["end_done"]
        sg4a = SG4A_VALUES[f["sg4a"]]
        self.sg4a[sg4a] = self.sg4a.get(sg4a, 0) + count
        missing = decode(f["missing"], REASON_VALUES)
        if missing is not None:
            self.end_missing[missing] = self.end_missing.get(missing, 0) + count
        if sg4a == "expressed" and f["end_done"]:
            flags = tuple(bool(f[k]) for k in ("any_yes", "any_partly", "any_no", "any_non"))
            self.achievement[flags] += count
        elif sg4a == "expressed":
            self.expressed_no_end += count
        start, end = decode(f["start"], SAFETY_VALUES), decode(f["end"], SAFETY_VALUES)
        self.safety[(start, end)] += count

    def add_measures(self, code: int, count: int) -> None:
        """One (measure code, cases) row of the "measures" query."""
        for measure, value_code in unpack(code, MEASURE_FIELDS).items():
            value = decode(value_code, MEASURE_VALUES[measure])
            if value is not None:
                counts = self.measures.setdefault(measure, {})
                counts[value] = counts.get(value, 0) + count

    def add_alerts(self, reason: str, raised: int, acknowledged: int) -> None:
        """One (reason, raised, acknowledged) row; support flags are counted apart."""
        if reason == "wants_support":
            self.support_flags_open += raised - acknowledged
            return
        self.alerts_raised += raised
        self.alerts_acknowledged += acknowledged
        self.alert_reasons[reason] = self.alert_reasons.get(reason, 0) + raised

    def freeze(self) -> GroupCounts:
        """The tallies as the plain record the analytics read."""
        return GroupCounts(
            cases=self.cases,
            flow=FlowCounts(self.cases, self.invites_used, self.start_completed, self.closed,
                            self.end_completed, dict(sorted(self.end_missing.items()))),
            safety=tuple(SafetyCell(s, e, n) for (s, e), n in self.safety.items()),
            sg4a=self.sg4a,
            achievement=tuple(AchievementCell(*flags, n) for flags, n in self.achievement.items()),
            measures=self.measures,
            alerts=AlertCounts(self.alerts_raised, self.alerts_acknowledged,
                               self.alert_reasons, tuple(self.waits)),
            support_flags_open=self.support_flags_open,
            outcomes_without_end_survey=self.expressed_no_end,
        )  # fmt: skip
