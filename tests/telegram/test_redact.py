"""Log redaction: the token, ids and message text never reach a log handler."""

import logging
from collections.abc import Iterator

import pytest
from telegram import Bot

from bot.redact import install, log_id, scrub
from tests.telegram.conftest import TEST_TOKEN
from tests.telegram.fake_bot_api import FakeBotApi

CANARY = "CANARY-words-the-person-typed"
CHAT_ID = 918273645


@pytest.fixture
def redacted_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Redaction installed for one test, everything captured from DEBUG up."""
    caplog.set_level(logging.DEBUG)
    installed = install([TEST_TOKEN])
    yield caplog
    installed.remove()


def _leaks(text: str) -> list[str]:
    return [s for s in (TEST_TOKEN, CANARY, str(CHAT_ID)) if s in text]


async def test_ptb_debug_output_keeps_no_token_id_or_text(
    redacted_logs: pytest.LogCaptureFixture, fake_bot_api: FakeBotApi
) -> None:
    """PTB logs whole requests at DEBUG; none of the token, chat id or text gets through."""
    async with Bot(TEST_TOKEN, request=fake_bot_api) as bot:
        await bot.send_message(CHAT_ID, CANARY)
    assert redacted_logs.records, "PTB logged nothing: the test would prove nothing"
    no_leaks: list[str] = []
    assert no_leaks == _leaks(redacted_logs.text)
    assert no_leaks == _leaks(" ".join(str(r.__dict__) for r in redacted_logs.records))


def test_httpx_request_line_loses_the_token(redacted_logs: pytest.LogCaptureFixture) -> None:
    """httpx's INFO line names the URL, which contains the token: it is replaced."""
    url = f"https://api.telegram.org/bot{TEST_TOKEN}/sendMessage"
    logging.getLogger("httpx._client").info('HTTP Request: POST %s "HTTP/1.1 200 OK"', url)
    expected = (
        'HTTP Request: POST https://api.telegram.org/bot<secret>/sendMessage "HTTP/1.1 200 OK"'
    )
    assert [expected] == [r.getMessage() for r in redacted_logs.records]


def test_library_line_carrying_a_message_is_withheld(
    redacted_logs: pytest.LogCaptureFixture,
) -> None:
    """A library error that dumps a payload with a "text" key is withheld entirely."""
    payload = {"message": {"chat": {"id": CHAT_ID}, "text": CANARY}}
    logging.getLogger("telegram.ext.Updater").error("Bad update: %r", payload)
    no_leaks: list[str] = []
    assert no_leaks == _leaks(redacted_logs.text)


def test_tracebacks_are_redacted(redacted_logs: pytest.LogCaptureFixture) -> None:
    """An exception whose message holds the token and an id is logged without them."""
    try:
        raise RuntimeError(f"failed calling bot{TEST_TOKEN} for chat {CHAT_ID}")
    except RuntimeError:
        logging.getLogger("bot.handlers").exception("Sending failed")
    no_leaks: list[str] = []
    assert no_leaks == _leaks(redacted_logs.text)
    assert "failed calling bot<secret> for chat <id>" in redacted_logs.text


def test_our_own_lines_lose_raw_ids(redacted_logs: pytest.LogCaptureFixture) -> None:
    """Even a careless line from our code with a raw chat id has the id replaced."""
    logging.getLogger("bot.handlers").warning("chat %s did something", CHAT_ID)
    expected = ["chat <id> did something"]
    assert expected == [r.getMessage() for r in redacted_logs.records]


def test_log_id_is_keyed_stable_and_survives_scrubbing() -> None:
    """log_id gives the same tag for the same id and key, another for another key, no digits."""
    first, again = log_id(CHAT_ID, b"key one"), log_id(CHAT_ID, b"key one")
    other_key = log_id(CHAT_ID, b"key two")
    assert first == again != other_key
    assert first == scrub(first)
    assert not any(c.isdigit() for c in first)


def test_remove_restores_logging() -> None:
    """After remove() records are no longer rewritten (tests do not leak into each other)."""
    installed = install(["s3cret-value"])
    installed.remove()
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "s3cret-value", (), None)
    unchanged = "s3cret-value"
    assert unchanged == record.getMessage()
