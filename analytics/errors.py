"""The one error type a report raises; its message says what the person can do."""


class ReportError(Exception):
    """A report cannot be made as asked (bad filter, missing output path, no database)."""
