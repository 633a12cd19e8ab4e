"""Every format written and read back: JSON, CSV, XLSX, HTML, the terminal table, SAC."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analytics.build import build_report
from analytics.formats.html import to_html
from analytics.formats.sac import to_sac_csv
from analytics.formats.text import to_csv_stream, to_json, to_table, write_csv_folder
from analytics.formats.xlsx import write_xlsx
from analytics.schema import Filters, Report
from tests.analytics.helpers import example_counts
from tests.analytics.test_build import FREE_TEXT

SECTIONS = [
    "flow", "end_missing", "safety", "safety_distribution", "outcomes", "experience", "alerts"
]  # fmt: skip
CHARTS = ["paired", "distribution", "outcomes_by_organisation", "trend_by_month"]


def _report(audience: str = "board") -> Report:
    filters = Filters(by=["organisation", "month"])
    return build_report(example_counts(), filters, audience, free_text=FREE_TEXT)  # type: ignore[arg-type]


def test_json_validates_against_the_schema_and_has_the_stable_keys() -> None:
    """The JSON reads back into the same model, with the keys other tools rely on."""
    report = _report()
    text = to_json(report)
    assert report == Report.model_validate_json(text)
    dumped = report.model_dump()
    for key in ("filters", "audience", "flow", "safety", "outcomes", "breakdowns"):
        assert key in dumped
    for key in ("pairs", "safer", "same", "less_safe", "median_change", "start_distribution",
                "end_distribution", "as_safe_as_wanted_start", "as_safe_as_wanted_end",
                "wilcoxon"):  # fmt: skip
        assert key in dumped["safety"]
    for key in ("fully", "partially", "not_achieved"):
        assert key in dumped["outcomes"]


def test_csv_folder_has_one_tidy_table_per_section(tmp_path: Path) -> None:
    """Each section file reads back with a header and the overall row first."""
    written = write_csv_folder(_report(), tmp_path / "csv")
    assert SECTIONS == [path.stem for path in written]
    with (tmp_path / "csv" / "safety.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert ("all", "all", "all", "10", "5") == (
        rows[0]["dimension"], rows[0]["value"], rows[0]["answered_by"], rows[0]["pairs"],
        rows[0]["safer"],
    )  # fmt: skip
    housing = next(r for r in rows if r["value"] == "Housing")
    assert ("[c]", "") == (housing["pairs"], housing["safer_percent"])


def test_csv_stream_separates_sections_with_a_heading_line() -> None:
    """Writing to stdout puts every table in one stream, each after '# section: NAME'."""
    text = to_csv_stream(_report("hub"))
    assert [*SECTIONS, "free_text"] == re.findall(r"^# section: (\w+)$", text, re.M)


def test_xlsx_opens_with_a_sheet_per_section_and_notes(tmp_path: Path) -> None:
    """openpyxl reads the workbook: headers bold, percentages formatted, Notes explain [c]."""
    path = tmp_path / "report.xlsx"
    write_xlsx(_report(), path)
    book = load_workbook(path)
    assert [*SECTIONS, "Notes"] == book.sheetnames
    safety = book["safety"]
    headers = [cell.value for cell in safety[1]]
    assert "pairs" == headers[3] and safety["D1"].font.bold
    percent_column = headers.index("safer_percent") + 1
    assert "0.0" == safety.cell(row=2, column=percent_column).number_format
    notes = " ".join(str(row[0].value) for row in book["Notes"].iter_rows())
    assert "[c]" in notes and "nearest 5" in notes


@pytest.mark.parametrize("audience", ["hub", "board"])
def test_html_is_self_contained_with_every_chart_and_its_alt_text(audience: str) -> None:
    """Four embedded PNG charts, each with alt text and a caption; no external resources."""
    page = to_html(_report(audience))
    for key in CHARTS:
        figure = re.search(rf'<figure id="chart-{key}">(.*?)</figure>', page, re.S)
        assert figure is not None, key
        assert re.search(
            r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="[^"]{20,}"', figure[1]
        )
        assert "<figcaption>" in figure[1]
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_board_html_has_no_free_text_section_and_hub_html_labels_it_indicative() -> None:
    """Free text (even its polarity) stays with the hub, labelled as indicative."""
    assert "free_text" not in to_html(_report("board"))
    assert "Indicative only" in to_html(_report("hub"))


def test_terminal_table_shows_headline_figures_and_breakdowns() -> None:
    """The table names the figures and shows each breakdown's rows."""
    text = to_table(_report("hub"))
    assert re.search(r"^pairs \(start and end level\)\s+10$", text, re.M)
    assert re.search(r"^Police\s+12\s+10\s+70", text, re.M)
    assert "By month" in text and "exact_permutation" in text


def test_sac_return_has_sg4a_and_achievement_rows() -> None:
    """SG4a rows from the bot's record (none 'not recorded' here) and fully/partially/not achieved
    rows, hub exact; with the not-known rows, SG4b adds up to SG4a row 1 (5 + 2 + 0 + 0 + 1
    = 8); the last row says which cases were counted."""
    rows = list(csv.reader(io.StringIO(to_sac_csv(_report("hub")))))
    assert ["table", "row", "category", "count", "note"] == rows[0]
    assert [["SG4a", "1", "8"], ["SG4a", "2", "2"], ["SG4a", "3", "3"], ["SG4a", "4", "0"]] == [
        [r[0], r[1], r[3]] for r in rows[1:5]
    ]
    assert [["Fully achieved", "5"], ["Partially achieved", "2"], ["Not achieved", "0"]] == [
        [r[2], r[3]] for r in rows[5:8]
    ]
    assert ["0", "1"] == [r[3] for r in rows[8:10]]
    assert ["cases", "13"] == [rows[10][0], rows[10][3]]
