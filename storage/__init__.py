"""Storage: the only package with SQL. Open it with ``open_store``; see ``storage.store``."""

from storage.crypto import (
    Keyring,
    ensure_local_key,
    generate_key,
    load_key,
    use_local_key_if_missing,
)
from storage.errors import (
    Conflict,
    IntegrityProblem,
    InviteExpired,
    InviteForAnotherChat,
    InviteNotFound,
    InviteUsed,
    KeyMissing,
    NotFound,
    StorageError,
    UnsafeDatabase,
    WrongKey,
)
from storage.invites import CONSOLE_CHAT_ID, invite_link, token_from_link
from storage.store import Store, open_store

__all__ = [
    "CONSOLE_CHAT_ID",
    "Conflict",
    "IntegrityProblem",
    "InviteExpired",
    "InviteNotFound",
    "InviteForAnotherChat",
    "InviteUsed",
    "KeyMissing",
    "Keyring",
    "NotFound",
    "StorageError",
    "Store",
    "UnsafeDatabase",
    "WrongKey",
    "ensure_local_key",
    "generate_key",
    "invite_link",
    "load_key",
    "open_store",
    "token_from_link",
    "use_local_key_if_missing",
]
