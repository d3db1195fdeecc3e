"""`nlu.quantities.QuantityExtractor`: money, durations, hours a week, format, level, ordinal, refinement.

Rules live in `nlu.quantity_parsing` (pure Python, tested by tables). This component runs after
DIETClassifier: rule hits replace DIET guesses on the same words; a DIET guess with one of these labels
that the rules did not see is kept only if the rules can normalise its text (a raw "a bit pricey" is no
use to a slot that expects a number).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.quantity_parsing import normalise, parse_all
from nlu.spans import Span, merge_entities, span_to_entity

QUANTITY_LABELS = frozenset(
    {"money", "duration", "hours_per_week", "format", "level", "ordinal", "refinement"}
)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class QuantityExtractor(GraphComponent, EntityExtractorMixin):
    """Regex extractor with normalised values (USD-free amounts keep their currency in `additional_info`)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuantityExtractor:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        name = self.__class__.__name__
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            intent = (message.get(INTENT) or {}).get("name")
            found = [span_to_entity(s, name) for s in parse_all(text, intent)]
            kept = []
            for ent in message.get(ENTITIES, []):
                if ent.get("entity") in QUANTITY_LABELS and ent.get("extractor") != name:
                    if any(ent["start"] < f["end"] and f["start"] < ent["end"] for f in found):
                        continue
                    parsed = normalise(ent["entity"], text[ent["start"] : ent["end"]], intent)
                    if parsed is None:
                        continue
                    surface = text[ent["start"] : ent["end"]]
                    shifted = Span(
                        ent["start"], ent["end"], parsed.label, parsed.value, surface, extra=parsed.extra
                    )
                    found.append(
                        span_to_entity(
                            shifted, ent.get("extractor") or name, ent.get("confidence_entity", 1.0)
                        )
                    )
                    continue
                kept.append(ent)
            message.set(ENTITIES, merge_entities(kept, found), add_to_output=True)
        return messages
