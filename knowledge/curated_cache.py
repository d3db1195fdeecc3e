"""Curated files read once and kept until they change (the advice library, the occupation outlook)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def load_cached(
    cache: dict[tuple[Path, int], T], file: Path, today: date | None, build: Callable[[date], T]
) -> T:
    """`build(today)` for `file`, cached by its path and modification time; a given `today` (tests) is never
    cached, so a test's date cannot leak into the bot's."""
    key = (file.resolve(), file.stat().st_mtime_ns)
    if today is None and key in cache:
        return cache[key]
    value = build(today or date.today())
    if today is None:
        cache[key] = value
    return value
