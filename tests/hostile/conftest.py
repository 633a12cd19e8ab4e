"""The hostile-input tests run under the same log check as the Telegram tests: redaction
installed as ``checkin run`` installs it, everything logged from DEBUG up, and afterwards
no log line may hold the token, a canary text or a chat id the test used."""

from tests.telegram.conftest import logs_hold_no_secrets, telegram_settings

__all__ = ["logs_hold_no_secrets", "telegram_settings"]
