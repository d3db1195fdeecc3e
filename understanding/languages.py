"""Spanish and Portuguese: which language a message is in, and what it asks.

Rasa's `nlu.language.LanguageDetector` tags non-English messages with a `language` entity; long
messages with English words mixed in, and short ones, are where it hesitates, so the function words
below settle Spanish against Portuguese. Pivot answers these speakers in their language with what it
can do for them now (docs/ARCHITECTURE.md, "Other languages").
"""

from __future__ import annotations

import re

_WORDS = {
    "es": re.compile(
        r"\b(?:quiero|tengo|trabajo|estoy|cómo|como\s+puedo|qué|porque|pero|años|carrera|empleo|puedo|vale\s+la\s+pena|"
        r"estudiar|necesito|título|cambiar|cambio|soy|también|muy|para|una|los|las|del|sin|hacer|ahora|curso|certificado|"
        r"un|convertirme|datos|trabajar|ser|en|mi|cuál|cuáles|entonces|ya|quisiera|debo|puedo)\b|\w+(?:ción|ciones)\b",
        re.IGNORECASE,
    ),
    "pt": re.compile(
        r"\b(?:quero|tenho|trabalho|estou|como\s+posso|você|vocês|porque|mas|anos|carreira|emprego|posso|vale\s+a\s+pena|"
        r"estudar|preciso|diploma|mudar|mudança|transição|sou|também|muito|para|uma|os|as|do|da|sem|fazer|agora|curso|"
        r"certificado|não|faculdade|área|ti|um|tornar|dados|trabalhar|ser|em|no|na|nos|meu|minha|quais|qual|então|já|"
        r"pra|pro|gostaria|consigo|devo|vale)\b|\w+(?:ção|ções|ões)\b",
        re.IGNORECASE,
    ),
}
# Languages Pivot cannot answer in yet, told apart by their commonest function words, for when the NLU's detector
# gives no language (a long message, or a test run without the NLU): they get the hand-off in their language
# instead of an English answer to a question Pivot did not read.
_OTHER_WORDS = {
    "fr": re.compile(
        r"\b(?:je|vous|nous|est|suis|les|des|une|pour|avec|mais|très|c'est|j'ai|qui|dans|pas|mon|ma|mes|être|"
        r"travail|métier|aussi|depuis|après)\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"\b(?:il|che|di|non|sono|per|una|mi|ho|mio|mia|della|anche|questo|perché|lavoro|è|ma|più|molto|fare|"
        r"anni|cosa|nel|della|degli|sempre)\b",
        re.IGNORECASE,
    ),
}
_ENGLISH = re.compile(
    r"\b(?:the|and|i|my|to|want|work|is|it|for|of|in|job|career|what|how|with)\b", re.IGNORECASE
)

# Question types by cue, for the answer in the person's language (same types as understanding/questions.py).
_CUES = {
    "worth_it": r"vale\s+(?:la|a)\s+pena|merece\s+la\s+pena|compensa",
    "no_degree": r"sin\s+(?:un\s+)?título|sin\s+(?:una\s+)?carrera\s+universitaria|sem\s+(?:um\s+)?diploma|sem\s+faculdade|sem\s+(?:uma\s+)?graduação|sin\s+estudios",
    "too_old": r"(?:muy|demasiado)\s+(?:viejo|mayor|tarde)|(?:muito|tarde\s+demais|velho\s+demais)\s*(?:velho|tarde)?|con\s+\d+\s+años|com\s+\d+\s+anos|a\s+los\s+\d+|aos\s+\d+",
    "how_long": r"cu[aá]nto\s+tiempo|quanto\s+tempo|cu[aá]ntos\s+(?:meses|años)|quantos\s+(?:meses|anos)",
    "where_start": r"por\s+d[oó]nde\s+empiezo|por\s+d[oó]nde\s+empezar|por\s+onde\s+come[cç]|c[oó]mo\s+empiezo|como\s+come[cç]o|primeros\s+pasos|primeiros\s+passos",
    "recommend": r"qu[eé]\s+(?:curso|certificado|certificaci[oó]n)|qual\s+(?:curso|certificado|certifica[cç][aã]o)|recomiendan|recomendam|recomenda[cç][oõ]es",
    "get_hired": r"conseguir\s+(?:un\s+|um\s+)?(?:trabajo|empleo|emprego)|entrevista|curr[ií]culo",
    "get_experience": r"experiencia|experiência|portafolio|portf[oó]lio",
    "quit_or_study": r"dejar\s+mi\s+trabajo|renunciar|largar\s+(?:o\s+|meu\s+)?emprego|pedir\s+demiss",
}
_COMPILED = {kind: re.compile(p, re.IGNORECASE) for kind, p in _CUES.items()}


# Scripts that are never English, by Unicode range (kana before the Han range, so Japanese is not Chinese).
_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)


# Characters written only in Traditional or only in Simplified Chinese (the commonest of each pair)
_TRADITIONAL = re.compile(r"[們這個會為說學業經與職轉嗎麼後來時間問題點關讓還對機開當種實現從樣頭過應發]")
_SIMPLIFIED = re.compile(r"[们这个会为说学业经与职转吗么后来时间问题点关让还对机开当种实现从样头过应发]")


def _script_language(text: str) -> str | None:
    """The language a non-Latin script says, when most of the letters are in it ("zh-hant" for Traditional)."""
    letters = sum(1 for ch in text if ch.isalpha())
    for code, pattern in _SCRIPTS:
        if letters and len(pattern.findall(text)) / letters >= 0.3:
            if code == "zh" and len(_TRADITIONAL.findall(text)) > len(_SIMPLIFIED.findall(text)):
                return "zh-hant"
            return code
    return None


def guess_language(text: str, nlu_language: str | None = None) -> str:
    """'es', 'pt', another code from the NLU or from the script, or 'en'."""
    script = _script_language(text)
    if script is not None:
        return script
    counts = {code: len(pattern.findall(text)) for code, pattern in _WORDS.items()}
    english = len(_ENGLISH.findall(text))
    best = max(counts, key=lambda k: counts[k])
    words = max(1, len(text.split()))
    if nlu_language and nlu_language not in ("en", "es", "pt"):
        # the detector hesitates on short replies ("homeschooling my son" read as German): English function
        # words settle it
        if english and english / words >= 0.2:
            return "en"
        return nlu_language
    if counts[best] >= 2 and counts[best] > english and counts[best] / words >= 0.12:
        other = "pt" if best == "es" else "es"
        if counts[best] == counts[other]:
            return nlu_language if nlu_language in ("es", "pt") else best
        return best
    if nlu_language in ("es", "pt") and counts[nlu_language] >= 1 and english * 3 < words:
        return nlu_language  # the detector and the function words agree
    if not nlu_language:
        for code, pattern in _OTHER_WORDS.items():
            found = len(pattern.findall(text))
            if found >= 5 and found > 2 * english and found / words >= 0.15 and found > 2 * counts[best]:
                return code
    return "en"


def question_type_in(text: str) -> str:
    for kind, pattern in _COMPILED.items():
        if pattern.search(text):
            return kind
    return "where_start"
