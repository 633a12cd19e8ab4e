"""Opaque, signed callback data for inline buttons (Telegram allows at most 64 bytes).

A button carries (survey step ``seq``, ``question_id``, option ``key``) packed into a compact
binary form, followed by a truncated HMAC-SHA256 over the chat id and that form, all in
base64url. The chat id is not in the token: it comes from the callback query and is part of
what is signed, so a payload copied into another chat fails the check. A token from an older
question (``seq`` no longer current) is ``StalePayload``; anything that fails the check is
``ForgedPayload``. The signing key is derived from the data key with HKDF, so rotating the
data key also retires every old button.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAX_CALLBACK_BYTES = 64
FORMAT_VERSION = 1
MAC_BYTES = 8  # 64 bits: forging one needs ~2**63 Telegram round trips
_SEPARATOR = b"\x00"
# Words that ids and keys often contain, each packed into one control byte (0x01-0x1F) so
# realistic ids fit. Part of the format: changing this table needs a new FORMAT_VERSION.
_WORDS: tuple[str, ...] = (
    "prefer_not_to_say", "wants_more_support", "outcome_achieved", "how_will_we_know",
    "how_much_safer", "listened_to", "quite_a_bit", "made_safer", "not_at_all", "danger_now",
    "dont_know", "wellbeing", "outcomes", "involved", "comments", "a_little", "unhappy",
    "safety", "partly", "unsure", "outcome", "happy", "pause", "resume", "confirm", "alert",
    "common", "consent", "variant", "language", "answered_by",
)  # fmt: skip
_BY_LENGTH = sorted(enumerate(_WORDS, start=1), key=lambda pair: -len(pair[1]))
_KDF_INFO = b"msp-checkin/callback-payload/v1"


class PayloadError(Exception):
    """A button's data cannot be used; the person should be shown the current question."""


class ForgedPayload(PayloadError):
    """The data was not made by this bot for this chat (tampered, copied, or an old key)."""

    def __init__(self) -> None:
        super().__init__("This button was not made for this chat.")


class StalePayload(PayloadError):
    """A genuine button from an earlier question; ``payload`` says which one."""

    def __init__(self, payload: ButtonPayload) -> None:
        super().__init__("This button belongs to an earlier question.")
        self.payload = payload


class PayloadTooLong(ValueError):
    """The question id and option key do not fit in 64 bytes; shorten them in the content."""


@dataclass(frozen=True)
class ButtonPayload:
    """What a button press means: which chat, survey step, question and option."""

    chat_id: int
    seq: int
    question_id: str
    key: str


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _read_varint(data: bytes, start: int) -> tuple[int, int]:
    number, shift, index = 0, 0, start
    while index < len(data) and shift < 35:
        byte = data[index]
        number |= (byte & 0x7F) << shift
        index += 1
        if not byte & 0x80:
            return number, index
        shift += 7
    raise ValueError("truncated number")


@functools.lru_cache(maxsize=4096)  # ids and keys come from the content: a small set
def _pack(text: str) -> bytes:
    """UTF-8 with common words replaced by their one-byte codes (longest first).

    Cached: 31 replacements, twice per button, were a fifth of the bot's CPU per update."""
    if any(ord(char) < 0x20 for char in text):
        raise ValueError("question ids and option keys must not contain control characters")
    for code, word in _BY_LENGTH:
        text = text.replace(word, chr(code))
    return text.encode()


def _unpack(data: bytes) -> str:
    text = data.decode()
    for code, word in enumerate(_WORDS, start=1):
        text = text.replace(chr(code), word)
    return text


def _unpad_b64decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded, altchars=b"-_", validate=True)


class PayloadSigner:
    """Makes and checks button payloads with one HMAC key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("The payload key must be at least 16 bytes.")
        self._key = key

    @classmethod
    def from_data_key(cls, data_key: str | bytes) -> PayloadSigner:
        """Derive the payload key from the data key, so the two never have to be kept apart."""
        material = data_key.encode() if isinstance(data_key, str) else data_key
        kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KDF_INFO)
        return cls(kdf.derive(material))

    def _mac(self, chat_id: int, body: bytes) -> bytes:
        message = str(int(chat_id)).encode() + b"|" + body
        return hmac.digest(self._key, message, "sha256")[:MAC_BYTES]  # one-shot: no HMAC object

    def encode(self, chat_id: int, seq: int, question_id: str, key: str) -> str:
        """The callback data for one button; raises ``PayloadTooLong`` rather than exceed 64."""
        if seq < 0:
            raise ValueError("seq must not be negative")
        parts = (_pack(question_id), _pack(key))
        body = bytes([FORMAT_VERSION]) + _varint(seq) + parts[0] + _SEPARATOR + parts[1]
        token = base64.urlsafe_b64encode(body + self._mac(chat_id, body)).rstrip(b"=").decode()
        if len(token.encode()) > MAX_CALLBACK_BYTES:
            raise PayloadTooLong(
                f"Question id {question_id!r} with option key {key!r} is too long for a button;"
                " shorten them in the content (Telegram allows 64 bytes of button data)."
            )
        return token

    def fits(self, question_id: str, key: str) -> bool:
        """Whether a button for this question and option can be made (for content checks)."""
        try:
            self.encode(0, 2**21 - 1, question_id, key)
        except (PayloadTooLong, ValueError):
            return False
        return True

    def decode(self, data: str, chat_id: int, current_seq: int | None = None) -> ButtonPayload:
        """Check ``data`` came from this bot for ``chat_id``; refuse it if its step has passed."""
        try:
            raw = _unpad_b64decode(data)
        except (binascii.Error, ValueError) as exc:
            raise ForgedPayload() from exc
        body, mac = raw[:-MAC_BYTES], raw[-MAC_BYTES:]
        if len(raw) <= MAC_BYTES or not hmac.compare_digest(mac, self._mac(chat_id, body)):
            raise ForgedPayload()
        payload = _parse_body(body, chat_id)
        if current_seq is not None and payload.seq != current_seq:
            raise StalePayload(payload)
        return payload


def _parse_body(body: bytes, chat_id: int) -> ButtonPayload:
    """Unpack a signed body; a version this code does not know is treated as forged."""
    try:
        if body[0] != FORMAT_VERSION:
            raise ValueError("unknown version")
        seq, index = _read_varint(body, 1)
        question_id, key = body[index:].split(_SEPARATOR, 1)
        return ButtonPayload(chat_id, seq, _unpack(question_id), _unpack(key))
    except (IndexError, ValueError, UnicodeDecodeError) as exc:
        raise ForgedPayload() from exc
