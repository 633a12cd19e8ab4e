"""Button payloads: signed, chat-bound, at most 64 bytes, stale and forged ones refused."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.payloads import (
    MAX_CALLBACK_BYTES,
    ButtonPayload,
    ForgedPayload,
    PayloadSigner,
    PayloadTooLong,
    StalePayload,
)

SIGNER = PayloadSigner.from_data_key("a data key used only in these tests")
CHAT = 424242424242

chat_ids = st.integers(min_value=-(10**13), max_value=10**13)
seqs = st.integers(min_value=0, max_value=10**6)
idents = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]),
    max_size=40,
)


@given(chat=chat_ids, seq=seqs, question_id=idents, key=idents)
def test_round_trip_or_refused_never_over_64_bytes(
    chat: int, seq: int, question_id: str, key: str
) -> None:
    """Any fields either encode to <= 64 bytes and decode back exactly, or raise PayloadTooLong."""
    try:
        token = SIGNER.encode(chat, seq, question_id, key)
    except PayloadTooLong:
        return
    assert len(token.encode()) <= MAX_CALLBACK_BYTES
    assert ButtonPayload(chat, seq, question_id, key) == SIGNER.decode(token, chat, seq)


def test_realistic_question_ids_fit() -> None:
    """The longest measure id with the longest non-answer key still makes a button."""
    assert SIGNER.fits("outcome_achieved:o12", "prefer_not_to_say")
    assert SIGNER.fits("wants_more_support", "prefer_not_to_say")
    assert not SIGNER.fits("q" * 40, "k")


@given(word=st.sampled_from(["safety", "outcome_achieved", "unsafe", "safety_safety"]))
def test_packed_words_decode_back_inside_longer_ids(word: str) -> None:
    """Common words packed into one byte come back intact wherever they appear."""
    token = SIGNER.encode(CHAT, 1, f"x{word}:{word}", f"{word}_2")
    assert ButtonPayload(CHAT, 1, f"x{word}:{word}", f"{word}_2") == SIGNER.decode(token, CHAT)


@given(chat=chat_ids, other=chat_ids)
def test_payload_from_another_chat_is_refused(chat: int, other: int) -> None:
    """A payload made for one chat is forged in every other chat."""
    token = SIGNER.encode(chat, 3, "safety", "4")
    if other != chat:
        with pytest.raises(ForgedPayload):
            SIGNER.decode(token, other)


@given(position=st.integers(min_value=0, max_value=200), bit=st.integers(0, 7))
def test_any_flipped_bit_is_refused(position: int, bit: int) -> None:
    """Changing any bit of the token (body or signature) makes it forged."""
    token = SIGNER.encode(CHAT, 7, "safety", "2")
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[position % len(raw)] ^= 1 << bit
    tampered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(ForgedPayload):
        SIGNER.decode(tampered, CHAT)


@given(garbage=st.text(max_size=64))
def test_garbage_is_forged_not_a_crash(garbage: str) -> None:
    """Arbitrary callback data from a client raises ForgedPayload, never another error."""
    with pytest.raises(ForgedPayload):
        SIGNER.decode(garbage, CHAT)


def test_stale_step_is_refused_with_its_fields() -> None:
    """A genuine button from an earlier step raises StalePayload carrying what it was."""
    token = SIGNER.encode(CHAT, 4, "safety", "3")
    with pytest.raises(StalePayload) as caught:
        SIGNER.decode(token, CHAT, current_seq=5)
    assert ButtonPayload(CHAT, 4, "safety", "3") == caught.value.payload


def test_other_key_is_refused() -> None:
    """A payload signed with another data key (rotated key, another deployment) is forged."""
    token = PayloadSigner.from_data_key("another key entirely").encode(CHAT, 1, "safety", "4")
    with pytest.raises(ForgedPayload):
        SIGNER.decode(token, CHAT)


def test_token_does_not_show_the_answer() -> None:
    """The token is opaque: the option key is not readable in it."""
    token = SIGNER.encode(CHAT, 1, "safety", "prefer_not_to_say")
    assert "prefer" not in token and "safety" not in token
