"""Notification settings, part of the gateway's frozen `Settings` (`Settings.notify`).

Read from the environment by `NotifyConfig.from_env` (called only from `Settings.from_env`):
`SITES_CONFIG` (per-site destinations and office hours, see `bot.notify.sites`) and the SMTP account
(`SMTP_HOST`, `SMTP_PORT`, `SMTP_USERNAME`, `SMTP_PASSWORD`, `SMTP_TLS`, `SMTP_FROM`, `SMTP_CA_FILE`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.notify.sites import Sites, SitesError, load_sites

TLS_MODES = ("starttls", "tls", "none")


class NotifyConfigError(ValueError):
    """A notification setting is malformed (reported as a configuration error at start)."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str = ""
    port: int = 587
    username: str = ""
    password: str = ""
    tls: str = "starttls"  # starttls (port 587) | tls (implicit, port 465) | none (local relay only)
    sender: str = ""
    ca_file: str = ""  # a private CA for the SMTP server's certificate; empty: the system's
    timeout_s: float = 15.0

    @property
    def enabled(self) -> bool:
        return bool(self.host and self.sender)


@dataclass(frozen=True)
class NotifyConfig:
    sites: Sites = field(default_factory=Sites)
    sites_path: str = ""
    smtp: SmtpConfig = field(default_factory=SmtpConfig)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> NotifyConfig:
        path = env.get("SITES_CONFIG", "").strip()
        try:
            sites = load_sites(path)
        except SitesError as exc:
            raise NotifyConfigError(str(exc)) from None
        tls = (env.get("SMTP_TLS") or "starttls").strip().lower()
        if tls not in TLS_MODES:
            raise NotifyConfigError(f"SMTP_TLS must be one of {', '.join(TLS_MODES)}, got {tls!r}")
        raw_port = (env.get("SMTP_PORT") or "").strip()
        try:
            port = int(raw_port) if raw_port else (465 if tls == "tls" else 587)
        except ValueError:
            raise NotifyConfigError(f"SMTP_PORT must be an integer, got {raw_port!r}") from None
        smtp = SmtpConfig(
            host=env.get("SMTP_HOST", "").strip(),
            port=port,
            username=env.get("SMTP_USERNAME", "").strip(),
            password=env.get("SMTP_PASSWORD", ""),
            tls=tls,
            sender=env.get("SMTP_FROM", "").strip(),
            ca_file=env.get("SMTP_CA_FILE", "").strip(),
        )
        if smtp.host and not smtp.sender:
            raise NotifyConfigError("SMTP_HOST needs SMTP_FROM (the address notifications come from)")
        if smtp.password and smtp.tls == "none":
            raise NotifyConfigError("SMTP_PASSWORD with SMTP_TLS=none would send the password in clear")
        emailed = sorted(k for k, site in sites.by_key.items() if site.emails)
        if emailed and not smtp.enabled:
            raise NotifyConfigError(
                f"SITES_CONFIG sends email for {', '.join(emailed)} but SMTP_HOST and SMTP_FROM are not set"
            )
        return cls(sites=sites, sites_path=path, smtp=smtp)
