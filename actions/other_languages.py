"""Replies in Spanish and Portuguese: the answer to the question type, and what Pivot can do now.

Pivot's knowledge base and dialogue are English; until they are translated (README, "Other
languages"), a Spanish or Portuguese speaker gets, in their language: the sourced advice for what they
asked (the advice library carries es/pt answers), an honest line that credential search is in English
for now, and two choices: a counselor, or carrying on in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.advice import AdviceLibrary

TEXTS = {
    "es": {
        "intro": "Gracias por escribir. Te respondo en español lo que puedo:",
        "limits": "Por ahora solo puedo buscar certificados y comparar opciones en inglés. Si quieres, una "
        "persona del equipo de orientación puede ayudarte, o podemos seguir en inglés "
        '(por ejemplo: "I\'m a teacher and want to move into data analytics").',
        "human": "Hablar con una persona",
        "english": "Seguir en inglés",
        "sources": "Fuentes",
    },
    "pt": {
        "intro": "Obrigado por escrever. Respondo em português o que posso:",
        "limits": "Por enquanto só consigo buscar certificados e comparar opções em inglês. Se quiser, uma "
        "pessoa da equipe de orientação pode ajudar, ou podemos continuar em inglês "
        '(por exemplo: "I\'m a teacher and want to move into data analytics").',
        "human": "Falar com uma pessoa",
        "english": "Continuar em inglês",
        "sources": "Fontes",
    },
}
ENGLISH_PROMPT = "Let's continue in English"


@dataclass(frozen=True)
class LocalReply:
    text: str
    buttons: list[dict[str, str]]


def other_language_reply(language: str, question_type: str) -> LocalReply | None:
    """The reply for `language` ("es" / "pt"), or None for a language Pivot has no texts in."""
    texts = TEXTS.get(language)
    if texts is None:
        return None
    library = AdviceLibrary.load()
    entry = library.get(question_type) or library.get("where_start")
    parts = [texts["intro"]]
    if entry is not None:
        parts.append(entry.answer_for(language))
        parts.append(f"{texts['sources']}: " + "; ".join(f"{s.cite()} {s.url}" for s in entry.sources[:2]))
    parts.append(texts["limits"])
    buttons = [
        {"title": texts["human"], "payload": "/request_human"},
        {"title": texts["english"], "payload": ENGLISH_PROMPT},
    ]
    return LocalReply("\n\n".join(parts), buttons)
