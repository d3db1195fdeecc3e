"""Telegram formatting: HTML escaping, splitting under 4,096 characters, inline keyboards.

Messages go out with `parse_mode=HTML` (PTB `Defaults`), so every piece of text from Rasa or a person
is escaped (`<`, `>`, `&`). Telegram counts the limit in UTF-16 code units after entity parsing; we
measure the escaped text in UTF-16 units, which is never less, so a chunk that fits here fits there.
"""

from __future__ import annotations

import html

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes
GATEWAY_PREFIX = "gw:"  # callback data the gateway handles itself (e.g. /forget confirmation)
MAPPED_PREFIX = "p:"  # callback data that is a key into the telegram_callbacks table


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def measure(text: str) -> int:
    """Length Telegram sees: escaped, in UTF-16 code units."""
    return len(escape(text).encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split raw text into chunks whose escaped form fits `limit`, preferring paragraph, then line,
    then word boundaries; only a single over-long word is cut mid-word."""
    text = text.strip()
    if not text:
        return []
    if measure(text) <= limit:
        return [text]
    for sep in ("\n\n", "\n", " "):
        parts = text.split(sep)
        if len(parts) == 1:
            continue
        chunks: list[str] = []
        current = ""
        for part in parts:
            candidate = f"{current}{sep}{part}" if current else part
            if measure(candidate) <= limit:
                current = candidate
                continue
            if current:
                chunks.append(current)
            current = part
        if current:
            chunks.append(current)
        out: list[str] = []
        for chunk in chunks:
            out.extend(split_text(chunk, limit) if measure(chunk) > limit else [chunk.strip()])
        return [c for c in out if c]
    return _hard_cut(text, limit)


def _hard_cut(text: str, limit: int) -> list[str]:
    chunks, current = [], ""
    for ch in text:
        if measure(current + ch) > limit:
            chunks.append(current)
            current = ch
        else:
            current += ch
    if current:
        chunks.append(current)
    return chunks


def fits_callback_data(payload: str) -> bool:
    """Short payloads travel as callback data themselves; others are mapped through the DB."""
    return len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT and not payload.startswith(
        (GATEWAY_PREFIX, MAPPED_PREFIX)
    )
