"""Nearest-meaning lookup of a phrase among KB names, for phrases no title or alias spells out.

"front-end engineering", "the Navy" or "bioinformatics" share few or no words with an O*NET title, yet a
static word-embedding model (WordLlama, MIT, 256-dimension weights shipped inside its wheel) places them
next to the right titles. Each name is embedded once; a query costs one embedding plus one matrix-vector
product. Building the index loads the model and embeds ~30k names (≈1-2 s on two cores), so it happens
lazily, on the first query that needs it or in the action server's warm-up, never at import.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

DIM = 256  # the wheel's weights; Matryoshka-trained, so a truncation to 128 would also work


@dataclass(frozen=True)
class Neighbour:
    id: str  # target: O*NET code or field:<id>
    similarity: float  # cosine, -1..1
    text: str  # the KB name that was nearest


@lru_cache(maxsize=1)
def load_model():  # noqa: ANN201 - wordllama's type is only importable after the lazy import
    """WordLlama from the installed wheel, offline; one instance per process (the reader shares it).

    `load` looks for the tokenizer in `<cache_dir>/tokenizers/`; the wheel ships it in its own
    `tokenizers/` folder, so the package folder itself is the cache and nothing is written or downloaded.
    """
    import wordllama

    package = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(cache_dir=package, disable_download=True, dim=DIM)


class SemanticIndex:
    """Embeddings of (text, target) pairs; `nearest` returns the best text per target.

    `entries` is called at build time, so choosing the names costs nothing until the index is needed.
    """

    def __init__(self, entries: Callable[[], list[tuple[str, str]]]) -> None:
        self._entries = entries
        self._texts: list[str] = []
        self._targets: list[str] = []
        self._model = None
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._matrix is not None

    def build(self) -> None:
        """Load the model and embed every text (idempotent, thread-safe)."""
        with self._lock:
            if self._matrix is None:
                pairs = self._entries()
                self._texts = [t for t, _ in pairs]
                self._targets = [i for _, i in pairs]
                model = load_model()
                self._matrix = model.embed(self._texts, norm=True)
                self._model = model

    def nbytes(self) -> int:
        """Memory held by the name embeddings (the model's own table comes on top, ≈32 MB)."""
        return 0 if self._matrix is None else int(self._matrix.nbytes)

    def nearest(self, text: str, k: int = 5) -> list[Neighbour]:
        """The `k` targets whose nearest text is most similar to `text`, best first."""
        import numpy as np

        self.build()
        assert self._model is not None and self._matrix is not None
        query = self._model.embed([text], norm=True)[0]
        sims = self._matrix @ query
        top = np.argpartition(-sims, min(len(sims) - 1, 8 * k))[: 8 * k]
        out: dict[str, Neighbour] = {}
        for i in sorted(top, key=lambda i: -sims[i]):
            target = self._targets[i]
            if target not in out:
                out[target] = Neighbour(target, float(sims[i]), self._texts[i])
                if len(out) == k:
                    break
        return list(out.values())
