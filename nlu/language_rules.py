"""Language detection that stays quiet on short English ("ok", "hi", "thx", "cyber securty").

py3langid (a numpy port of langid.py: fast, deterministic, 97 languages) does the classification; the
rules around it decide when to trust it. Short Latin-script messages carry too little signal for any
classifier, so they need three words, mostly unknown to an English vocabulary, and a high probability;
a few one-word greetings ("hola", "bonjour") are recognised from a list. Non-Latin scripts (Arabic, CJK,
Cyrillic, ...) are unambiguous, so they need less.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# Languages considered; a closed list keeps py3langid from answering "gl" for Portuguese or "la" for typos.
DEFAULT_LANGUAGES = (
    "en fr es de it pt nl ar zh ja ko ru uk pl tr hi vi id sv da no fi el he fa ro cs hu th ms bn ur sw tl"
).split()
ONE_WORD_GREETINGS = {
    "hola": "es", "gracias": "es", "buenas": "es", "bonjour": "fr", "bonsoir": "fr", "merci": "fr",
    "salut": "fr", "hallo": "de", "danke": "de", "servus": "de", "ciao": "it", "grazie": "it",
    "olá": "pt", "ola": "pt", "obrigado": "pt", "obrigada": "pt", "hej": "sv", "merhaba": "tr",
    "privet": "ru", "namaste": "hi",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NOISE = re.compile(r"https?://\S+|\S+@\S+|[@#]\w+", re.UNICODE)


@lru_cache(maxsize=4)
def identifier(languages: tuple[str, ...]) -> Any:
    """A py3langid identifier restricted to `languages` (loaded once per process, on first use)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(languages))
    return ident


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF


def detect_language(
    text: str,
    english_vocabulary: Iterable[str] | set[str],
    languages: tuple[str, ...] = tuple(DEFAULT_LANGUAGES),
    min_probability: float = 0.9,
) -> tuple[str, float] | None:
    """Return `(iso_code, probability)` when `text` is confidently not English, else `None`."""
    clean = _NOISE.sub(" ", text)
    letters = [c for c in clean if c.isalpha()]
    if not letters:
        return None
    vocab = (
        english_vocabulary if isinstance(english_vocabulary, (set, frozenset)) else set(english_vocabulary)
    )
    non_latin = sum(not _is_latin(c) for c in letters) / len(letters)
    if non_latin >= 0.5:
        code, prob = identifier(languages).classify(clean)
        if code != "en" and prob >= 0.6:
            return code, float(prob)
        return None
    words = [w.lower() for w in _WORD.findall(clean)]
    if len(words) <= 2:
        greeting = next((ONE_WORD_GREETINGS[w] for w in words if w in ONE_WORD_GREETINGS), None)
        if greeting and not any(w in vocab and w not in ONE_WORD_GREETINGS for w in words):
            return greeting, 1.0
        return None
    english_share = sum(w in vocab for w in words) / len(words)
    if english_share >= 0.5:
        return None
    code, prob = identifier(languages).classify(clean)
    if code != "en" and prob >= min_probability:
        return code, float(prob)
    return None
