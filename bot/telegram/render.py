"""Structured answers (schema v1, `actions/structured.py`) in Telegram's idiom: HTML, short messages.

A chat app reads best as several short messages rather than one long one, so a recommendation list becomes
its intro, then one message per credential (bold name, issuer, reason, cost · time · format, the date and
a source link), then its closing lines; a comparison keeps both credentials per aspect on adjacent lines.
The inline keyboard stays on the last message (the channel puts it there). Every string is HTML-escaped
here; links are made only from http(s) URLs. A payload kind this module does not know gives None, and the
channel sends the message's text as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from bot.telegram.format import TELEGRAM_TEXT_LIMIT, escape

Payload = Mapping[str, Any]


def _e(value: Any) -> str:
    return escape(str(value))


def _link(label: str, url: str | None) -> str | None:
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return None
    return f'<a href="{escape(url).replace(chr(34), "&quot;")}">{_e(label)}</a>'


def card(item: Payload) -> str:
    """One credential as a short message."""
    rank = f"#{item['rank']} " if item.get("rank") else ""
    lines = [f"<b>{_e(rank)}{_e(item['name'])}</b>", f"<i>{_e(item['issuer'])}</i>"]
    if item.get("reason"):
        lines.append(_e(item["reason"][0].upper() + item["reason"][1:]))
    lines.append(f"Cost: {_e(item['cost'])}\nTime: {_e(item['time'])}\nFormat: {_e(item['format'])}")
    source = _link("Source", item.get("source_url"))
    lines.append(_e(item["dated"]) + (f" · {source}" if source else ""))
    if item.get("note"):
        lines.append(f"<i>{_e(item['note'])}</i>")
    return "\n".join(lines)


def _recommendations(p: Payload) -> list[str]:
    return [_e(p["intro"]), *(card(item) for item in p["items"]), *(_e(line) for line in p.get("outro", []))]


def _credential(p: Payload) -> list[str]:
    item, d = p["item"], p["item"].get("details") or {}
    extra = [
        (label, d.get(key))
        for label, key in (
            ("Skills", "skills"),
            ("Prerequisites", "prerequisites"),
            ("Quality assurance", "quality_assurance"),
            ("Recognition", "recognition"),
        )
    ]
    lines = [f"<b>{label}:</b> {_e(', '.join(v) if isinstance(v, list) else v)}" for label, v in extra if v]
    if d.get("description"):
        lines.insert(0, _e(d["description"]))
    official = _link("Official page", item.get("url"))
    if official:
        lines.append(official)
    return [card(item), "\n".join(lines)] if lines else [card(item)]


def _comparison(p: Payload) -> list[str]:
    head = f"<b>{_e(p['a']['name'])}</b>  vs  <b>{_e(p['b']['name'])}</b>"
    rows = [f"<b>{_e(r['aspect'])}</b>\nA: {_e(r['a'])}\nB: {_e(r['b'])}" for r in p["rows"]]
    return [head + "\n\n" + "\n\n".join(rows)]


def _skill_gaps(p: Payload) -> list[str]:
    gaps = "\n".join(f"• <b>{_e(g['name'])}</b> ({_e(g['kind'])})" for g in p["gaps"])
    return ["\n".join([_e(p["intro"]), gaps, *(_e(line) for line in p.get("outro", []))])]


def _first_steps(p: Payload) -> list[str]:
    steps = "\n".join(f"{i}. {_e(s)}" for i, s in enumerate(p["steps"], start=1))
    return [f"{_e(p['intro'])}\n{steps}"]


def _related_moves(p: Payload) -> list[str]:
    moves = "\n".join(
        f"{i}. <b>{_e(m['title'])}</b> — {_e(m['reason'])}" for i, m in enumerate(p["moves"], start=1)
    )
    return [f"{_e(p['intro'])}\n{moves}"]


RENDERERS: dict[str, Callable[[Payload], list[str]]] = {
    "recommendations": _recommendations,
    "credential": _credential,
    "comparison": _comparison,
    "skill_gaps": _skill_gaps,
    "first_steps": _first_steps,
    "related_moves": _related_moves,
}


def html_messages(payload: Payload | None) -> list[str] | None:
    """The payload as HTML messages, each within Telegram's limit, or None to send the text instead."""
    render = RENDERERS.get(str((payload or {}).get("kind")))
    if payload is None or render is None:
        return None
    try:
        messages = [m for m in render(payload) if m.strip()]
    except (KeyError, TypeError, IndexError):
        return None  # a payload missing what its kind needs: the text still says it all
    if any(len(m.encode("utf-16-le")) // 2 > TELEGRAM_TEXT_LIMIT for m in messages):
        return None  # splitting HTML could cut a tag; the plain text splits safely
    return messages


__all__ = ["card", "html_messages"]
