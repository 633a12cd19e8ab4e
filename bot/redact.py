"""Keep the token, chat and user ids, and message text out of every log line.

``install(secrets)`` puts one ``RedactingFilter`` on the root, ``telegram`` and ``httpx``
loggers and on the root's handlers, and wraps the log-record factory, because a filter on a
logger does not see records from its children (``telegram.ext.Updater``, ``httpx._client``):
the factory redacts every record as it is made, whatever logger or handler it goes to.

What it does to each record:
- the token and other secrets, and anything shaped like a bot token, become ``<secret>``;
- runs of six or more digits (chat and user ids) become ``<id>``;
- library DEBUG output (PTB logs whole requests and updates there) is withheld, as is any
  library line that looks like it carries a message (``"text"``, ``"caption"`` keys);
- tracebacks are rendered once, redacted, and the live exception is dropped from the record.
Our own code logs ids only as ``log_id(value, key)`` (a keyed hash) and never answer text.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

LIBRARY_LOGGERS = ("telegram", "httpx", "httpcore", "tornado", "apscheduler")
WITHHELD_DEBUG = "(library debug output withheld: it can carry message text)"
WITHHELD_PAYLOAD = "(library log line withheld: it looked like it carried message text)"
_BOT_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
_DIGIT_RUN = re.compile(r"\d{6,}")
_PAYLOAD_KEYS = re.compile(r"""["'](text|caption|message|first_name|last_name|username)["']""")
_MARK = "_checkin_redacted"


def log_id(value: int | str, key: bytes) -> str:
    """A short keyed hash of an id, stable for one key, for telling log lines apart."""
    digest = hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()
    return "h:" + "".join(c if not c.isdigit() else "abcdefghij"[int(c)] for c in digest[:12])


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with secrets, bot tokens and long digit runs replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<secret>")
    text = _BOT_TOKEN.sub("<secret>", text)
    return _DIGIT_RUN.sub("<id>", text)


def _is_library(name: str) -> bool:
    return any(name == lib or name.startswith(lib + ".") for lib in LIBRARY_LOGGERS)


def _message_of(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a bad format string must not leak its arguments either
        return str(record.msg)


def redact_record(record: logging.LogRecord, secrets: Iterable[str] = ()) -> None:
    """Rewrite a record in place so that nothing sensitive is left in it."""
    if getattr(record, _MARK, False):
        return
    setattr(record, _MARK, True)
    library = _is_library(record.name)
    if library and record.levelno < logging.INFO:
        message = WITHHELD_DEBUG
    else:
        message = _message_of(record)
        if library and _PAYLOAD_KEYS.search(message):
            message = WITHHELD_PAYLOAD
    record.msg, record.args = scrub(message, secrets), ()
    if record.exc_info:
        rendered = logging.Formatter().formatException(record.exc_info)
        record.exc_text = scrub(rendered, secrets)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = scrub(record.exc_text, secrets)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info, secrets)


class RedactingFilter(logging.Filter):
    """A filter that redacts records (it never drops one, so problems stay visible)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self.secrets)
        return True


class Installed:
    """Handle for an installed filter; ``remove()`` undoes ``install`` (used by tests)."""

    def __init__(self, redacting: RedactingFilter, previous: Callable[..., Any]) -> None:
        self.filter = redacting
        self._previous = previous
        self._targets: list[logging.Filterer] = []

    def attach(self, target: logging.Filterer) -> None:
        target.addFilter(self.filter)
        self._targets.append(target)

    def remove(self) -> None:
        for target in self._targets:
            target.removeFilter(self.filter)
        logging.setLogRecordFactory(self._previous)


def install(secrets: Iterable[str] = ()) -> Installed:
    """Redact every log record from now on (see the module docstring)."""
    redacting = RedactingFilter(secrets)
    previous = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redact_record(record, redacting.secrets)
        return record

    logging.setLogRecordFactory(redacting_factory)
    installed = Installed(redacting, previous)
    for name in ("", "telegram", "httpx"):
        installed.attach(logging.getLogger(name))
    for handler in logging.getLogger().handlers:
        installed.attach(handler)
    return installed
