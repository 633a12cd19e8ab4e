"""Settings: the TOML file, then CHECKIN_* environment overrides, then defaults.

Secrets (the Telegram token, the data key, the webhook secret) come only from the
environment or a key file, and are held as ``SecretStr``. Settings are loaded once in
``main()`` and passed down; nothing imports them as a global.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

DEFAULT_CONFIG_PATH = "config.toml"


class ConfigError(Exception):
    """A setting is missing or wrong; the message names it and says what to do."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StorageSettings(_Section):
    url: str = "sqlite:///data/checkin.db"
    key_file: str = ""
    retention_days: int = Field(default=730, ge=1)


class WebhookSettings(_Section):
    listen: str = "127.0.0.1"
    port: int = Field(default=8443, ge=1, le=65535)
    url: str = ""
    path: str = "telegram"


class TelegramSettings(_Section):
    mode: Literal["polling", "webhook"] = "polling"
    bot_username: str = "MspCheckinBot"
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    hub_alert_chat_id: int = 0
    alert_repeat_minutes: int = Field(default=30, ge=1)
    webhook: WebhookSettings = WebhookSettings()


class ReminderSettings(_Section):
    quiet_start: str = Field(default="21:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    quiet_end: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    first_after_hours: float = Field(default=24, gt=0)
    second_after_hours: float = Field(default=72, gt=0)
    timezone: str = "Europe/London"


class SurveySettings(_Section):
    default_language: str = "en"
    default_variant: Literal["standard", "easy_read", "yes_no", "screen_reader"] = "standard"
    invite_valid_days: int = Field(default=14, ge=1)
    content_dir: str = ""
    checkin_every_days: int = Field(default=0, ge=0)  # 0: only staff send check-ins


class ReportSettings(_Section):
    output_dir: str = "reports"


class Settings(_Section):
    storage: StorageSettings = StorageSettings()
    telegram: TelegramSettings = TelegramSettings()
    reminders: ReminderSettings = ReminderSettings()
    survey: SurveySettings = SurveySettings()
    reports: ReportSettings = ReportSettings()
    telegram_token: SecretStr | None = None
    data_key: SecretStr | None = None
    webhook_secret: SecretStr | None = None

    @property
    def database_path(self) -> Path:
        """The SQLite file named by ``storage.url``."""
        prefix = "sqlite:///"
        if not self.storage.url.startswith(prefix):
            raise ConfigError(
                f"Config 'storage.url' must start with {prefix!r}; got {self.storage.url!r}"
            )
        return Path(self.storage.url[len(prefix) :])


_SECRETS = {
    "CHECKIN_TELEGRAM_TOKEN": "telegram_token",
    "CHECKIN_DATA_KEY": "data_key",
    "CHECKIN_WEBHOOK_SECRET": "webhook_secret",
}
_SECTIONS = ("storage", "telegram", "reminders", "survey", "reports")


def _apply_environment(data: dict[str, Any], environ: dict[str, str]) -> None:
    """Overlay CHECKIN_SECTION_KEY variables (e.g. CHECKIN_STORAGE_URL) onto the file's data."""
    for name, value in environ.items():
        if not name.startswith("CHECKIN_") or name in _SECRETS or name == "CHECKIN_CONFIG":
            continue
        rest = name[len("CHECKIN_") :].lower()
        for section in _SECTIONS:
            if rest.startswith(section + "_"):
                data.setdefault(section, {})[rest[len(section) + 1 :]] = value
                break


def _describe(error: ValidationError, source: str) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    return f"Config '{key}' in {source}: {first['msg']}"


def load_settings(
    path: str | os.PathLike[str] | None = None, environ: dict[str, str] | None = None
) -> Settings:
    """Load settings from ``path`` (or ``CHECKIN_CONFIG``, or ./config.toml if present)."""
    env = dict(os.environ if environ is None else environ)
    explicit = path is not None or "CHECKIN_CONFIG" in env
    config_path = Path(path or env.get("CHECKIN_CONFIG") or DEFAULT_CONFIG_PATH)
    data: dict[str, Any] = {}
    if config_path.exists():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"Config file {config_path} is not valid TOML: {exc}") from exc
        for secret in ("telegram_token", "data_key", "webhook_secret"):
            if secret in data:
                raise ConfigError(
                    f"Config '{secret}' must not be in {config_path}: secrets come from the "
                    "environment only"
                )
    elif explicit:
        raise ConfigError(f"Config file {config_path} does not exist")
    _apply_environment(data, env)
    for env_name, field in _SECRETS.items():
        if env.get(env_name):
            data[field] = env[env_name]
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, str(config_path) + " or environment")) from exc
