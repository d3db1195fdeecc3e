"""`read_message`: one message in, one `Understanding` out (the package's entry point)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from understanding.facts import read_facts
from understanding.languages import guess_language, question_type_in
from understanding.mentions import read_mentions
from understanding.phrases import (
    choice_options,
    current_candidates,
    decision_phrase,
    degree_subjects,
    extract_alternatives,
    negated_phrases,
    programme_subjects,
    target_candidates,
    wished_degree_subjects,
)
from understanding.questions import Nearest, read_question
from understanding.types import Understanding

# "I.T.", "H.R.", "U.X." -> "IT", "HR", "UX": the dots would end a phrase.
_UX_UI = re.compile(r"\b(?:UX\s*/\s*UI|UI\s*/\s*UX)\b", re.IGNORECASE)
_ACRONYM_DOTS = re.compile(r"\b(?:[A-Z]\.){2,3}|\bI\s+T\b(?=\s|$|[.,!?])")


def read_message(
    text: str,
    entities: Iterable[Mapping[str, Any]] = (),
    nlu_language: str | None = None,
    nearest: Nearest | None = None,
    answering_limits: bool = False,
) -> Understanding:
    """Read the whole message. `entities` are Rasa's; `nearest` is the optional encoder fallback."""
    text = _ACRONYM_DOTS.sub(lambda m: re.sub(r"[.\s]", "", m.group(0)), (text or "").strip())
    text = _UX_UI.sub("UX", text)  # "junior UX/UI roles": one field, not two phrases cut at the slash
    text = text.replace("\u2019", "'").replace("\u2018", "'")  # phones type "I’m", the cues read "I'm"
    entities = list(entities)
    language = guess_language(text, nlu_language)
    if language != "en":
        kind = question_type_in(text) if language in ("es", "pt", "fr", "it", "de") else "other"
        return Understanding(
            text=text, language=language, question_type=kind, question_types=(kind,), question_source="cue"
        )
    currents = current_candidates(text)
    current = currents[0] if currents else None
    targets = [t for t in target_candidates(text) if t.lower() not in {c.lower() for c in currents[:1]}]
    for wished_subject in programme_subjects(text) + wished_degree_subjects(text):
        if wished_subject.lower() not in {t.lower() for t in targets + currents[:1]}:
            targets.append(wished_subject)
    target = targets[0] if targets else None
    alternatives = extract_alternatives(text)
    question = read_question(text, states_move=bool(current or target), nearest=nearest)
    options = choice_options(text)
    target_alternatives: tuple[str, ...] = ()
    if alternatives and question.question_type in ("compare_options", "which_first"):
        target_alternatives = alternatives
    return Understanding(
        text=text,
        language="en",
        current=current,
        target=target,
        current_candidates=tuple(currents),
        target_candidates=tuple(targets),
        target_alternatives=target_alternatives,
        options=options or (),
        decision=None if options else decision_phrase(text),
        studied=tuple(degree_subjects(text)),
        negated=tuple(negated_phrases(text)),
        facts=read_facts(text, entities, answering_limits),
        mentions=read_mentions(text),
        question_type=question.question_type,
        question_types=question.question_types,
        main_question=question.main_question,
        is_question=question.is_question,
        question_source=question.source,
    )
