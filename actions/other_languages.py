"""Replies in Spanish, Portuguese, French, Italian and German: the answer to the question type, and what
Pivot can do now.

Pivot's knowledge base and dialogue are English; until they are translated (README, "Other
languages"), a speaker of one of these languages gets, in their language: the sourced advice for what they
asked (the advice library carries es/pt/fr/it/de answers), an honest line that credential search is in
English for now, and two choices: a counselor, or carrying on in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from actions.language import language_code
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
    "fr": {
        "intro": "Merci de votre message. Voici ce que je peux vous répondre en français :",
        "limits": "Pour l'instant, je ne peux chercher des certifications et comparer des options qu'en "
        "anglais. Si vous le souhaitez, une personne de l'équipe d'orientation peut vous aider, ou nous "
        'pouvons continuer en anglais (par exemple : "I\'m a teacher and want to move into data analytics").',
        "human": "Parler à une personne",
        "english": "Continuer en anglais",
        "sources": "Sources",
    },
    "it": {
        "intro": "Grazie per avermi scritto. Ecco cosa posso risponderti in italiano:",
        "limits": "Per ora posso cercare certificazioni e confrontare opzioni solo in inglese. Se vuoi, una "
        "persona del team di orientamento può aiutarti, oppure possiamo continuare in inglese "
        '(per esempio: "I\'m a teacher and want to move into data analytics").',
        "human": "Parla con una persona",
        "english": "Continua in inglese",
        "sources": "Fonti",
    },
    "de": {
        "intro": "Danke für Ihre Nachricht. Das kann ich Ihnen auf Deutsch beantworten:",
        "limits": "Zertifikate suchen und Optionen vergleichen kann ich vorerst nur auf Englisch. Wenn Sie "
        "möchten, hilft Ihnen eine Person aus dem Beratungsteam, oder wir machen auf Englisch weiter "
        '(zum Beispiel: "I\'m a teacher and want to move into data analytics").',
        "human": "Mit einer Person sprechen",
        "english": "Auf Englisch weitermachen",
        "sources": "Quellen",
    },
}
ENGLISH_PROMPT = "Let's continue in English"


@dataclass(frozen=True)
class LocalReply:
    text: str
    buttons: list[dict[str, str]]


def other_language_reply(language: str, question_type: str) -> LocalReply | None:
    """The reply for `language` ("es", "pt-BR", "fr", "it", "de"), or None for a language without texts."""
    language = language_code(language) or ""
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
