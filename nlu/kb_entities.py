"""`nlu.kb_entities.KBEntityMatcher`: occupations/fields, credentials and skills from the knowledge base.

Trained from the gazetteer file that `python -m knowledge export-nlu` writes (path in the component
config, default `var/nlu/gazetteer.json`). Training turns it into pattern tables stored in the model, so
the Rasa server needs no file at run time. Runs after DIETClassifier: it replaces DIET's occupation,
credential and skill guesses where both found the same words (its values are knowledge-base ids) and
fills the `from`/`to` role of occupations from cue words, falling back on DIET's role and the intent.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.gazetteer import GENERIC_WORDS, GazetteerMatcher, build_index, load_entries
from nlu.quantity_parsing import NO_CONSTRAINT_INTENTS
from nlu.roles import assign_roles
from nlu.spans import merge_entities, span_to_entity

logger = logging.getLogger(__name__)

INDEX_FILE = "gazetteer_index.json"
KB_LABELS = frozenset({"occupation", "credential", "skill"})
# Intents in which nobody states where they are or want to go. Not `out_of_scope`: a misclassified
# "i'm a flight attendant" should still carry its occupation.
NO_PROFILE_INTENTS = NO_CONSTRAINT_INTENTS - {"out_of_scope"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class KBEntityMatcher(GraphComponent, EntityExtractorMixin):
    """Dictionary matcher over the knowledge base's names, aliases and acronyms, with typo tolerance."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Written by `python -m knowledge export-nlu`; relative to the working directory.
            "gazetteer_path": "var/nlu/gazetteer.json",
            # rapidfuzz ratio (0-100) a misspelt field/credential/skill must reach.
            "fuzzy_threshold": 83.0,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        index: dict[str, Any] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._index = index
        self._matcher: GazetteerMatcher | None = None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KBEntityMatcher:
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the gazetteer file changes, even if config and training data did not."""
        path = Path({**cls.get_default_config(), **config}["gazetteer_path"])
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        path = Path(self._config["gazetteer_path"])
        if not path.is_file():
            raise FileNotFoundError(
                f"KBEntityMatcher: gazetteer {path} not found; "
                f"run `python -m knowledge export-nlu --out {path}`"
            )
        import spacy

        entries = load_entries(path)
        self._index = build_index(entries, spacy.blank("en").Defaults.stop_words)
        logger.info(
            "KBEntityMatcher: %d entries -> %d exact patterns", len(entries), len(self._index["exact"])
        )
        with self._model_storage.write_to(self._resource) as directory:
            (directory / INDEX_FILE).write_text(json.dumps(self._index), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KBEntityMatcher:
        with model_storage.read_from(resource) as directory:
            index = json.loads((directory / INDEX_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, index)

    @property
    def matcher(self) -> GazetteerMatcher:
        if self._matcher is None:
            if self._index is None:
                raise RuntimeError("KBEntityMatcher used before training")
            self._matcher = GazetteerMatcher(self._index, float(self._config["fuzzy_threshold"]))
        return self._matcher

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples keep their hand annotations; nothing to add."""
        return training_data

    def _is_filler(self, text: str, entity: dict[str, Any]) -> bool:
        words = text[entity["start"] : entity["end"]].lower().split()
        stop = self.matcher.nlp.Defaults.stop_words
        return all(w in stop or w in GENERIC_WORDS or len(w) < 3 for w in words)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            intent = (message.get(INTENT) or {}).get("name")
            existing = message.get(ENTITIES, [])
            if intent in NO_PROFILE_INTENTS:
                # "can I talk to a counselor", "will recruiters care about my badge": no profile is being
                # given, and an occupation entity here would only overwrite the person's real one.
                kept = [e for e in existing if e.get("entity") not in KB_LABELS]
                message.set(ENTITIES, kept, add_to_output=True)
                continue
            model_roles = {
                (e["start"], e["end"]): e["role"]
                for e in existing
                if e.get("entity") == "occupation" and e.get("role")
            }
            spans = assign_roles(text, self.matcher.find(text), intent, model_roles)
            found = [span_to_entity(s, self.__class__.__name__) for s in spans]
            # A model-only occupation/credential/skill on a filler word ("help", "pls") is noise.
            existing = [
                e for e in existing if e.get("entity") not in KB_LABELS or not self._is_filler(text, e)
            ]
            message.set(ENTITIES, merge_entities(existing, found), add_to_output=True)
        return messages
