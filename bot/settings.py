"""Gateway settings: read once from the environment in `__main__`, frozen, passed everywhere.

Nothing else in `bot/` reads `os.environ`. Tests build `Settings(...)` directly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.notify.config import NotifyConfig

PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev", "development", "test", "xxx"})


class SettingsError(ValueError):
    """A setting is missing, malformed or unsafe for the environment."""


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be >= {minimum}, got {value}")
    return value


def origin_of(url: str) -> str:
    """`https://example.org/chat?x` → `https://example.org` (what browsers send as `Origin`)."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


@dataclass(frozen=True)
class Settings:
    port: int = 8080
    host: str = "0.0.0.0"  # noqa: S104 -- the gateway is the public door by design
    rasa_urls: tuple[str, ...] = ("http://127.0.0.1:5005",)
    rasa_token: str = ""
    rasa_timeout_s: float = 30.0
    actions_url: str = "http://127.0.0.1:5055"
    app_database_url: str = "sqlite:///var/app.db"
    kb_database_url: str = "sqlite:///var/knowledge.db"
    tracker_database_url: str = "sqlite:///var/rasa_tracker.db"
    allowed_origins: tuple[str, ...] = ()
    api_keys: tuple[str, ...] = ()
    max_message_chars: int = 2000
    rate_limit_per_minute: int = 30
    rate_limit_per_address_per_minute: int = 300  # 0: off
    rate_limit_global_per_minute: int = 3000  # 0: off
    trusted_proxy_hops: int = 0  # reverse proxies in front whose X-Forwarded-For is believed
    redis_url: str = ""  # shares rate limits, per-sender turns and socket pushes between gateway processes
    redis_prefix: str = "pivot:rate:"
    gateway_workers: int = 1  # processes `python -m bot serve` starts on one port (SO_REUSEPORT)
    gateway_worker_index: int = 0  # this process's number; 0 runs what must run once (Telegram polling)
    telegram_bot_token: str = ""
    telegram_webhook_url: str = ""
    telegram_secret_token: str = ""
    telegram_api_base_url: str = ""
    session_secret: str = ""
    widget_secret: str = ""  # signs widget sender ids; empty: derived from SESSION_SECRET
    retention_days: int = 365
    # the counselor summary is rebuilt this long after a sender's last turn (0: after every turn), at the
    # latest this long after the first turn it lacks (`bot/counselor/turn_summaries.py`)
    summary_quiet_s: float = 20.0
    summary_max_delay_s: float = 120.0
    public_url: str = ""
    env: str = "development"
    migrate_on_start: bool = True
    static_dir: str = ""  # empty: bot/static next to the code
    notify: NotifyConfig = field(default_factory=NotifyConfig)  # hand-off notices (bot/notify/)
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.allowed_origins:
            defaults = [f"http://localhost:{self.port}", f"http://127.0.0.1:{self.port}"]
            if self.public_url:
                defaults.insert(0, origin_of(self.public_url))
            object.__setattr__(self, "allowed_origins", tuple(defaults))
        object.__setattr__(
            self, "allowed_origins", tuple(o.rstrip("/").lower() for o in self.allowed_origins)
        )
        object.__setattr__(self, "rasa_urls", tuple(u.rstrip("/") for u in self.rasa_urls))

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Build from environment variables (see .env.example); raises SettingsError on bad values."""
        env = {k: v for k, v in environ.items()}
        port = _int(env, "PORT", 8080, 1)
        try:
            notify = NotifyConfig.from_env(env)
        except ValueError as exc:
            raise SettingsError(str(exc)) from None
        settings = cls(
            port=port,
            host=env.get("HOST") or "0.0.0.0",  # noqa: S104
            rasa_urls=_csv(env.get("RASA_URLS")) or ("http://127.0.0.1:5005",),
            rasa_token=env.get("RASA_TOKEN", ""),
            rasa_timeout_s=float(_int(env, "RASA_TIMEOUT_SECONDS", 30, 1)),
            actions_url=(env.get("ACTIONS_URL") or "http://127.0.0.1:5055").rstrip("/"),
            app_database_url=env.get("APP_DATABASE_URL") or "sqlite:///var/app.db",
            kb_database_url=env.get("KB_DATABASE_URL") or "sqlite:///var/knowledge.db",
            tracker_database_url=env.get("TRACKER_DATABASE_URL") or "sqlite:///var/rasa_tracker.db",
            allowed_origins=_csv(env.get("ALLOWED_ORIGINS")),
            api_keys=_csv(env.get("API_KEYS")),
            max_message_chars=_int(env, "MAX_MESSAGE_CHARS", 2000, 1),
            rate_limit_per_minute=_int(env, "RATE_LIMIT_PER_MINUTE", 30, 1),
            rate_limit_per_address_per_minute=_int(env, "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", 300),
            rate_limit_global_per_minute=_int(env, "RATE_LIMIT_GLOBAL_PER_MINUTE", 3000),
            trusted_proxy_hops=_int(env, "TRUSTED_PROXY_HOPS", 0),
            redis_url=env.get("REDIS_URL", "").strip(),
            redis_prefix=env.get("REDIS_PREFIX", "").strip() or "pivot:rate:",
            gateway_workers=_int(env, "GATEWAY_WORKERS", 1, 1),
            gateway_worker_index=_int(env, "GATEWAY_WORKER_INDEX", 0, 0),
            migrate_on_start=env.get("MIGRATE_ON_START", "1").strip().lower() not in ("0", "false", "no"),
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
            telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL", "").strip(),
            telegram_secret_token=env.get("TELEGRAM_SECRET_TOKEN", "").strip(),
            telegram_api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip(),
            session_secret=env.get("SESSION_SECRET", ""),
            widget_secret=env.get("WIDGET_SECRET", ""),
            retention_days=_int(env, "RETENTION_DAYS", 365, 1),
            summary_quiet_s=float(_int(env, "SUMMARY_QUIET_SECONDS", 20)),
            summary_max_delay_s=float(_int(env, "SUMMARY_MAX_DELAY_SECONDS", 120)),
            public_url=env.get("PUBLIC_URL", "").strip(),
            env=(env.get("ENV") or "development").strip().lower(),
            notify=notify,
        )
        settings.check()
        return settings

    @property
    def leader(self) -> bool:
        """Whether this gateway process runs the jobs that must run once (Telegram polling and recovery,
        the retention sweep): worker 0 of `GATEWAY_WORKERS`."""
        return self.gateway_worker_index == 0

    def check(self) -> None:
        """Refuse unsafe combinations; in production refuse placeholder secrets."""
        if self.gateway_workers > 1 and not self.redis_url:
            raise SettingsError(
                "GATEWAY_WORKERS > 1 needs REDIS_URL: the processes share per-sender order, rate limits and "
                "pushes to widget sockets through Redis"
            )
        if self.telegram_webhook_url and urlsplit(self.telegram_webhook_url).scheme.lower() != "https":
            raise SettingsError(
                "TELEGRAM_WEBHOOK_URL must be an https:// URL: Telegram delivers webhooks only over HTTPS. "
                "Leave it empty to use long polling instead."
            )
        if self.telegram_webhook_url and not self.telegram_secret_token:
            raise SettingsError(
                "TELEGRAM_WEBHOOK_URL needs TELEGRAM_SECRET_TOKEN (Telegram signs each request)"
            )
        if self.telegram_secret_token and not all(
            c.isalnum() or c in "_-" for c in self.telegram_secret_token
        ):
            raise SettingsError("TELEGRAM_SECRET_TOKEN may contain only A-Z, a-z, 0-9, _ and -")
        if self.env != "production":
            return
        problems = []
        if self.session_secret.strip().lower() in PLACEHOLDER_SECRETS or len(self.session_secret) < 32:
            problems.append("SESSION_SECRET (at least 32 random characters)")
        if self.rasa_token.strip().lower() in PLACEHOLDER_SECRETS:
            problems.append("RASA_TOKEN")
        if self.telegram_webhook_url and (
            self.telegram_secret_token.lower() in PLACEHOLDER_SECRETS or len(self.telegram_secret_token) < 16
        ):
            problems.append("TELEGRAM_SECRET_TOKEN (at least 16 characters)")
        if any(k.lower() in PLACEHOLDER_SECRETS or len(k) < 16 for k in self.api_keys):
            problems.append("API_KEYS (each at least 16 characters)")
        if problems:
            raise SettingsError("ENV=production refuses placeholder secrets: set " + ", ".join(problems))
