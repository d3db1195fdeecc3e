"""The counselor summary on the real stack: built from the structured answers (at once after the hand-off
turn, else when the conversation goes quiet), never from page text. A long real-style question, details of a recommendation, the skill gaps and a hand-off go through
the gateway; then the summary the gateway cached in its database (no dashboard page was opened) is read and
each part checked. The same conversation, recorded once, is `tests/bot/counselor/fixtures/
tracker_fintech_handoff.json`, where `test_summary.py` pins every value; here the live stack must give the
same shape of facts with whatever the knowledge base ranks today.
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from bot.counselor.summary import Summary

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LONG_QUESTION = (
    "Hi, I've been a bank teller for 12 years and I'm 45 with two kids. I want to move into fintech but "
    "I'm worried I'm too old and I can't afford a degree. I can do about 10 hours a week, online, and "
    "spend under $500. Where do I even start?"
)


def cached_summary(app_db, sender: str) -> Summary | None:
    with sqlite3.connect(app_db) as db:
        row = db.execute("SELECT summary_json FROM conversations WHERE sender_id = ?", (sender,)).fetchone()
    return Summary.from_json(json.loads(row[0])) if row and row[0] else None


def test_summary_after_each_turn_from_what_happened(pivot_stack):
    sender = "api:summary-live"
    for text in (LONG_QUESTION, "tell me more about the second one", "what skills am I missing?"):
        pivot_stack.send(sender, text, timeout=180)
    pivot_stack.send(sender, "this is useless, can I talk to a human?", timeout=180)
    deadline = time.monotonic() + 30
    summary = cached_summary(pivot_stack.app_db, sender)
    while (summary is None or summary.user_turns < 4) and time.monotonic() < deadline:
        time.sleep(0.5)
        summary = cached_summary(pivot_stack.app_db, sender)
    assert summary is not None and summary.user_turns == 4, summary

    assert summary.first_message == LONG_QUESTION
    assert summary.asked == "Where do I even start?"
    assert summary.person.get("age") == 45 and "children" in summary.person.get("family_or_job", [])
    assert summary.current_field is not None and summary.current_field.label == "bank teller"
    assert summary.target_field is not None and summary.target_field.label == "fintech"
    assert summary.constraints.get("budget") == 500 and summary.constraints.get("format") == "online"
    assert len(summary.recommendations) >= 3
    assert all(r.name and r.issuer and r.reason for r in summary.recommendations)
    assert summary.asked_more_about == [summary.recommendations[1].id]
    assert summary.skill_gaps and summary.skill_gap_requests == 1
    assert summary.handoff_requested
    assert "wants to move from bank teller to fintech" in summary.synopsis
    assert "cur:" not in summary.synopsis and "field:" not in summary.synopsis
