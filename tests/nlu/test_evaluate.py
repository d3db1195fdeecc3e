"""Scoring in nlu.evaluate on hand-made predictions (no model needed)."""

from __future__ import annotations

from nlu.evaluate import entity_key, score


def test_scores_intents_entities_roles_and_oos():
    examples = [
        {"text": "hi", "intent": "greet", "entities": []},
        {"text": "I'm a nurse", "intent": "inform_current",
         "entities": [{"entity": "occupation", "start": 6, "end": 11, "role": "from"}]},
        {"text": "weather?", "intent": "out_of_scope", "entities": []},
        {"text": "what is a badge", "intent": "faq/what_is_microcredential", "entities": []},
    ]  # fmt: skip
    results = [
        {"intent": {"name": "greet", "confidence": 0.9}, "entities": []},
        {"intent": {"name": "inform_current", "confidence": 0.8},
         "entities": [{"entity": "occupation", "start": 6, "end": 11, "role": "to"},
                      {"entity": "language", "start": 0, "end": 11, "value": "fr"}]},
        {"intent": {"name": "nlu_fallback", "confidence": 0.3}, "entities": []},
        {"intent": {"name": "faq", "confidence": 0.9},
         "response_selector": {"faq": {"response": {"intent_response_key": "faq/what_is_microcredential"}}}},
    ]  # fmt: skip
    report = score(examples, results)
    assert report["intent_accuracy"] == 0.75
    assert report["per_intent"]["faq/what_is_microcredential"]["f1"] == 1.0
    assert report["oos_recall"] == 0.0
    assert report["oos_recall_incl_fallback"] == 1.0
    # Wrong role = one missed occupation:from and one spurious occupation:to; `language` is not scored.
    assert report["entity"]["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert report["entity"]["per_label"]["occupation:from"]["support"] == 1
    assert report["top_confusions"] == [{"gold": "out_of_scope", "predicted": "nlu_fallback", "count": 1}]


def test_entity_key_includes_role():
    assert entity_key({"entity": "occupation", "start": 1, "end": 3, "role": "to"}) == (1, 3, "occupation:to")
    assert entity_key({"entity": "money", "start": 0, "end": 4}) == (0, 4, "money")
