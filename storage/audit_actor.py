"""Who a command-line run's audit entries name: "cli:<operator>" rather than a bare "cli".

The operator is the login name of whoever ran the command (``SUDO_USER`` when it was run
through ``sudo checkin-admin``, as the operator's guide sets it up, else the current user),
so an auditor can tell who exported words or read a case on the server. ``bot.cli.main``
sets it for the length of one command; code that opens the store directly (tests, the
bot's own jobs) leaves it unset and "cli" stays as it is. An operator's login name is
staff data, never a person's: nothing about the people answering goes in.
"""

from __future__ import annotations

import getpass
import os
import re
from contextvars import ContextVar

CLI_OPERATOR: ContextVar[str | None] = ContextVar("cli_operator", default=None)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def operator_from_environment() -> str:
    """The login name behind this process (``SUDO_USER`` first), kept to 32 plain
    characters; "unknown" when the system cannot say (some containers)."""
    try:
        name = os.environ.get("SUDO_USER") or getpass.getuser()
    except (KeyError, OSError):
        name = ""
    return _UNSAFE.sub("", name)[:32] or "unknown"


def audit_actor(actor: str) -> str:
    """``actor`` as the audit log records it: "cli" names the operator when one is set."""
    operator = CLI_OPERATOR.get()
    return f"cli:{operator}" if actor == "cli" and operator else actor
