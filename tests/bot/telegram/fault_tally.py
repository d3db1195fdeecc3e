"""What the Telegram fault suite (test_faults.py) injected and what reached the person, summed over its
tests and printed at the end of the run (conftest.py's terminal summary): faults injected, messages the
person sent, replies expected and delivered, lost, duplicated, recorded as sent but not delivered.

Per test: the replies the person should get (`expected`, in order) against what the fake Bot API server
delivered to that chat, and the outbox rows recorded as sent against what was delivered, compared as the
person reads them (HTML tags dropped, entities decoded).
"""

from __future__ import annotations

import html
import re
from collections import Counter

TALLY: Counter = Counter()
TAG = re.compile(r"<[^<>]*>")
KEYS = (
    "faults_injected",
    "messages_sent",
    "replies_expected",
    "delivered",
    "lost",
    "duplicated",
    "recorded_not_delivered",
)


def record(
    bot_api, chat_id: int, expected: list[str], recorded_sent: list[str], messages_sent: int = 0
) -> dict[str, int]:
    """Add one scenario to the tally; returns its own counts (the test asserts on them). `messages_sent`:
    the person's messages (distinct updates) in the scenario."""
    got = [shown(p["text"]) for p in bot_api.delivered if int(p["chat_id"]) == chat_id]
    recorded_sent = [shown(t) for t in recorded_sent]
    counts = {
        "faults_injected": sum(bot_api.injected.values()),
        "messages_sent": messages_sent,
        "replies_expected": len(expected),
        "delivered": len(got),
        "lost": sum(max(0, expected.count(t) - got.count(t)) for t in set(expected)),
        "duplicated": sum(max(0, got.count(t) - expected.count(t)) for t in set(got)),
        "recorded_not_delivered": sum(1 for t in recorded_sent if t not in got),
    }
    TALLY.update(counts)
    TALLY["scenarios"] += 1
    return counts


def shown(text: str) -> str:
    """What the person reads, whether the message went as HTML or (after a refusal) as plain text."""
    return html.unescape(TAG.sub("", text))


def summary() -> str | None:
    if not TALLY:
        return None
    parts = ", ".join(f"{k.replace('_', ' ')} {TALLY[k]}" for k in KEYS)
    return f"Telegram fault suite, {TALLY['scenarios']} scenarios: {parts}"
