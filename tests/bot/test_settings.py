"""Settings.from_env: defaults, parsing, and refusing placeholder secrets in production."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError


def test_defaults():
    s = Settings.from_env({})
    assert s.port == 8080 and s.host == "0.0.0.0"  # noqa: S104
    assert s.rasa_urls == ("http://127.0.0.1:5005",)
    assert s.app_database_url == "sqlite:///var/app.db"
    assert s.tracker_database_url == "sqlite:///var/rasa_tracker.db"
    assert s.allowed_origins == ("http://localhost:8080", "http://127.0.0.1:8080")
    assert s.api_keys == () and s.max_message_chars == 2000 and s.rate_limit_per_minute == 30
    assert s.retention_days == 365 and not s.telegram_enabled


def test_parsing():
    s = Settings.from_env(
        {
            "PORT": "9000",
            "RASA_URLS": "http://127.0.0.1:5005/, http://127.0.0.1:5006",
            "ALLOWED_ORIGINS": "https://College.example/, https://board.example",
            "API_KEYS": "a,b",
            "PUBLIC_URL": "https://pivot.example/app",
        }
    )
    assert s.rasa_urls == ("http://127.0.0.1:5005", "http://127.0.0.1:5006")
    assert s.allowed_origins == ("https://college.example", "https://board.example")
    assert s.api_keys == ("a", "b")
    assert (
        Settings.from_env({"PUBLIC_URL": "https://pivot.example/app"}).allowed_origins[0]
        == "https://pivot.example"
    )


@pytest.mark.parametrize(
    "env",
    [
        {"PORT": "eighty"},
        {"PORT": "0"},
        {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://x.example/telegram/webhook"},
        {"TELEGRAM_SECRET_TOKEN": "has spaces!"},
    ],
)
def test_bad_values_are_refused(env):
    with pytest.raises(SettingsError):
        Settings.from_env(env)


def test_production_refuses_placeholder_secrets():
    with pytest.raises(SettingsError, match="SESSION_SECRET.*RASA_TOKEN"):
        Settings.from_env({"ENV": "production", "SESSION_SECRET": "change-me", "RASA_TOKEN": "change-me"})
    ok = Settings.from_env({"ENV": "production", "SESSION_SECRET": "x" * 40, "RASA_TOKEN": "r" * 24})
    assert ok.env == "production"
    Settings.from_env({"SESSION_SECRET": "change-me"})  # development is allowed to use placeholders


def test_settings_are_frozen():
    s = Settings()
    with pytest.raises(AttributeError):
        s.port = 1  # type: ignore[misc]
