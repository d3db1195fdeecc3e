"""Rasa's REST input channel behind a shared secret (issue 12).

Rasa's own `rest` channel takes a message from anyone who can reach its port: `--auth-token` guards only
Rasa's HTTP API, not the channels. On loopback that still means any local process or user could speak as
any conversation. This channel is Rasa's `RestInput` (same `POST /webhooks/rest/webhook`, same body and
reply), refusing with 401 a request whose `X-Pivot-Token` header is not the token, before Rasa sees it.

The token is read once, when Rasa builds its channels at start, from the file `credentials.yml` names
(`token_file: ${RASA_TOKEN_FILE}`, written by scripts/rasa_token.sh, the same value as `RASA_TOKEN` the
gateway sends). Rasa refuses to start when the file is missing, empty, or readable by group or others
(it must be 0600), so an open webhook is never the silent fallback.
"""

from __future__ import annotations

import hmac
import logging
import os
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request

log = logging.getLogger(__name__)
TOKEN_HEADER = "X-Pivot-Token"  # noqa: S105 -- a header name; bot/rasa.py sends it
REFUSED = {"error": "missing or wrong X-Pivot-Token"}


class TokenFileError(RasaException):
    """The channel's token file cannot be used (missing, empty, or readable by others)."""


def read_token_file(path: str | os.PathLike[str]) -> str:
    """The token in `path`, refusing a file that group or others may read (it must be 0600)."""
    file = Path(path)
    try:
        mode = file.stat().st_mode
        token = file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise TokenFileError(f"cannot read the Rasa token file {file}: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise TokenFileError(
            f"the Rasa token file {file} is readable by other users (mode {stat.S_IMODE(mode):o}): "
            f"chmod 600 {file}"
        )
    if not token:
        raise TokenFileError(f"the Rasa token file {file} is empty")
    return token


class TokenRestInput(RestInput):
    """`RestInput` that needs `X-Pivot-Token: <token>` on every message."""

    def __init__(self, token: str) -> None:
        if not token:
            raise TokenFileError("the REST channel needs a token")
        self._token = token.encode("utf-8")

    @classmethod
    def name(cls) -> str:
        return "rest"  # the webhook stays /webhooks/rest/webhook (Contract 3)

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TokenRestInput:
        path = (credentials or {}).get("token_file")
        if not path:
            raise TokenFileError(
                "credentials.yml: pivot_rasa.channel.TokenRestInput needs token_file (RASA_TOKEN_FILE)"
            )
        return cls(read_token_file(path))

    def authorised(self, request: Request) -> bool:
        given = request.headers.get(TOKEN_HEADER, "")
        return hmac.compare_digest(given.encode("utf-8"), self._token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.on_request
        async def check_token(request: Request) -> Any:
            if request.method == "POST" and not self.authorised(request):
                log.warning("REST channel: refused a message without the right %s", TOKEN_HEADER)
                return response.json(REFUSED, status=401)
            return None

        return webhook
