"""QuantityExtractor as a graph component: merge with DIET's entities."""

from __future__ import annotations

from rasa.engine.storage.resource import Resource

from nlu.quantities import QuantityExtractor
from tests.nlu.conftest import message


def run(text, intent=None, entities=None, model_storage=None, execution_context=None):
    component = QuantityExtractor.create({}, model_storage, Resource("q"), execution_context)
    msg = message(text, intent, entities)
    component.process([msg])
    return msg.get("entities")


def test_values_and_currency(model_storage, execution_context):
    ents = run("€300 and 5 hours a week, online", "inform_constraints", [], model_storage, execution_context)
    assert [(e["entity"], e["value"]) for e in ents] == [
        ("money", "300"),
        ("hours_per_week", "5"),
        ("format", "online"),
    ]
    assert ents[0]["additional_info"] == {"currency": "EUR"}


def test_rule_replaces_diet_guess_and_normalises_diet_only_spans(model_storage, execution_context):
    text = "budget $500, weekly 4 hrs weekly pls"
    diet = [
        {"entity": "money", "start": 7, "end": 11, "value": "$500", "extractor": "DIETClassifier"},
        {"entity": "occupation", "start": 0, "end": 6, "value": "budget", "extractor": "DIETClassifier"},
        {"entity": "level", "start": 13, "end": 19, "value": "weekly", "extractor": "DIETClassifier"},
    ]
    ents = run(text, "inform_constraints", diet, model_storage, execution_context)
    # DIET's money span is replaced by the rule's (normalised value); the level guess cannot be normalised and
    # is dropped; entities with other labels are left alone.
    assert [(e["entity"], e["value"], e["extractor"]) for e in ents] == [
        ("occupation", "budget", "DIETClassifier"),
        ("money", "500", "QuantityExtractor"),
        ("hours_per_week", "4", "QuantityExtractor"),
    ]


def test_diet_span_the_rules_missed_is_kept_when_normalisable(model_storage, execution_context):
    text = "pick the second"
    diet = [{"entity": "ordinal", "start": 9, "end": 15, "value": "second", "extractor": "DIETClassifier"}]
    ents = run(text, "chitchat", diet, model_storage, execution_context)
    assert [(e["entity"], e["value"]) for e in ents] == [("ordinal", "2")]
