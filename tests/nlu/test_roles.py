"""Role cues for occupations (pure Python)."""

from __future__ import annotations

import pytest

from nlu.roles import assign_roles
from nlu.spans import Span


def roles(text: str, words: list[str], intent: str | None = None) -> list[str | None]:
    spans = []
    for word in words:
        start = text.index(word)
        spans.append(Span(start, start + len(word), "occupation", word, word))
    return [s.role for s in assign_roles(text, spans, intent)]


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("I'm a nurse", ["nurse"], ["from"]),
        ("i work in retail", ["retail"], ["from"]),
        ("10 yrs in accounting, want something with data", ["accounting", "data"], ["from", "to"]),
        ("I'd like to work as a data analyst", ["data analyst"], ["to"]),
        ("want to move into cloud", ["cloud"], ["to"]),
        ("background in finance but interested in fintech", ["finance", "fintech"], ["from", "to"]),
        ("becoming a pilot after years as a teacher", ["pilot", "teacher"], ["to", "from"]),
        ("EC to Software company help", ["Software"], ["to"]),
        ("chef -> developer", ["chef", "developer"], ["from", "to"]),
        ("ex military, thinking about logistics", ["military", "logistics"], ["from", "to"]),
    ],
)
def test_cues(text, words, expected):
    assert roles(text, words) == expected


def test_intent_decides_without_cues():
    assert roles("nursing", ["nursing"], "inform_current") == ["from"]
    assert roles("nursing", ["nursing"], "inform_target") == ["to"]


def test_other_labels_get_no_role():
    span = Span(0, 3, "credential", "cur:pmi-pmp", "pmp")
    assert assign_roles("pmp", [span], "ask_credential")[0].role is None
