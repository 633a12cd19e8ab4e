"""Fixtures for the Telegram transport tests."""

import pytest

from bot.config import Settings

TEST_TOKEN = "123456789:AAtest-token-that-must-never-be-logged_0123"
TEST_DATA_KEY = "test data key: not a real secret"


@pytest.fixture
def telegram_settings() -> Settings:
    """Settings with a fake token and data key, pointed at a (never contacted) local server."""
    return Settings.model_validate(
        {
            "telegram_token": TEST_TOKEN,
            "data_key": TEST_DATA_KEY,
            "webhook_secret": "webhook-secret_0123456789",
            "telegram": {
                "base_url": "http://botapi.local:8081/bot",
                "base_file_url": "http://botapi.local:8081/file/bot",
            },
        }
    )
