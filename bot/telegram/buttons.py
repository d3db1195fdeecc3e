"""Inline-keyboard buttons: what their `callback_data` holds, and whether a press is on the current list.

A chat keeps every message the bot sent, buttons included, and Rasa's button payloads are often relative
to the latest list (`/pick_item{"ordinal": "1"}` is "Tell me more about #1" of *whatever list is newest*).
So every keyboard of one turn carries a short random tag, `k:<tag>:<body>`, where the body is the payload
itself when it fits Telegram's 64 bytes, else `p:<key>` into the `telegram_callbacks` table. A press counts
only when its exact `callback_data` is on the newest keyboard the chat was sent (the outbox's sent rows);
anything else (an older list, data a modified client made up) is stale: the channel says so, removes the
old keyboard and shows the current one, and Rasa never sees the old payload.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from bot.telegram.format import CALLBACK_DATA_LIMIT, GATEWAY_PREFIX

TAG_PREFIX = "k:"
TAG_CHARS = 6


def new_tag() -> str:
    return secrets.token_urlsafe(TAG_CHARS)[:TAG_CHARS].replace(":", "_")


def tagged(tag: str, body: str) -> str | None:
    """`k:<tag>:<body>`, or None when it would not fit in callback_data."""
    data = f"{TAG_PREFIX}{tag}:{body}"
    return data if len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT else None


def parse(data: str) -> tuple[str | None, str]:
    """(tag or None, body) of callback data; untagged data (sent before tags existed) has no tag."""
    if data.startswith(TAG_PREFIX):
        tag, sep, body = data[len(TAG_PREFIX) :].partition(":")
        if sep:
            return tag, body
    return None, data


def keyboard_data(markup_json: str | None) -> list[str]:
    """Every callback_data of a stored keyboard (`InlineKeyboardMarkup.to_dict()` JSON)."""
    if not markup_json:
        return []
    try:
        rows = json.loads(markup_json).get("inline_keyboard") or []
    except (ValueError, AttributeError):
        return []
    return [str(b["callback_data"]) for row in rows for b in row if b.get("callback_data")]


@dataclass(frozen=True)
class CurrentButtons:
    """The buttons a press may come from: every callback_data of the newest turn's keyboards, and the
    newest keyboard itself (to show again after a stale press)."""

    data: frozenset[str]
    markup_json: str | None

    def holds(self, data: str) -> bool:
        return data in self.data


def current(recent_markups: Sequence[str]) -> CurrentButtons:
    """From the chat's recently sent keyboards, newest first. Gateway keyboards (the /forget question)
    do not replace the list the person was choosing from."""
    lists = [keyboard_data(m) for m in recent_markups]
    newest = next(
        (i for i, d in enumerate(lists) if d and not all(x.startswith(GATEWAY_PREFIX) for x in d)), None
    )
    if newest is None:
        return CurrentButtons(frozenset(), None)
    tag = parse(lists[newest][0])[0]
    if tag is None:
        return CurrentButtons(frozenset(lists[newest]), recent_markups[newest])
    same_turn = {x for d in lists for x in d if parse(x)[0] == tag}
    return CurrentButtons(frozenset(same_turn), recent_markups[newest])


__all__ = ["CurrentButtons", "current", "keyboard_data", "new_tag", "parse", "tagged"]
