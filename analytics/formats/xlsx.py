"""The XLSX report: one sheet per section with headers and number formats, and Notes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from analytics.formats.tidy import tidy_tables
from analytics.schema import Report

PERCENT_FORMAT = "0.0"  # values are already 0-100
P_VALUE_FORMAT = "0.0000"
COUNT_FORMAT = "#,##0"


def _number_format(header: str) -> str | None:
    if header.endswith("percent") or "minutes" in header or header == "median_change":
        return PERCENT_FORMAT
    if header.endswith("p_value") or header == "mean_polarity":
        return P_VALUE_FORMAT
    return None


def write_xlsx(report: Report, path: Path) -> None:
    """Write the workbook: a sheet per tidy table, then a Notes sheet on suppression."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (headers, rows) in tidy_tables(report).items():
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for index, header in enumerate(headers, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(10, len(header) + 2)
            number_format = _number_format(header)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, int | float):
                    cell.number_format = number_format or COUNT_FORMAT
        sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(title="Notes")
    notes.append(["Notes"])
    notes["A1"].font = Font(bold=True)
    notes.append([f"Audience: {report.audience}. Generated {report.generated_at}."])
    notes.append([f"Filters: {report.filters.model_dump_json()}"])
    for note in report.notes:
        notes.append([note])
    notes.append(
        ["[c] marks a count of 0 to 4 hidden to protect people; an empty percentage cell was "
         "withheld for the same reason or has no base."]
    )  # fmt: skip
    notes.column_dimensions["A"].width = 120
    workbook.save(path)
