"""Reports for the hub and the board: paired before/after safety, outcomes, experience.

Reads through ``storage.reporting`` (aggregate SQL, read-only) and computes with small pure
functions; never writes answers. Public pieces:

- ``storage.reporting.report_counts(store, ReportFilters(...), dimensions) -> ReportCounts``
- ``analytics.build.build_report(counts, Filters(...), "hub" | "board", free_text=None)``
  -> ``analytics.schema.Report`` (the documented JSON shape)
- ``analytics.suppress``: the small-number rules (``Presenter``, ``protect_counts``)
- ``analytics.formats``: table / JSON / tidy CSV / XLSX / HTML / SAC return writers
- ``analytics.cli``: ``checkin report`` and ``python -m analytics``; ``analytics.demo``:
  ``checkin demo``.
"""
