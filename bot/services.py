"""What the handlers need, opened once per Application: the store, content, signer, clock.

``attach_services(application, settings)`` opens the store when the Application starts
(``post_init``) and closes it when it stops (``post_shutdown``), chaining any hooks already
set. Handlers get them with ``services_of(context)``. Tests may pass an open store instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.app import payload_signer
from bot.config import Settings
from bot.hide import StoreMessageLog
from bot.payloads import PayloadSigner
from dialogs.content import load_catalogue
from dialogs.schema import LanguageContent
from storage.store import Store, open_store

SERVICES_KEY = "checkin_services"
Hook = Callable[[Application], Coroutine[Any, Any, None]]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class BotServices:
    """Everything a handler uses besides the update itself."""

    settings: Settings
    store: Store
    signer: PayloadSigner
    catalogue: Mapping[str, LanguageContent] = field(default_factory=load_catalogue)
    clock: Callable[[], datetime] = _utc_now

    @property
    def message_log(self) -> StoreMessageLog:
        return StoreMessageLog(self.store.messages)


def services_of(context: CallbackContext) -> BotServices:
    """The services attached to the Application a handler runs in."""
    return context.application.bot_data[SERVICES_KEY]


def _chain(first: Hook | None, then: Hook) -> Hook:
    async def both(application: Application) -> None:
        if first is not None:
            await first(application)
        await then(application)

    return both


def attach_services(
    application: Application,
    settings: Settings,
    store: Store | None = None,
    catalogue: Mapping[str, LanguageContent] | None = None,
) -> None:
    """Open the store with the Application (or use ``store``, already open) and share it;
    ``catalogue`` defaults to every shipped language."""
    exits = contextlib.AsyncExitStack()

    async def open_services(app: Application) -> None:
        opened = store or await exits.enter_async_context(open_store(settings))
        signer = payload_signer(settings)
        content = catalogue if catalogue is not None else load_catalogue()
        app.bot_data[SERVICES_KEY] = BotServices(settings, opened, signer, content)

    async def close_services(app: Application) -> None:
        app.bot_data.pop(SERVICES_KEY, None)
        await exits.aclose()

    application.post_init = _chain(open_services, application.post_init)  # type: ignore[arg-type]
    application.post_shutdown = _chain(application.post_shutdown, close_services)  # type: ignore
