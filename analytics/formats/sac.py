"""A SAC-style return for the Making Safeguarding Personal fields (SG4a, SG4b-like).

Counts are cases recorded by the bot, not the collection's own enquiry counts; the
audience's small-number rules apply (``--audience hub`` gives the exact figures a
submission needs). Like the collection, the return counts concluded cases: ``checkin
report --sac-return`` selects the cases closed between ``--from`` and ``--to``
(``Filters.concluded``). The SG4b rows and the two "not known" rows add up to SG4a row 1.
"""

from __future__ import annotations

import csv
import io

from analytics.schema import Report

HEADERS = ["table", "row", "category", "count", "note"]


def _population(report: Report) -> list[object]:
    if report.filters.concluded:
        chosen = "Cases concluded (closed) in the period, including any since erased"
    else:
        chosen = "Cases opened in the period, open or closed (not the SAC population)"
    return ["cases", "", chosen, report.cases, "the cases every row above counts"]


def sac_rows(report: Report) -> list[list[object]]:
    """SG4a (asked about desired outcomes) and outcome achievement rows."""
    o = report.outcomes
    bot = "from the bot's record of the start survey"
    return [
        ["SG4a", 1, "Yes, they were asked and outcomes were expressed", o.sg4a["expressed"], bot],
        ["SG4a", 2, "Yes, they were asked but no outcomes were expressed",
         o.sg4a["none_expressed"], bot],
        ["SG4a", 3, "No", o.sg4a["not_asked"],
         "the bot was used but no outcomes question was answered"],
        ["SG4a", 4, "Not recorded", o.sg4a["not_recorded"],
         "the bot was not used, or its answers were erased (the case, or a person who "
         "withdrew): take these from the practitioners' own records"],
        ["SG4b", 1, "Fully achieved", o.fully, "all outcomes answered yes at the end"],
        ["SG4b", 2, "Partially achieved", o.partially, "a mix of answers at the end"],
        ["SG4b", 3, "Not achieved", o.not_achieved, "all outcomes answered no at the end"],
        ["SG4b", "", "Not known: no answer (not part of the return)", o.not_known,
         "end survey done, but no yes, partly or no answer for any outcome"],
        ["SG4b", "", "Not known: no end survey (not part of the return)", o.no_end_survey,
         "outcomes expressed, but no end survey"],
        _population(report),
    ]  # fmt: skip


def to_sac_csv(report: Report) -> str:
    """The return as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(sac_rows(report))
    return buffer.getvalue()
