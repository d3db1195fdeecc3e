"""KBEntityMatcher: train from a gazetteer file, persist, load into a fresh instance, process messages."""

from __future__ import annotations

import json

import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.kb_entities import KBEntityMatcher
from tests.nlu.conftest import message


@pytest.fixture()
def matcher(gazetteer_file, model_storage, execution_context) -> KBEntityMatcher:
    """Train, then load a new instance from the model storage (the file is deleted in between)."""
    config = {**KBEntityMatcher.get_default_config(), "gazetteer_path": str(gazetteer_file)}
    resource = Resource("kb")
    trained = KBEntityMatcher.create(config, model_storage, resource, execution_context)
    trained.train(TrainingData())
    gazetteer_file.unlink()
    return KBEntityMatcher.load(config, model_storage, resource, execution_context)


def entities(matcher: KBEntityMatcher, text: str, intent: str | None = None, existing=None):
    msg = message(text, intent, existing)
    matcher.process([msg])
    return [(e["text"], e["entity"], e["value"], e.get("role")) for e in msg.get("entities")]


def test_issue_examples(matcher):
    assert entities(matcher, "I'm a bank teller and want to get into fintech") == [
        ("bank teller", "occupation", "43-3071.00", "from"),
        ("fintech", "occupation", "field:fintech", "to"),
    ]
    assert entities(matcher, "is the PMP worth it?") == [("PMP", "credential", "cur:pmi-pmp", None)]
    assert entities(matcher, "10 yrs in accounting, want something with data") == [
        ("accounting", "occupation", "field:accounting", "from"),
        ("data", "occupation", "field:data-analytics", "to"),
    ]
    assert entities(matcher, "hi") == []


def test_case_plural_and_longest_match(matcher):
    assert entities(matcher, "Information Security Analyst jobs", "inform_target") == [
        ("Information Security Analyst", "occupation", "15-1212.00", "to")
    ]
    # "bank tellers" is longer than the field alias "bank": longest wins, no overlapping entities.
    assert entities(matcher, "we were BANK TELLERS", "inform_current") == [
        ("BANK TELLERS", "occupation", "43-3071.00", "from")
    ]


def test_typos_are_matched_for_fields_credentials_and_skills(matcher):
    found = entities(matcher, "cyber securty or secruity+ and some pyhton", "ask_transition")
    assert [(t, v) for t, _, v, _ in found] == [
        ("cyber securty", "field:cybersecurity"),
        ("secruity+", "cur:comptia-security-plus"),
        ("pyhton", "skill:python"),
    ]


def test_derived_credential_aliases(matcher):
    assert entities(matcher, "comptia security+ or the google data analytics certificate?") == [
        ("comptia security+", "credential", "cur:comptia-security-plus", None),
        ("google data analytics certificate", "credential", "cur:google-data-analytics", None),
    ]


def test_everyday_words_are_not_entities(matcher):
    # "can" is a CareerOneStop acronym, "anchor" an O*NET alias, "bank" a field alias: none without context.
    assert entities(matcher, "can you anchor the bank statement", "out_of_scope") == []
    assert entities(matcher, "I CAN do it") == []
    assert entities(matcher, "my brother is an anchor", "inform_current")[0][:3] == (
        "anchor",
        "occupation",
        "27-3011.00",
    )


def test_acronyms_prefer_the_credential(matcher):
    assert entities(matcher, "how much is the cissp") == [("cissp", "credential", "cos:10799", None)]


@pytest.mark.parametrize(
    ("text", "intent", "roles"),
    [
        ("from teacher to ux", "ask_transition", ["from", "to"]),
        ("teacher -> cybersecurity", "ask_transition", ["from", "to"]),
        ("I want to work as a security analyst, currently a teacher", None, ["to", "from"]),
        ("used to be a teacher", None, ["from"]),
        ("fintech", "inform_target", ["to"]),
        ("fintech", "inform_current", ["from"]),
        ("interested in data analytics", "inform_current", ["to"]),
    ],
)
def test_roles(matcher, text, intent, roles):
    assert [r for *_, r in entities(matcher, text, intent)] == roles


def test_merges_with_diet_entities(matcher):
    text = "I was teacher in  marketing next"
    diet = [
        {
            "entity": "occupation",
            "start": 6,
            "end": 13,
            "value": "teacher",
            "role": "from",
            "extractor": "DIETClassifier",
        },
        {
            "entity": "occupation",
            "start": 18,
            "end": 27,
            "value": "marketing",
            "role": "to",
            "extractor": "DIETClassifier",
        },
    ]
    for ent in diet:
        ent["text"] = text[ent["start"] : ent["end"]]
    # DIET's "teacher" is replaced by the KB entity (id value); DIET's "marketing", unknown to the KB, stays.
    assert entities(matcher, "I was teacher in  marketing next", None, diet) == [
        ("teacher", "occupation", "25-2031.00", "from"),
        ("marketing", "occupation", "marketing", "to"),
    ]


def test_role_falls_back_on_diet_role(matcher):
    diet = [
        {
            "entity": "occupation",
            "start": 0,
            "end": 7,
            "value": "fintech",
            "role": "from",
            "extractor": "DIETClassifier",
        }
    ]
    assert entities(matcher, "fintech", "ask_transition", diet) == [
        ("fintech", "occupation", "field:fintech", "from")
    ]


def test_missing_gazetteer_is_a_clear_error(tmp_path, model_storage, execution_context):
    config = {"gazetteer_path": str(tmp_path / "missing.json")}
    component = KBEntityMatcher.create(config, model_storage, Resource("kb"), execution_context)
    with pytest.raises(FileNotFoundError, match="export-nlu"):
        component.train(TrainingData())


def test_fingerprint_follows_the_gazetteer_content(gazetteer_file):
    config = {"gazetteer_path": str(gazetteer_file)}
    before = KBEntityMatcher.fingerprint_addon(config)
    data = json.loads(gazetteer_file.read_text())
    data["entries"].append({"text": "nursing", "label": "occupation", "id": "field:nursing"})
    gazetteer_file.write_text(json.dumps(data))
    assert KBEntityMatcher.fingerprint_addon(config) not in (None, before)


def test_no_profile_entities_in_intents_that_carry_no_profile(matcher):
    diet = [
        {"entity": "occupation", "start": 16, "end": 23, "value": "teacher", "extractor": "DIETClassifier"}
    ]
    assert entities(matcher, "can I talk to a teacher", "request_human", diet) == []
    assert entities(matcher, "will a fintech badge help", "faq") == []


def test_related_moves_mentions_are_where_the_person_is(matcher):
    assert entities(matcher, "what jobs are close to teacher", "ask_related_moves") == [
        ("teacher", "occupation", "25-2031.00", "from")
    ]
