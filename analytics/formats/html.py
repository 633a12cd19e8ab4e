"""The HTML report: one self-contained file (charts embedded as PNG data URIs, inline CSS)
that opens without a server. It holds figures only, never free text."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from analytics.formats.tidy import Cell, Table, tidy_tables
from analytics.schema import Report

if TYPE_CHECKING:
    from analytics.formats.charts import Chart

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; }
th { background: #f0f0f0; }
figure { margin: 1.5rem 0; }
figcaption { font-size: 0.95rem; }
.scroll { overflow-x: auto; }
"""


def _cell(value: Cell) -> str:
    return (
        ""
        if value is None
        else html.escape(f"{value:g}" if isinstance(value, float) else str(value))
    )


def _table_html(name: str, table: Table) -> str:
    headers, rows = table
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    title = html.escape(name.replace("_", " "))
    return (
        f'<h3 id="table-{html.escape(name)}">{title}</h3><div class="scroll"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _figure_html(chart: Chart) -> str:
    return (
        f'<figure id="chart-{chart.key}"><h3>{html.escape(chart.title)}</h3>'
        f'<img src="data:image/png;base64,{chart.png_base64}" alt="{html.escape(chart.alt)}">'
        f"<figcaption>{html.escape(chart.caption)}</figcaption></figure>"
    )


def to_html(report: Report) -> str:
    """The whole report as one HTML document."""
    audience = "Hub (exact counts, do not share)" if report.audience == "hub" else "Board"
    filters = ", ".join(
        f"{key}: {value}" for key, value in report.filters.model_dump().items() if value
    )
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in report.notes)
    from analytics.formats.charts import all_charts  # matplotlib is slow to import

    charts = "".join(_figure_html(chart) for chart in all_charts(report))
    tables = "".join(_table_html(name, table) for name, table in tidy_tables(report).items())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>MSP Check-in report</title><style>{STYLE}</style></head><body>"
        f"<h1>MSP Check-in report</h1><p>Audience: {html.escape(audience)}. "
        f"Generated {html.escape(report.generated_at)}. "
        f"Selection: {html.escape(filters or 'all cases')}.</p>"
        f"<h2>Charts</h2>{charts}<h2>Tables</h2>{tables}"
        f"<h2>Notes</h2><ul>{notes}</ul></body></html>\n"
    )


def write_html(report: Report, path: Path) -> None:
    """Write the report to ``path`` as one self-contained HTML file."""
    path.write_text(to_html(report), encoding="utf-8")
