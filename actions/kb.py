"""The one shared resource of the action server: a lazily created knowledge base.

rasa-sdk builds actions with no arguments, so they reach the knowledge base through this
cached getter. Tests replace it with `set_kb()`. The URL is read from `KB_DATABASE_URL`
on first use, never at import.
"""

from __future__ import annotations

import os

from knowledge.api import KnowledgeBase

DEFAULT_KB_URL = "sqlite:///var/knowledge.db"

_kb: KnowledgeBase | None = None


def get_kb() -> KnowledgeBase:
    """Return the process-wide knowledge base, creating it on first call."""
    global _kb
    if _kb is None:
        _kb = KnowledgeBase.from_url(os.environ.get("KB_DATABASE_URL") or DEFAULT_KB_URL)
    return _kb


def set_kb(kb: KnowledgeBase | None) -> None:
    """Replace the cached knowledge base (tests), or clear it with `None`."""
    global _kb
    _kb = kb
