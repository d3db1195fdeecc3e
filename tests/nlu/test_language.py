"""Language detection: confident non-English positives, short English negatives, and the component."""

from __future__ import annotations

import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.language import LanguageDetector
from nlu.language_rules import detect_language
from tests.nlu.conftest import message

ENGLISH_VOCAB = {
    "i",
    "want",
    "to",
    "work",
    "in",
    "data",
    "is",
    "the",
    "pmp",
    "worth",
    "it",
    "ok",
    "hi",
    "thanks",
}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bonjour, je voudrais changer de carrière et travailler dans la cybersécurité", "fr"),
        ("Hola, quiero cambiar de trabajo, soy contable y me gustaría trabajar con datos", "es"),
        ("Ich möchte meinen Beruf wechseln und in der IT arbeiten", "de"),
        ("أريد تغيير مهنتي والعمل في مجال البيانات", "ar"),
        ("我想转行做数据分析", "zh"),
        ("Olá, quero mudar de carreira e trabalhar com tecnologia", "pt"),
        ("Ciao, vorrei cambiare lavoro e lavorare nel marketing digitale", "it"),
        ("hola", "es"),
        ("bonjour", "fr"),
    ],
)
def test_non_english_is_detected(text, code):
    result = detect_language(text, ENGLISH_VOCAB)
    assert result is not None and result[0] == code


@pytest.mark.parametrize(
    "text",
    ["ok", "hi", "thx", "ty", "k", "lol", "cyber securty", "secruity+", "EC to Software company help",
     "is the PMP worth it?", "10 yrs in accounting, want something with data", "2", "$500", "👍",
     "I want to work in data", "pmp vs capm", "ux", "hola but in english please, I want to work in data"],
)  # fmt: skip
def test_english_and_short_messages_are_left_alone(text):
    assert detect_language(text, ENGLISH_VOCAB) is None


def test_component_learns_vocabulary_persists_and_overrides_intent(model_storage, execution_context):
    resource = Resource("lang")
    config = LanguageDetector.get_default_config()
    trained = LanguageDetector.create(config, model_storage, resource, execution_context)
    trained.train(TrainingData([Message(data={"text": "gracias for the help", "intent": "thanks"})]))
    loaded = LanguageDetector.load(config, model_storage, resource, execution_context)

    french = message(
        "Je cherche une formation en ligne pour devenir analyste de données", "inform_target", []
    )
    english = message("gracias for the help", "thanks", [])
    loaded.process([french, english])

    assert french.get("entities")[0]["entity"] == "language"
    assert french.get("entities")[0]["value"] == "fr"
    assert french.get("intent") == {"name": "out_of_scope", "confidence": 1.0}
    assert english.get("entities") == []
    assert english.get("intent")["name"] == "thanks"


def test_override_can_be_switched_off(model_storage, execution_context):
    config = {**LanguageDetector.get_default_config(), "override_intent": None}
    component = LanguageDetector.create(config, model_storage, Resource("lang2"), execution_context)
    msg = message("Quiero estudiar algo en línea, no tengo mucho dinero", "inform_constraints", [])
    component.process([msg])
    assert msg.get("entities")[0]["value"] == "es"
    assert msg.get("intent")["name"] == "inform_constraints"
