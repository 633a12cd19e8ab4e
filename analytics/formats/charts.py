"""The HTML report's charts (matplotlib, Agg backend) as base64 PNG, each with alt text.

Charts are drawn from the report model itself, after small-number protection, so a chart
never shows more than the tables beside it. Withheld figures are left out and said so.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from analytics.schema import Report  # noqa: E402

LEVEL_NAMES = {
    "1": "1 not safe at all",
    "2": "2 less than adequately safe",
    "3": "3 adequately safe",
    "4": "4 as safe as I want",
}


@dataclass(frozen=True)
class Chart:
    """One chart: an id, a title, a plain caption, alt text and the PNG as base64."""

    key: str
    title: str
    caption: str
    alt: str
    png_base64: str


def _png(figure: plt.Figure) -> str:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _describe(pairs: list[tuple[str, float | None]], unit: str = "%") -> str:
    return "; ".join(
        f"{name}: {'withheld' if value is None else f'{value:g}{unit}'}" for name, value in pairs
    )


def paired_chart(report: Report) -> Chart:
    """Safer / same / less safe, as percentages of pairs, overall and by who answered."""
    groups = [("all", report.safety), *report.safety_by_answered_by.items()]
    figure, axis = plt.subplots(figsize=(7, 1.4 + 0.5 * len(groups)))
    parts = (("safer", "#1b7837"), ("same", "#bdbdbd"), ("less_safe", "#b2182b"))
    texts = []
    for row, (name, safety) in enumerate(groups):
        left = 0.0
        for part, colour in parts:
            value = getattr(safety, f"{part}_percent")
            axis.barh(
                row,
                value or 0,
                left=left,
                color=colour,
                label=part.replace("_", " ") if row == 0 else None,
            )
            left += value or 0
        texts.append(
            f"{name} - " + _describe([(p, getattr(safety, f"{p}_percent")) for p, _ in parts])
        )
    axis.set_yticks(range(len(groups)), [name for name, _ in groups])
    axis.invert_yaxis()
    axis.set_xlim(0, 100)
    axis.set_xlabel("% of people with a start and end answer")
    axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3, fontsize="small")
    return Chart(
        "paired",
        "Did people feel safer at the end than at the start?",
        "Each bar is the people who answered the safety question at the start and at the end. "
        "Green: safer at the end; grey: the same; red: less safe.",
        "Bar chart of safer, same and less safe. " + ". ".join(texts),
        _png(figure),
    )


def distribution_chart(report: Report) -> Chart:
    """How many paired people were at each safety level, at the start and at the end."""
    safety = report.safety
    levels = list(LEVEL_NAMES)
    start = [v if isinstance(v, int) else 0 for v in safety.start_distribution.values()]
    end = [v if isinstance(v, int) else 0 for v in safety.end_distribution.values()]
    figure, axis = plt.subplots(figsize=(7, 3.2))
    positions = range(len(levels))
    axis.bar([p - 0.2 for p in positions], start, width=0.4, label="start", color="#8c96c6")
    axis.bar([p + 0.2 for p in positions], end, width=0.4, label="end", color="#4d004b")
    axis.set_xticks(list(positions), [LEVEL_NAMES[level] for level in levels], fontsize="small")
    axis.set_ylabel("people")
    axis.legend()
    described = "; ".join(
        f"level {lv}: start {safety.start_distribution[lv]}, end {safety.end_distribution[lv]}"
        for lv in levels
    )
    return Chart(
        "distribution",
        "How safe people felt at the start and at the end",
        "The same people at the start (light) and the end (dark). Level 4 means as safe as "
        "they want. [c] counts of 0 to 4 are drawn as 0.",
        f"Grouped bar chart of people at each safety level. {described}.",
        _png(figure),
    )


def outcomes_chart(report: Report) -> Chart:
    """Fully, partially and not achieved (% of cases) for each organisation."""
    rows = next((b.rows for b in report.breakdowns if b.dimension == "organisation"), [])
    figure, axis = plt.subplots(figsize=(7, 1.6 + 0.45 * max(len(rows), 1)))
    parts = (("fully", "#1b7837"), ("partially", "#fdb863"), ("not_achieved", "#b2182b"))
    texts = []
    for index, row in enumerate(rows):
        left = 0.0
        for part, colour in parts:
            value = getattr(row.outcomes, f"{part}_percent")
            axis.barh(
                index,
                value or 0,
                left=left,
                color=colour,
                label=part.replace("_", " ") if index == 0 else None,
            )
            left += value or 0
        texts.append(
            f"{row.value} - "
            + _describe([(p, getattr(row.outcomes, f"{p}_percent")) for p, _ in parts])
        )
    axis.set_yticks(range(len(rows)), [row.value for row in rows])
    axis.invert_yaxis()
    axis.set_xlim(0, 100)
    axis.set_xlabel("% of cases with outcomes and an end survey")
    if rows:
        axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3, fontsize="small")
    return Chart(
        "outcomes_by_organisation",
        "Did people get the outcomes they asked for? By organisation",
        "Of people who named outcomes and answered at the end: green all happened, amber some "
        "happened, red none happened. Withheld figures are left blank.",
        "Bar chart of outcomes achieved by organisation. " + (". ".join(texts) or "No rows."),
        _png(figure),
    )


def trend_chart(report: Report) -> Chart:
    """% safer and % as safe as wanted at the end, by the month the case was opened."""
    rows = next((b.rows for b in report.breakdowns if b.dimension == "month"), [])
    months = [row.value for row in rows]
    safer = [row.safety.safer_percent for row in rows]
    level_4 = [row.safety.as_safe_as_wanted_end.percent for row in rows]
    figure, axis = plt.subplots(figsize=(7, 3.2))
    axis.plot(
        months, [v if v is not None else float("nan") for v in safer], marker="o", label="% safer"
    )
    axis.plot(
        months,
        [v if v is not None else float("nan") for v in level_4],
        marker="s",
        label="% as safe as wanted at end",
    )
    axis.set_ylim(0, 100)
    axis.set_ylabel("%")
    axis.tick_params(axis="x", labelrotation=45, labelsize="small")
    axis.legend(fontsize="small")
    return Chart(
        "trend_by_month",
        "Trend by the month cases were opened",
        "For cases opened each month: the share of people safer at the end than at the start, "
        "and the share as safe as they want at the end. Gaps are withheld months.",
        "Line chart by month. "
        + (_describe(list(zip(months, safer, strict=True))) or "No months.")
        + ". As safe as wanted at end: "
        + (_describe(list(zip(months, level_4, strict=True))) or "none"),
        _png(figure),
    )


def all_charts(report: Report) -> list[Chart]:
    """The four charts of the HTML report, in reading order."""
    return [
        paired_chart(report),
        distribution_chart(report),
        outcomes_chart(report),
        trend_chart(report),
    ]
