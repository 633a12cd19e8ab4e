"""Text formats: JSON (the schema), tidy CSV (one table per section) and terminal tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from analytics.formats.tidy import Cell, Table, tidy_tables
from analytics.schema import Report, Safety


def to_json(report: Report) -> str:
    """The report as JSON, following ``analytics.schema.Report``."""
    return report.model_dump_json(indent=2) + "\n"


def _csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    headers, rows = table
    writer.writerow(headers)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return buffer.getvalue()


def to_csv_stream(report: Report) -> str:
    """Every tidy table in one stream: ``# section: NAME`` then the table, blank-line apart."""
    parts = [
        f"# section: {name}\n{_csv_text(table)}" for name, table in tidy_tables(report).items()
    ]
    return "\n".join(parts)


def write_csv_folder(report: Report, folder: Path) -> list[Path]:
    """One ``<section>.csv`` per tidy table in ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tidy_tables(report).items():
        path = folder / f"{name}.csv"
        path.write_text(_csv_text(table), encoding="utf-8")
        written.append(path)
    return written


def _shown(cell: Cell) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, float):
        return f"{cell:g}"
    return str(cell)


def format_table(headers: list[str], rows: list[list[Cell]]) -> str:
    """Aligned plain-text columns with a rule under the headers."""
    texts = [[_shown(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in texts)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in texts]
    return "\n".join(lines)


def _safety_lines(safety: Safety) -> list[list[Cell]]:
    test = safety.wilcoxon
    p_value = f"{test.p_value_shown} ({test.p_value_method})" if test.performed else test.reason
    return [
        ["pairs (start and end level)", safety.pairs],
        ["safer / same / less safe", f"{safety.safer} / {safety.same} / {safety.less_safe}"],
        ["safer %", safety.safer_percent],
        ["median change in level", safety.median_change],
        ["as safe as wanted: start %", safety.as_safe_as_wanted_start.percent],
        ["as safe as wanted: end %", safety.as_safe_as_wanted_end.percent],
        [f"Wilcoxon p (zero method {test.zero_method})", p_value],
    ]


def to_table(report: Report) -> str:
    """Readable terminal tables: the headline figures, then one table per breakdown."""
    o, e, f = report.outcomes, report.experience, report.flow
    headline: list[list[Cell]] = [
        ["cases", report.cases],
        ["start surveys completed", f.start_completed],
        ["end surveys completed", f.end_completed],
        *_safety_lines(report.safety),
        ["outcomes expressed (SG4a)", o.sg4a["expressed"]],
        ["fully / partially / not achieved %",
         f"{_shown(o.fully_percent)} / {_shown(o.partially_percent)} / "
         f"{_shown(o.not_achieved_percent)}"],
        ["felt the help made them safer %", e.made_safer_yes.percent],
        ["open support flags", e.support_flags_open],
        ["danger alerts raised", report.alerts.raised],
    ]  # fmt: skip
    parts = [f"MSP Check-in report ({report.audience})", format_table(["figure", "all"], headline)]
    for answerer, safety in report.safety_by_answered_by.items():
        parts.append(f"\nSafety, answered by: {answerer}")
        parts.append(format_table(["figure", answerer], _safety_lines(safety)))
    for breakdown in report.breakdowns:
        headers = [breakdown.dimension, "cases", "pairs", "safer %", "median change"]
        headers += ["level 4 start %", "level 4 end %", "fully achieved %", "made safer %"]
        rows = [
            [row.value, row.cases, row.safety.pairs, row.safety.safer_percent]
            + [row.safety.median_change, row.safety.as_safe_as_wanted_start.percent]
            + [row.safety.as_safe_as_wanted_end.percent, row.outcomes.fully_percent]
            + [row.experience.made_safer_yes.percent]
            for row in breakdown.rows
        ]
        parts.append(f"\nBy {breakdown.dimension}")
        parts.append(format_table(headers, rows))
    parts.append("\nNotes")
    parts += [f"- {note}" for note in report.notes]
    return "\n".join(parts) + "\n"
