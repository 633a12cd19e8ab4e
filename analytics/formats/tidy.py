"""The report as tidy tables, one per section: what CSV, XLSX and HTML write.

Every table starts with ``dimension`` and ``value`` ("all"/"all" for the whole selection,
then one row per breakdown value), so a section's rows for every group sit in one table.
"""

from __future__ import annotations

from collections.abc import Iterator

from analytics.schema import Group, Report, Safety

Cell = str | int | float | None
Table = tuple[list[str], list[list[Cell]]]
ALL = "all"


def groups(report: Report) -> Iterator[tuple[str, str, Group]]:
    """(dimension, value, group) for the whole selection and every breakdown row."""
    yield ALL, ALL, report
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            yield breakdown.dimension, row.value, row


def flow_table(report: Report) -> Table:
    """Cases opened, invited, and surveys completed."""
    headers = ["dimension", "value", "cases", "opened", "invites_used", "start_completed"]
    headers += ["closed", "end_completed", "end_completed_percent_of_closed"]
    rows = []
    for dim, value, group in groups(report):
        flow = group.flow
        rows.append(
            [dim, value, group.cases, flow.opened, flow.invites_used, flow.start_completed]
            + [flow.closed, flow.end_completed, flow.end_completed_percent_of_closed]
        )
    return headers, rows


def end_missing_table(report: Report) -> Table:
    """Closed cases without an end survey, by the reason recorded."""
    rows = [
        [dim, value, reason, count]
        for dim, value, group in groups(report)
        for reason, count in group.flow.end_missing.items()
    ]
    return ["dimension", "value", "reason", "cases"], rows


SAFETY_HEADERS = [
    "dimension", "value", "answered_by", "pairs", "safer", "same", "less_safe",
    "safer_percent", "same_percent", "less_safe_percent", "median_change",
    "level_4_start", "level_4_start_percent", "level_4_end", "level_4_end_percent",
    "wilcoxon_performed", "wilcoxon_statistic", "wilcoxon_p_value", "p_value_method",
    "zero_method", "wilcoxon_note", "wilcoxon_p_shown",
]  # fmt: skip


def _safety_row(dim: str, value: str, answerer: str, safety: Safety) -> list[Cell]:
    test = safety.wilcoxon
    start, end = safety.as_safe_as_wanted_start, safety.as_safe_as_wanted_end
    return [
        dim, value, answerer, safety.pairs, safety.safer, safety.same, safety.less_safe,
        safety.safer_percent, safety.same_percent, safety.less_safe_percent,
        safety.median_change, start.count, start.percent, end.count, end.percent,
        "yes" if test.performed else "no", test.statistic, test.p_value, test.p_value_method,
        test.zero_method, test.reason or test.p_value_method_detail, test.p_value_shown,
    ]  # fmt: skip


def _safety_groups(report: Report) -> Iterator[tuple[str, str, str, Safety]]:
    for dim, value, group in groups(report):
        yield dim, value, ALL, group.safety
        for answerer, safety in group.safety_by_answered_by.items():
            yield dim, value, answerer, safety


def safety_table(report: Report) -> Table:
    """Paired safety for each group, and for each kind of answerer in the whole selection."""
    return SAFETY_HEADERS, [_safety_row(*item) for item in _safety_groups(report)]


def safety_distribution_table(report: Report) -> Table:
    """Paired cases at each level, at the start and at the end."""
    rows = []
    for dim, value, answerer, safety in _safety_groups(report):
        for timepoint, dist in (
            ("start", safety.start_distribution),
            ("end", safety.end_distribution),
        ):
            rows += [[dim, value, answerer, timepoint, level, n] for level, n in dist.items()]
    return ["dimension", "value", "answered_by", "timepoint", "level", "cases"], rows


def outcomes_table(report: Report) -> Table:
    """SG4a and outcomes achieved."""
    headers = ["dimension", "value", "sg4a_expressed", "sg4a_none_expressed", "sg4a_not_asked"]
    headers += ["achieved_base", "fully", "partially", "not_achieved", "fully_percent"]
    headers += ["partially_percent", "not_achieved_percent", "not_known", "with_non_answers"]
    headers += ["no_end_survey", "sg4a_not_recorded"]
    rows = []
    for dim, value, group in groups(report):
        o = group.outcomes
        rows.append(
            [dim, value, o.sg4a["expressed"], o.sg4a["none_expressed"], o.sg4a["not_asked"]]
            + [o.achieved_base, o.fully, o.partially, o.not_achieved, o.fully_percent]
            + [o.partially_percent, o.not_achieved_percent, o.not_known, o.with_non_answers]
            + [o.no_end_survey, o.sg4a["not_recorded"]]
        )
    return headers, rows


def experience_table(report: Report) -> Table:
    """Each end measure's answers, one row per answer value."""
    rows = []
    for dim, value, group in groups(report):
        for name, measure in group.experience.measures.items():
            rows += [
                [dim, value, name, answer, count, measure.percents[answer]]
                for answer, count in measure.counts.items()
            ]
    return ["dimension", "value", "measure", "answer", "cases", "percent"], rows


def alerts_table(report: Report) -> Table:
    """Alerts, acknowledgement times and open support flags."""
    headers = ["dimension", "value", "alerts_raised", "acknowledged", "danger_words"]
    headers += ["in_danger_now", "median_minutes_to_acknowledge"]
    headers += ["longest_minutes_to_acknowledge", "support_flags_open"]
    rows = []
    for dim, value, group in groups(report):
        a = group.alerts
        rows.append(
            [dim, value, a.raised, a.acknowledged, a.by_reason.get("danger_words")]
            + [a.by_reason.get("in_danger_now"), a.median_minutes_to_acknowledge]
            + [a.longest_minutes_to_acknowledge, group.experience.support_flags_open]
        )
    return headers, rows


def free_text_table(report: Report) -> Table | None:
    """Hub only: indicative polarity of start and end comments (never the text)."""
    if report.free_text is None:
        return None
    headers = ["timepoint", "texts", "mean_polarity", "negative", "neutral", "positive"]
    headers += ["danger_alerts", "label"]
    ft = report.free_text
    rows: list[list[Cell]] = [
        [name, p.texts, p.mean_polarity, p.negative, p.neutral, p.positive]
        + [ft.danger_alerts, ft.label]
        for name, p in (("start", ft.start), ("end", ft.end))
    ]
    return headers, rows


def tidy_tables(report: Report) -> dict[str, Table]:
    """Every section's tidy table, in reading order."""
    tables = {
        "flow": flow_table(report),
        "end_missing": end_missing_table(report),
        "safety": safety_table(report),
        "safety_distribution": safety_distribution_table(report),
        "outcomes": outcomes_table(report),
        "experience": experience_table(report),
        "alerts": alerts_table(report),
    }
    free_text = free_text_table(report)
    if free_text is not None:
        tables["free_text"] = free_text
    return tables
