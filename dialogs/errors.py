"""Errors raised by the dialog package."""


class ContentError(Exception):
    """Content files are missing or invalid; the message names the file, question and problem."""
