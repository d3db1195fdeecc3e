"""A tiny span type shared by the parsers, and the merge rule for entities from several extractors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """An entity found in a text: character offsets, label, normalised value and optional role/extra."""

    start: int
    end: int
    label: str
    value: str
    text: str
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def overlaps(self, other_start: int, other_end: int) -> bool:
        return self.start < other_end and other_start < self.end


def non_overlapping(spans: Iterable[Span], priority: dict[str, int] | None = None) -> list[Span]:
    """Keep higher-priority, then longer, then earlier spans; drop spans overlapping a kept one."""
    prio = priority or {}
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-prio.get(s.label, 0), -(s.end - s.start), s.start)):
        if not any(span.overlaps(k.start, k.end) for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def merge_entities(existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add `new` entities to `existing` ones; an existing entity overlapping a new one is dropped.

    The new entities come from the rule/KB components and carry normalised values (ids, numbers), so
    they win over a model's guess on the same characters; two entities on one phrase would fill two slots.
    """
    kept = [
        ent for ent in existing if not any(ent["start"] < n["end"] and n["start"] < ent["end"] for n in new)
    ]
    return sorted(kept + list(new), key=lambda e: (e["start"], e["end"]))


def span_to_entity(span: Span, extractor: str, confidence: float = 1.0) -> dict[str, Any]:
    """Render a span as a Rasa entity dict."""
    ent: dict[str, Any] = {
        "entity": span.label,
        "start": span.start,
        "end": span.end,
        "value": span.value,
        "text": span.text,
        "confidence_entity": confidence,
        "extractor": extractor,
    }
    if span.role:
        ent["role"] = span.role
    if span.extra:
        ent["additional_info"] = dict(span.extra)
    return ent
