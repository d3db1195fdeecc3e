"""Nearest meaning with a small pretrained sentence encoder (WordLlama, 256 dimensions, MIT).

WordLlama ships its weights inside its wheel, so it loads offline (see `knowledge.query.semantic.load_model`
for the one way that works without a download). Loading takes ~0.2 s and embedding a sentence ~0.03 ms, so
the encoder is built once per process on first use, never at import.

Used as the fallback of the question-type cues: the message is compared with labelled example
questions (`understanding/question_examples.yaml`, our own phrasings) and the nearest type wins when
it is close enough.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

EXAMPLES = Path(__file__).with_name("question_examples.yaml")
MIN_SIMILARITY = 0.55  # cosine; below this the nearest example is not trusted (chosen by hand, not fitted)
_lock = threading.Lock()


class Encoder:
    """Thin wrapper: `embed(texts) -> (n, 256) float32`, rows L2-normalised (dot product = cosine).

    The model is the knowledge base's (`knowledge.query.semantic.load_model`): one copy per process.
    """

    def __init__(self) -> None:
        from knowledge.query.semantic import load_model

        self._model = load_model()

    def embed(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        return np.asarray(self._model.embed(texts, norm=True), dtype=np.float32)


_encoder: Encoder | None = None


def encoder() -> Encoder | None:
    """The process-wide encoder, or None when WordLlama cannot be loaded (logged once)."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                try:
                    _encoder = Encoder()
                except Exception:  # noqa: BLE001 - the cue patterns still work without it
                    logger.exception("sentence encoder unavailable; question types use cue patterns only")
                    return None
    return _encoder


@lru_cache(maxsize=1)
def _examples() -> tuple[list[str], np.ndarray]:
    import numpy as np

    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    labels: list[str] = []
    texts: list[str] = []
    for kind, examples in data["examples"].items():
        for example in examples:
            labels.append(kind)
            texts.append(str(example))
    enc = encoder()
    if enc is None:
        return labels, np.zeros((0, 256), dtype=np.float32)
    return labels, enc.embed(texts)


def nearest_question_type(text: str) -> tuple[str, float] | None:
    """(type, cosine) of the nearest labelled example, when it is at least MIN_SIMILARITY."""
    enc = encoder()
    if enc is None or not text.strip():
        return None
    labels, vectors = _examples()
    if not len(labels):
        return None
    scores = vectors @ enc.embed([text])[0]
    best = int(scores.argmax())
    score = float(scores[best])
    return (labels[best], score) if score >= MIN_SIMILARITY else None


def warm_up() -> None:
    """Load the encoder and embed the examples now (action server start), not on a person's first turn."""
    _examples()
