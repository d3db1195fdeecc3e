"""`nlu.language.LanguageDetector`: flag messages not written in English.

Pivot answers in English only, so a message in another language must not be pushed down an English
intent. The component adds an entity `language` whose value is the ISO 639-1 code ("fr", "es", "ar", ...)
and, by default, sets the intent to `out_of_scope` with confidence 1.0 (no new intent outside the NLU
contract); the dialogue's rule on `out_of_scope` + `language` answers politely in that language.
Training collects the English vocabulary of the training data, which guards short English against
false alarms ("ok", "thx", "cyber securty").
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.language_rules import DEFAULT_LANGUAGES, detect_language

VOCAB_FILE = "english_vocabulary.json"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageDetector(GraphComponent):
    """Adds entity `language` (ISO code) to confidently non-English messages."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "languages": list(DEFAULT_LANGUAGES),
            "min_probability": 0.9,
            # Intent given to non-English messages; None leaves the classifier's intent alone.
            "override_intent": "out_of_scope",
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: set[str] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or set()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        import spacy

        vocab = {w.lower() for w in spacy.blank("en").Defaults.stop_words}
        for example in training_data.training_examples:
            vocab.update(w.lower() for w in _WORD.findall(example.get(TEXT) or ""))
        self._vocabulary = vocab
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCAB_FILE).write_text(json.dumps(sorted(vocab)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageDetector:
        with model_storage.read_from(resource) as directory:
            vocab = set(json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8")))
        return cls(config, model_storage, resource, vocab)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        languages = tuple(self._config["languages"])
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = detect_language(text, self._vocabulary, languages, float(self._config["min_probability"]))
            if found is None:
                continue
            code, probability = found
            entity = {
                "entity": "language",
                "start": 0,
                "end": len(text),
                "value": code,
                "text": text,
                "confidence_entity": probability,
                "extractor": self.__class__.__name__,
            }
            # The language entity spans the whole message, so it replaces entities guessed on foreign words.
            message.set(ENTITIES, [entity], add_to_output=True)
            override = self._config.get("override_intent")
            if override:
                message.set(INTENT, {"name": override, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": override, "confidence": 1.0}], add_to_output=True)
        return messages
