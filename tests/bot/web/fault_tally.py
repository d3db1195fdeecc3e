"""What the widget fault suite (test_faults.py) injected and what the person saw, summed over its tests and
printed at the end of the run (conftest.py's terminal summary), next to the Telegram suite's line.

Per test: the replies the person should see (`expected`, in order) against what the widget model drew
(`WidgetModel.shown`, after its de-duplication by id, as the real widget does), the messages recorded as
delivered (`web_acks`) against what was drawn, and how often Rasa was asked per message.
"""

from __future__ import annotations

from collections import Counter

TALLY: Counter = Counter()
KEYS = (
    "faults_injected",
    "messages_sent",
    "replies_expected",
    "shown",
    "lost",
    "duplicated",
    "recorded_not_delivered",
    "asked_rasa_twice",
)


def record(
    *,
    faults: int,
    sent: int,
    expected: list[str],
    shown: list[str],
    acked_not_shown: int,
    rasa_texts: list[str],
) -> dict[str, int]:
    """Add one scenario to the tally; returns its own counts (the test asserts on them)."""
    asked = Counter(rasa_texts)
    counts = {
        "faults_injected": faults,
        "messages_sent": sent,
        "replies_expected": len(expected),
        "shown": len(shown),
        "lost": sum(max(0, expected.count(t) - shown.count(t)) for t in set(expected)),
        "duplicated": sum(max(0, shown.count(t) - expected.count(t)) for t in set(shown)),
        "recorded_not_delivered": acked_not_shown,
        "asked_rasa_twice": sum(n - 1 for n in asked.values() if n > 1),
    }
    TALLY.update(counts)
    TALLY["scenarios"] += 1
    return counts


def summary() -> str | None:
    if not TALLY:
        return None
    parts = ", ".join(f"{k.replace('_', ' ')} {TALLY[k]}" for k in KEYS)
    return f"Widget fault suite, {TALLY['scenarios']} scenarios: {parts}"
