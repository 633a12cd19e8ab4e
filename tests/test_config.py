"""Settings load from the file, then the environment, with secrets only from the environment."""

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_example_config_loads_and_equals_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented example file is valid and matches the built-in defaults."""
    example = Path(__file__).resolve().parents[1] / "config.example.toml"
    from_file = load_settings(example, environ={})
    monkeypatch.chdir(tmp_path)  # no ./config.toml here: pure defaults
    defaults = load_settings(None, environ={})
    assert defaults.model_dump() == from_file.model_dump()


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    """CHECKIN_SECTION_KEY beats the file; secrets come from the environment."""
    config = tmp_path / "c.toml"
    config.write_text('[storage]\nurl = "sqlite:///from-file.db"\n', encoding="utf-8")
    env = {"CHECKIN_STORAGE_URL": "sqlite:///from-env.db", "CHECKIN_TELEGRAM_TOKEN": "123:abc"}
    settings = load_settings(config, environ=env)
    assert settings.storage.url == "sqlite:///from-env.db"
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings)


def test_bad_setting_names_the_key(tmp_path: Path) -> None:
    """A wrong value stops start-up with a message naming the setting."""
    config = tmp_path / "c.toml"
    config.write_text('[reminders]\nquiet_start = "25:99"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"reminders\.quiet_start"):
        load_settings(config, environ={})


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    """A misspelt key is an error, not silently ignored."""
    config = tmp_path / "c.toml"
    config.write_text('[survey]\ndefault_langauge = "en"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"survey\.default_langauge"):
        load_settings(config, environ={})


def test_secret_in_file_is_refused(tmp_path: Path) -> None:
    """A token written into the settings file is refused: secrets only from the environment."""
    config = tmp_path / "c.toml"
    config.write_text('telegram_token = "123:abc"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="telegram_token"):
        load_settings(config, environ={})


def test_named_config_file_must_exist(tmp_path: Path) -> None:
    """CHECKIN_CONFIG naming a missing file is an error, not a silent fall back to defaults."""
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(None, environ={"CHECKIN_CONFIG": str(tmp_path / "nope.toml")})


def test_invalid_toml_is_reported(tmp_path: Path) -> None:
    """A broken file gives a one-line error naming the file."""
    config = tmp_path / "c.toml"
    config.write_text("[storage\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(config, environ={})
