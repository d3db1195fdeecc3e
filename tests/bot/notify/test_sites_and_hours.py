"""Office hours at fixed instants (including a daylight-saving change), the sites file, the SMTP
settings, and the notice's renderings."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.notify.compose import Notice, slack_payload
from bot.notify.config import NotifyConfig, NotifyConfigError
from bot.notify.hours import HoursError, OfficeHours, when_phrase
from bot.notify.service import is_new_handoff
from bot.notify.sites import SitesError, guess_format, load_sites, parse_sites
from bot.settings import Settings, SettingsError

UTC = dt.timezone.utc
NY = OfficeHours.parse("America/New_York", {"mon-fri": "09:00-17:00", "sat": ["10:00-12:00"]})


@pytest.mark.parametrize(
    ("utc", "open_"),
    [
        (dt.datetime(2026, 12, 1, 14, 0, tzinfo=UTC), True),  # Tue 09:00 EST: opens on the minute
        (dt.datetime(2026, 12, 1, 13, 59, tzinfo=UTC), False),
        (dt.datetime(2026, 12, 1, 22, 0, tzinfo=UTC), False),  # Tue 17:00: closed on the minute
        (dt.datetime(2026, 12, 5, 16, 30, tzinfo=UTC), True),  # Sat 11:30
        (dt.datetime(2026, 12, 6, 16, 30, tzinfo=UTC), False),  # Sunday
    ],
)
def test_open_at_fixed_instants(utc, open_):
    assert NY.is_open(utc) is open_


def test_next_opening_over_the_weekend_and_across_daylight_saving():
    friday_evening = dt.datetime(2026, 3, 6, 23, 0, tzinfo=UTC)  # 18:00 EST; clocks go forward Sun 8 March

    saturday = NY.next_opening(friday_evening)
    monday = NY.next_opening(dt.datetime(2026, 3, 7, 17, 30, tzinfo=UTC))

    assert saturday.astimezone(UTC) == dt.datetime(2026, 3, 7, 15, 0, tzinfo=UTC)  # 10:00 EST
    assert monday.astimezone(UTC) == dt.datetime(2026, 3, 9, 13, 0, tzinfo=UTC)  # 09:00 EDT
    assert when_phrase(saturday, friday_evening) == "tomorrow at 10:00"
    assert when_phrase(monday, dt.datetime(2026, 3, 7, 17, 30, tzinfo=UTC)) == "Monday at 09:00"


def test_hours_describe_themselves_for_people():
    assert NY.describe() == "Monday–Friday 09:00–17:00, Saturday 10:00–12:00"


@pytest.mark.parametrize(
    ("tz", "spec"),
    [
        ("Mars/Olympus", {"mon": "09:00-10:00"}),
        ("UTC", {"funday": "09:00-10:00"}),
        ("UTC", {"mon": "17:00-09:00"}),
    ],
)
def test_bad_hours_are_refused(tz, spec):
    with pytest.raises(HoursError):
        OfficeHours.parse(tz, spec)


SITES = {
    "sites": {
        "a.example": {"email": ["a@a.example"]},
        "default": {"email": "all@example.org", "webhook": "https://x.webhook.office.com/webhookb2/1"},
    }
}


def test_a_listed_site_uses_only_its_own_destinations_and_default_covers_the_rest():
    sites = parse_sites(SITES)

    a = sites.for_site("a.example")
    assert (a.emails, a.webhook) == (("a@a.example",), "")  # no fallback to default's webhook
    assert sites.for_site("b.example").key == "default"
    assert sites.for_site(None).key == "default"
    assert parse_sites({"sites": {"a.example": {}}}).for_site("b.example") is None
    assert sites.for_site("b.example").webhook_format == "teams"


def test_webhook_format_is_guessed_from_the_host():
    assert guess_format("https://hooks.slack.com/services/T/B/x") == "slack"
    assert guess_format("https://prod-12.westus.logic.azure.com/workflows/1") == "teams"
    assert guess_format("https://chat.example.org/hooks/1") == "slack"


@pytest.mark.parametrize(
    "site",
    [
        {"email": "a@x.example, b@x.example"},
        {"webhook": "ftp://x.example/hook"},
        {"webhook": "https://x.example", "webhook_format": "discord"},
        {"hours": {"mon": "9-5"}},
    ],
)
def test_bad_sites_are_refused(site):
    with pytest.raises(SitesError):
        parse_sites({"sites": {"x.example": site}})


def test_the_sites_file_is_read_as_yaml_or_json(tmp_path):
    (tmp_path / "s.json").write_text('{"sites": {"a.example": {"email": "a@a.example"}}}')
    (tmp_path / "s.yml").write_text("sites:\n  a.example:\n    email: a@a.example\n")

    assert load_sites(tmp_path / "s.json").for_site("a.example").emails == ("a@a.example",)
    assert load_sites(tmp_path / "s.yml").for_site("a.example").emails == ("a@a.example",)
    with pytest.raises(SitesError, match="No such file"):
        load_sites(tmp_path / "missing.yml")


def test_smtp_settings(tmp_path):
    assert NotifyConfig.from_env({"SMTP_TLS": "tls"}).smtp.port == 465
    assert NotifyConfig.from_env({}).smtp.port == 587 and not NotifyConfig.from_env({}).smtp.enabled
    for env in (
        {"SMTP_TLS": "ssl3"},
        {"SMTP_HOST": "mail.example.org"},  # no SMTP_FROM
        {"SMTP_HOST": "m", "SMTP_FROM": "a@b.c", "SMTP_TLS": "none", "SMTP_PASSWORD": "pw"},
        {"SMTP_PORT": "twenty-five"},
    ):
        with pytest.raises(NotifyConfigError):
            NotifyConfig.from_env(env)
    with pytest.raises(SettingsError, match="SITES_CONFIG"):
        Settings.from_env({"SITES_CONFIG": str(tmp_path / "nope.yml")})
    (tmp_path / "s.yml").write_text("sites:\n  a.example:\n    email: a@a.example\n")
    with pytest.raises(SettingsError, match="sends email for a.example but SMTP_HOST"):
        Settings.from_env({"SITES_CONFIG": str(tmp_path / "s.yml")})


def test_slack_text_escapes_control_characters_and_links_the_conversation():
    notice = Notice(
        "A & B <college>",
        "web",
        "2026-12-01T15:00:00+00:00",
        "Tuesday 10:00",
        "from <x> & y",
        "https://p/c/web:1",
        True,
    )

    text = slack_payload(notice)["text"]

    assert "A &amp; B &lt;college&gt;" in text and "from &lt;x&gt; &amp; y" in text
    assert text.endswith("<https://p/c/web:1|Open the conversation>")


def test_only_a_new_request_is_a_new_notice():
    assert is_new_handoff([{"event": "handoff_requested"}])  # older action servers: always new
    assert is_new_handoff([{"event": "handoff_requested", "new": True}])
    assert not is_new_handoff([{"event": "handoff_requested", "new": False}])
    assert not is_new_handoff([{"event": "forget_me"}])
