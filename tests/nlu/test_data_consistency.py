"""Training data and held-out set: contract names, sizes, disjointness, and agreement with the rules."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from nlu.quantities import QUANTITY_LABELS
from nlu.quantity_parsing import parse_all

ROOT = Path(__file__).resolve().parents[2]
# docs/ARCHITECTURE.md, Contract 2.
INTENTS = set(
    "greet goodbye thanks affirm deny inform_current inform_target ask_transition inform_constraints "
    "ask_credential compare_credentials ask_skill_gap ask_related_moves ask_first_steps refine pick_item "
    "request_human restart "
    "ask_privacy forget_me bot_challenge out_of_scope chitchat".split()
)
FAQ = {f"faq/{k}" for k in "what_is_microcredential employer_recognition quality_assurance stacking_degree "
       "share_linkedin online_learning cost_vs_degree data_sources".split()}  # fmt: skip
ENTITIES = {"occupation", "credential", "skill"} | QUANTITY_LABELS


@pytest.fixture(scope="module")
def training():
    return load_data(str(ROOT / "data" / "nlu"))


@pytest.fixture(scope="module")
def holdout():
    return load_data(str(ROOT / "tests" / "nlu_holdout" / "holdout.yml"))


def normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_intents_match_the_contract_with_enough_examples(training):
    counts = Counter(m.get_full_intent() for m in training.intent_examples)
    assert set(counts) == INTENTS | FAQ
    assert {k: v for k, v in counts.items() if v < 30} == {}


def test_entities_and_roles_match_the_contract(training, holdout):
    for data in (training, holdout):
        for m in data.intent_examples:
            for e in m.get("entities", []):
                assert e["entity"] in ENTITIES, (m.get("text"), e)
                if e["entity"] == "occupation":
                    assert e.get("role") in ("from", "to"), m.get("text")
                else:
                    assert "role" not in e, m.get("text")


def test_issue_examples_are_in_the_training_data(training):
    texts = {m.get("text") for m in training.intent_examples}
    for text in ("10 yrs in accounting, want something with data, can only do evenings, budget ~$500",
                 "is the PMP worth it?", "EC to Software company help", "hi"):  # fmt: skip
        assert text in texts


def test_holdout_is_large_disjoint_and_covers_every_intent(training, holdout):
    train_texts = {normalised(m.get("text")) for m in training.intent_examples}
    held = holdout.intent_examples
    assert len(held) >= 320
    assert sum(m.get("intent") == "out_of_scope" for m in held) >= 25
    assert [m.get("text") for m in held if normalised(m.get("text")) in train_texts] == []
    assert {m.get_full_intent() for m in held} == INTENTS | FAQ


@pytest.mark.parametrize("which", ["training", "holdout"])
def test_quantity_annotations_agree_with_the_rules(which, training, holdout):
    """Annotated money/duration/.../refinement spans are exactly what the rules find (given the intent)."""
    data = training if which == "training" else holdout
    disagreements = []
    for m in data.intent_examples:
        gold = sorted(
            (e["start"], e["end"], e["entity"])
            for e in m.get("entities", [])
            if e["entity"] in QUANTITY_LABELS
        )
        rules = sorted((s.start, s.end, s.label) for s in parse_all(m.get("text"), m.get("intent")))
        if gold != rules:
            disagreements.append((m.get("text"), gold, rules))
    assert disagreements == []
