"""Per-site hand-off configuration, read from the `SITES_CONFIG` file (YAML or JSON).

```yaml
sites:
  college.example:                 # the widget's `site` (data-site); `default` covers every other site
    name: Riverside College careers
    timezone: America/New_York
    hours: {mon-fri: "09:00-17:00"}
    reply_within: "two working hours"  # what a person is told to expect during office hours
    email: [careers@college.example]
    webhook: https://hooks.slack.com/services/T000/B000/XXXX
    webhook_format: slack          # slack | teams; guessed from the URL when left out
```

A site listed by name uses only its own destinations; `default` applies only to conversations whose
site is not listed (or unknown, e.g. Telegram). A site without a destination gets no notification,
so a person's data never goes anywhere that is not configured for their site. The gateway (notices)
and the action server (what the person is told) read the same file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.notify.hours import HoursError, OfficeHours

DEFAULT_SITE = "default"
WEBHOOK_FORMATS = ("slack", "teams")
_TEAMS_HOSTS = ("webhook.office.com", "logic.azure.com", "powerplatform.com", "outlook.office.com")


class SitesError(ValueError):
    """The sites file is missing or malformed."""


def guess_format(url: str) -> str:
    """Microsoft's webhook hosts (Teams connectors and Workflows) get the Teams card, others Slack's
    `{"text"}` shape, which Mattermost and Rocket.Chat also accept."""
    host = (urlsplit(url).hostname or "").lower()
    return "teams" if any(host == h or host.endswith("." + h) for h in _TEAMS_HOSTS) else "slack"


@dataclass(frozen=True)
class SiteConfig:
    key: str
    name: str
    hours: OfficeHours | None = None  # None: no office hours known, nothing promised about timing
    reply_within: str = ""
    emails: tuple[str, ...] = ()
    webhook: str = ""
    webhook_format: str = "slack"

    @property
    def has_destination(self) -> bool:
        return bool(self.emails or self.webhook)


@dataclass(frozen=True)
class Sites:
    by_key: Mapping[str, SiteConfig] = field(default_factory=dict)

    def for_site(self, site: str | None) -> SiteConfig | None:
        """The site's own entry, else `default`, else None (no configuration: nothing is sent)."""
        if site and site in self.by_key:
            return self.by_key[site]
        return self.by_key.get(DEFAULT_SITE)


def _site(key: str, raw: Mapping[str, Any]) -> SiteConfig:
    if not isinstance(raw, Mapping):
        raise SitesError(f"site {key!r}: expected a mapping")
    hours = None
    if raw.get("hours"):
        if not isinstance(raw["hours"], Mapping):
            raise SitesError(f"site {key!r}: hours must map days to HH:MM-HH:MM")
        try:
            hours = OfficeHours.parse(str(raw.get("timezone") or "UTC"), raw["hours"])
        except HoursError as exc:
            raise SitesError(f"site {key!r}: {exc}") from None
    emails = raw.get("email") or ()
    emails = (emails,) if isinstance(emails, str) else tuple(str(e).strip() for e in emails)
    if any("@" not in e or any(c in e for c in "\r\n ,;") for e in emails):
        raise SitesError(f"site {key!r}: every email must be one address")
    webhook = str(raw.get("webhook") or "").strip()
    if webhook and urlsplit(webhook).scheme not in ("https", "http"):
        raise SitesError(f"site {key!r}: webhook must be an http(s) URL")
    fmt = str(raw.get("webhook_format") or (guess_format(webhook) if webhook else "slack")).lower()
    if fmt not in WEBHOOK_FORMATS:
        raise SitesError(f"site {key!r}: webhook_format must be one of {', '.join(WEBHOOK_FORMATS)}")
    return SiteConfig(
        key=key,
        name=str(raw.get("name") or key),
        hours=hours,
        reply_within=str(raw.get("reply_within") or "").strip(),
        emails=emails,
        webhook=webhook,
        webhook_format=fmt,
    )


def parse_sites(data: Any) -> Sites:
    if data is None:
        return Sites()
    if not isinstance(data, Mapping) or not isinstance(data.get("sites", {}), Mapping):
        raise SitesError("the sites file needs a top-level `sites:` mapping")
    return Sites({str(k): _site(str(k), v) for k, v in (data.get("sites") or {}).items()})


def load_sites(path: str | Path | None) -> Sites:
    """Read the file (`.json` as JSON, anything else as YAML); an empty path means no sites."""
    if not path:
        return Sites()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SitesError(f"SITES_CONFIG {p}: {exc.strerror}") from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise SitesError(f"SITES_CONFIG {p}: not valid {p.suffix or 'YAML'} ({exc})") from None
    return parse_sites(data)
