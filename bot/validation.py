"""Input checks shared by the HTTP API, the WebSocket and Telegram.

Every rejection is an `ApiError` carrying the HTTP status and a message a person can act on; the error
middleware turns it into `{"error": ...}`. Text is cleaned before anything stores it: control
characters (NUL breaks PostgreSQL) are dropped and lone surrogates (not encodable as UTF-8) refused.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_WEB_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
_API_ID = re.compile(r"[A-Za-z0-9_.@-]{1,100}")
_CLIENT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,80}")
_CONTROL = {c for c in map(chr, range(32)) if c not in "\t\n\r"} | {"\x7f"}

SENDER_HELP = "sender_id must be web:<uuid>, api:<id> or <id> (letters, digits, _ . @ -; at most 100)"


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def parse_sender_id(raw: Any, *, channels: tuple[str, ...] = ("web", "api")) -> str:
    """Normalise a caller-supplied sender id; bare ids become `api:<id>`.

    `tg:` ids are never accepted from outside: Telegram chat ids are guessable, so the HTTP API must
    not read or write Telegram conversations.
    """
    if not isinstance(raw, str):
        raise ApiError(400, "sender_id must be a string")
    # No stripping: the contract's pattern has no room for whitespace, and "h\t" silently becoming
    # "api:h" would read or write another caller's conversation.
    prefix, sep, rest = raw.partition(":")
    if not sep:
        prefix, rest = "api", raw
    if prefix not in channels:
        raise ApiError(400, SENDER_HELP)
    pattern = _WEB_ID if prefix == "web" else _API_ID
    if not pattern.fullmatch(rest):
        raise ApiError(400, SENDER_HELP)
    return f"{prefix}:{rest}"


def clean_text(raw: Any, max_chars: int) -> str:
    """The message text, cleaned; 400 for non-strings, empty or undecodable text, 413 when too long."""
    if not isinstance(raw, str):
        raise ApiError(400, "text must be a string")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, "text is not valid Unicode") from None
    text = "".join(ch for ch in raw if ch not in _CONTROL)
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise ApiError(400, "text must not be empty")
    if len(text) > max_chars:
        raise ApiError(413, f"text is too long: at most {max_chars} characters")
    return text


def clean_client_id(raw: Any) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not _CLIENT_ID.fullmatch(raw):
        raise ApiError(400, "client_id must be a string of 1-80 letters, digits, _ . : -")
    return raw


def clean_token(raw: Any) -> str | None:
    """The widget token sent with a `web:` id (checked by the caller); refused when malformed even for
    ids that need none, so the API takes only what its contract describes."""
    if raw is None:
        return None
    if not isinstance(raw, str) or len(raw) > 200:
        raise ApiError(400, "token must be a string of at most 200 characters")
    return raw


def clean_site(raw: Any) -> str | None:
    """The embedding site's label (the widget's `data-site`, else its host name)."""
    return _short_label(raw, "site")


def clean_display(raw: Any) -> str | None:
    """What the transcript shows for a button press (its title) when `text` is the button's payload."""
    return _short_label(raw, "display")


def _short_label(raw: Any, name: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ApiError(400, f"{name} must be a string of at most 200 characters")
    text = "".join(ch for ch in raw if ch not in _CONTROL).strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, f"{name} is not valid Unicode") from None
    if len(text) > 200:
        raise ApiError(400, f"{name} must be a string of at most 200 characters")
    return text or None
