"""The two ways a notice leaves the gateway: SMTP (aiosmtplib) and an HTTP webhook (aiohttp).

Each raises `SendError` on failure; `permanent` tells the outbox not to retry (a webhook URL that
answers 404 or a mail server that refuses the recipient will not change its mind in a minute).
Errors carry the reason only, never credentials or the webhook URL (which is itself a secret).
"""

from __future__ import annotations

import asyncio
import ssl

import aiohttp
import aiosmtplib

from bot.notify.compose import Notice, email_message, webhook_payload
from bot.notify.config import SmtpConfig

WEBHOOK_TIMEOUT_S = 10.0
_RETRYABLE_HTTP = frozenset({408, 425, 429})


class SendError(Exception):
    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason[:500]
        self.permanent = permanent


class EmailSender:
    """One SMTP connection per notice: notices are rare, and a fresh login never goes stale."""

    def __init__(self, config: SmtpConfig, tls_context: ssl.SSLContext | None = None) -> None:
        self.config = config
        self._tls = tls_context or ssl.create_default_context(cafile=config.ca_file or None)

    async def send(self, notice: Notice, recipient: str) -> None:
        c = self.config
        if not c.enabled:
            raise SendError("email is not configured (SMTP_HOST, SMTP_FROM)", permanent=True)
        message = email_message(notice, c.sender, recipient)
        try:
            await aiosmtplib.send(
                message,
                hostname=c.host,
                port=c.port,
                username=c.username or None,
                password=c.password or None,
                use_tls=c.tls == "tls",
                start_tls=True if c.tls == "starttls" else False,
                tls_context=self._tls if c.tls != "none" else None,
                timeout=c.timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise SendError(f"recipient refused: {exc}", permanent=True) from None
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise SendError(f"SMTP login refused ({exc.code})") from None
        except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as exc:
            raise SendError(f"SMTP: {type(exc).__name__}: {exc}") from None


class WebhookSender:
    def __init__(self, http: aiohttp.ClientSession) -> None:
        self.http = http

    async def send(self, notice: Notice, url: str, fmt: str) -> None:
        try:
            async with self.http.post(
                url,
                json=webhook_payload(notice, fmt),
                timeout=aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT_S),
                allow_redirects=False,
            ) as resp:
                if 200 <= resp.status < 300:
                    return
                permanent = 400 <= resp.status < 500 and resp.status not in _RETRYABLE_HTTP
                raise SendError(f"webhook answered HTTP {resp.status}", permanent=permanent)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise SendError(f"webhook unreachable ({type(exc).__name__})") from None
