"""The gateway's side of structured answers (schema v1 in `actions/structured.py`, Contract 3).

A payload from Rasa is trusted no more than its text: it is validated with the same schema the actions
used, anything that does not fit is dropped (the text still carries the answer), and every string a
person may read goes through the same guard as reply text (`bot.guard.clean_text`), so an internal id
cannot reach a card either. Ids and links are left alone: channels never show ids, and links are checked
by the channel that draws them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from actions.structured import DRAWN_KINDS, KEY, InvalidPayload, validate
from bot.guard import clean_text

log = logging.getLogger(__name__)

UNTOUCHED_KEYS = frozenset({"id", "source_url", "url", "kind", "v"})


def _cleaned(value: Any, key: str = "") -> Any:
    if isinstance(value, str):
        return value if key in UNTOUCHED_KEYS else clean_text(value)
    if isinstance(value, Mapping):
        return {k: _cleaned(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v, key) for v in value]
    return value


def read(custom: Mapping[str, Any]) -> dict[str, Any] | None:
    """The validated, cleaned payload inside a custom message, or None when it carries none (or a bad one)."""
    if KEY not in custom:
        return None
    try:
        payload = validate(custom[KEY])
    except InvalidPayload as exc:
        log.error("dropped a structured payload that does not fit schema v1: %s", str(exc)[:300])
        return None
    return _cleaned(payload.model_dump(mode="json", exclude_none=True))


def drawn(payload: Mapping[str, Any]) -> bool:
    """Whether a channel draws this payload in place of its message's text (the profile is not drawn)."""
    return payload.get("kind") in DRAWN_KINDS
