"""Protection at rest: authenticated encryption, keyed lookup hashes, and the data key.

The master key (32 random bytes, URL-safe base64) never touches the database. From it we
derive, with HKDF-SHA256, one sub-key for AES-GCM encryption and one for HMAC-SHA256 lookup
hashes, so a leaked hash key cannot decrypt anything. Every ciphertext is bound to a label
(the table and column) as associated data, so a value cannot be moved to another column
unnoticed.

Invite tokens are hashed with plain SHA-256, not the keyed hash: a token carries 192 random
bits, so its hash cannot be reversed, and outstanding invites then survive a key rotation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.errors import IntegrityProblem, KeyMissing

if TYPE_CHECKING:
    from bot.config import Settings

KEY_BYTES = 32
_FORMAT = b"\x01"  # ciphertext format: version byte, 12-byte nonce, AES-GCM output
_NONCE_BYTES = 12
_TAG_BYTES = 16


def generate_key() -> str:
    """A fresh master key as text (URL-safe base64 of 32 random bytes)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def parse_key(text: str, source: str = "the data key") -> bytes:
    """Decode a master key; a malformed one is reported without echoing it."""
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise KeyMissing(f"{source} is not a valid key (it must be 32 bytes in URL-safe base64).")
    return raw


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class Keyring:
    """Encrypts, decrypts and hashes with sub-keys derived from one master key."""

    def __init__(self, master: bytes) -> None:
        if len(master) != KEY_BYTES:
            raise KeyMissing("The data key has the wrong length.")
        self._aead = AESGCM(_derive(master, b"msp-checkin/encrypt/v1"))
        self._hash_key = _derive(master, b"msp-checkin/lookup-hash/v1")
        self._check = _derive(master, b"msp-checkin/key-check/v1")

    @classmethod
    def from_text(cls, text: str) -> Keyring:
        return cls(parse_key(text))

    def encrypt(self, plaintext: bytes, label: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plaintext, label.encode())

    def decrypt(self, blob: bytes, label: str) -> bytes:
        if len(blob) < 1 + _NONCE_BYTES + _TAG_BYTES or blob[:1] != _FORMAT:
            raise IntegrityProblem(f"Stored {label} is not in a format this version can read.")
        nonce, body = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, label.encode())
        except InvalidTag as exc:
            raise IntegrityProblem(
                f"Stored {label} could not be decrypted: wrong data key or damaged database."
            ) from exc

    def encrypt_text(self, text: str | None, label: str) -> bytes | None:
        return None if text is None else self.encrypt(text.encode("utf-8"), label)

    def decrypt_text(self, blob: bytes | None, label: str) -> str | None:
        return None if blob is None else self.decrypt(blob, label).decode("utf-8")

    def lookup_hash(self, value: int | str, label: str) -> bytes:
        """A keyed hash for finding rows by a value we may not store in clear."""
        message = f"{label}:{value}".encode()
        return hmac.new(self._hash_key, message, hashlib.sha256).digest()

    def check_value(self) -> str:
        """A value stored in the database to tell, at open, whether this is its key."""
        return hmac.new(self._check, b"key-check", hashlib.sha256).hexdigest()


def new_invite_token() -> str:
    """192 random bits in 32 characters of A-Z a-z 0-9 _ - (fits a t.me deep link)."""
    return secrets.token_urlsafe(24)


def invite_token_hash(token: str) -> bytes:
    return hashlib.sha256(b"msp-checkin/invite:" + token.encode("utf-8")).digest()


def load_key(settings: Settings) -> Keyring:
    """The keyring from CHECKIN_DATA_KEY, else from ``storage.key_file``; else KeyMissing."""
    if settings.data_key is not None and settings.data_key.get_secret_value().strip():
        return Keyring(parse_key(settings.data_key.get_secret_value(), "CHECKIN_DATA_KEY"))
    if settings.storage.key_file:
        path = Path(settings.storage.key_file).expanduser()
        if not path.exists():
            raise KeyMissing(f"The key file named in storage.key_file ({path}) does not exist.")
        return Keyring(parse_key(path.read_text(encoding="ascii"), f"The key file {path}"))
    raise KeyMissing()


def ensure_local_key(path: str | os.PathLike[str]) -> Path:
    """Create a local key file (mode 0600) if there is none, for a first try; return its path.

    Callers (``make run``, ``checkin demo``) should tell the person where the key is and that
    losing it makes the stored answers unreadable.
    """
    key_path = Path(path).expanduser()
    if key_path.exists():
        return key_path
    key_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(generate_key() + "\n")
    return key_path


def use_local_key_if_missing(settings: Settings) -> Path | None:
    """For ``make run`` and ``checkin demo`` only: when no key is configured, point
    ``settings.storage.key_file`` at ``<database folder>/checkin.key`` (created 0600 if
    absent) and return its path so the caller can say where it is; None if a key was set."""
    has_env_key = settings.data_key is not None and settings.data_key.get_secret_value().strip()
    if has_env_key or settings.storage.key_file:
        return None
    path = ensure_local_key(settings.database_path.parent / "checkin.key")
    settings.storage.key_file = str(path)
    return path


def write_key_file(path: Path, key_text: str) -> None:
    """Write a key file atomically with mode 0600 (used by key rotation)."""
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key_text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
