"""Widget sender ids the gateway issues and signs (issue 12).

A widget conversation is `web:<uuid4>`, chosen by the gateway (`POST /api/v1/session`), never by the
caller, and comes with a token: HMAC-SHA256 of the id under a key derived from WIDGET_SECRET (else
SESSION_SECRET). The widget keeps both in the browser's storage and presents the token with every
message, history read and WebSocket, so knowing or guessing an id is not enough to read or write that
conversation. Without either secret (tests, a first local run) the key is random per process, so tokens
do not survive a restart; `ENV=production` already insists on SESSION_SECRET.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import uuid

from bot.settings import Settings

log = logging.getLogger(__name__)
TOKEN_FIELD = "token"  # noqa: S105 -- the name of the field


class WidgetSessions:
    def __init__(self, secret: str) -> None:
        if not secret:
            log.warning("neither WIDGET_SECRET nor SESSION_SECRET is set: widget ids last until a restart")
            secret = secrets.token_urlsafe(32)
        self._key = hashlib.sha256(b"pivot-widget-sender\x00" + secret.encode()).digest()

    @classmethod
    def from_settings(cls, settings: Settings) -> WidgetSessions:
        return cls(settings.widget_secret or settings.session_secret)

    def token_for(self, sender_id: str) -> str:
        mac = hmac.new(self._key, sender_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def issue(self) -> tuple[str, str]:
        """A fresh `web:` id and its token."""
        sender_id = f"web:{uuid.uuid4()}"
        return sender_id, self.token_for(sender_id)

    def valid(self, sender_id: str, token: object) -> bool:
        if not isinstance(token, str) or not token:
            return False
        return hmac.compare_digest(token.encode(), self.token_for(sender_id).encode())
