"""What a person reads about a credential never describes how the record was researched (a learner's README, a
reviewer, "the page read"): knowledge.text.public_note, applied by the curated importer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge.text import public_note

CURATED = Path(__file__).resolve().parents[2] / "knowledge" / "curated"
SHOWN = ("cost_note", "duration", "prerequisites", "quality_assurance", "recognition")
INTERNAL = re.compile(r"\b(?:readme|reviewers?|learner'?s?|copied|the page read|per sources?)\b", re.I)


def _records():
    for path in sorted(CURATED.glob("credentials*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


@pytest.mark.parametrize(
    ("note", "public"),
    [
        ("9 online courses (README notes it became 10 courses as of Feb 2021 elsewhere)", "9 online courses"),
        ("four graduate courses; 10-15 hours a week per course; the reviewer took two years",
         "four graduate courses; 10-15 hours a week per course"),
        ("accredited by the NCCA (per source)", "accredited by the NCCA"),
        ("exam fee for non-members; $225 for members ($10 application fee per source)",
         "exam fee for non-members; $225 for members ($10 application fee)"),
        ("exam fee not stated on the page read", None),
    ],
)  # fmt: skip
def test_a_note_keeps_its_facts_and_loses_its_research_trail(note, public):
    assert public_note(note) == public


def test_no_curated_text_a_person_reads_mentions_how_it_was_researched():
    leaks = [
        (rec["id"], field)
        for rec in _records()
        for field in SHOWN
        if isinstance(rec.get(field), str) and INTERNAL.search(public_note(rec[field]) or "")
    ]
    assert leaks == []
