"""Spanish, Portuguese, French, Italian and German: which language a message is in, and what it asks.

Rasa's `nlu.language.LanguageDetector` tags non-English messages with a `language` entity; long
messages with English words mixed in, and short ones, are where it hesitates, so the function words
below settle Spanish against Portuguese (and tell French, Italian and German apart when the detector gave
nothing). Pivot answers these speakers in their language with what it can do for them now (docs/ARCHITECTURE.md, "Other languages").
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
# More languages, told apart by their commonest function words, for when the NLU's detector gives no language
# (a long message, or a test run without the NLU): they get the answer in their language instead of an English
# answer to a question Pivot did not read.
_OTHER_WORDS = {
    "fr": re.compile(
        r"\b(?:je|vous|nous|est|suis|les|des|une|pour|avec|mais|très|c'est|j'ai|qui|dans|pas|mon|ma|mes|être|"
        r"travail|métier|aussi|depuis|après|que|ça|faire|peine|ans|devenir|trop|tard|veux|voudrais|comment|où|quel|"
        r"quelle|combien|temps|sans|diplôme|formation|emploi|commencer|reconversion|travaille|changer|aimerais)\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"\b(?:il|che|di|non|sono|per|una|mi|ho|mio|mia|della|anche|questo|perché|lavoro|è|ma|più|molto|fare|"
        r"anni|cosa|nel|della|degli|sempre|come|posso|vorrei|voglio|senza|troppo|tardi|dove|quanto|cambiare|"
        r"diventare|pena|corso|laurea|esperienza|trovare|iniziare)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:ich|bin|und|nicht|mit|für|ist|das|der|die|ein|eine|einen|mein|meine|meinen|aber|auch|sehr|möchte|"
        r"habe|seit|jahren|kann|arbeit|beruf|mich|sich|noch|schon|oder|wie|wenn|zu|als|nach|jetzt|lohnt|"
        r"wechseln|umschulung|ausbildung|weiterbildung|ohne|studium|abschluss|soll|lange)\b",
        re.IGNORECASE,
    ),
}
_ENGLISH = re.compile(
    r"\b(?:the|and|i|my|to|want|work|is|it|for|of|in|job|career|what|how|with)\b", re.IGNORECASE
)

# Question types by cue, for the answer in the person's language (same types as understanding/questions.py).
_CUES = {
    "worth_it": r"vale\s+(?:la|a)\s+pena|merece\s+la\s+pena|compensa|"
    r"(?:ça|cela)\s+vaut|vaut-(?:il|elle)\s+la\s+peine|vaut\s+(?:vraiment\s+)?(?:la\s+peine|le\s+coup)|rentable|"
    r"conviene|ne\s+vale\s+la\s+pena|"
    r"\blohnt|es\s+wert\b",
    "no_degree": r"sin\s+(?:un\s+)?título|sin\s+(?:una\s+)?carrera\s+universitaria|sem\s+(?:um\s+)?diploma|sem\s+faculdade|sem\s+(?:uma\s+)?graduação|sin\s+estudios|"
    r"sans\s+(?:un\s+|de\s+)?(?:diplôme|diplome|licence|bac\b)|sans\s+(?:faire\s+d')?études|"
    r"senza\s+(?:una\s+|la\s+|il\s+|un\s+)?(?:laurea|diploma|titolo)|"
    r"ohne\s+(?:ein\s+|einen\s+)?(?:studium|abschluss|hochschulabschluss|diplom|uni)",
    "too_old": r"(?:muy|demasiado)\s+(?:viejo|mayor|tarde)|(?:muito|tarde\s+demais|velho\s+demais)\s*(?:velho|tarde)?|con\s+\d+\s+años|com\s+\d+\s+anos|a\s+los\s+\d+|aos\s+\d+|"
    r"trop\s+(?:vieux|vieille|âgée?|agée?|tard)|(?:à|a)\s+\d{2}\s+ans\b|(?:à|avec)\s+mon\s+âge|"
    r"troppo\s+(?:vecchi[oa]|tardi|anzian[oa])|a\s+\d{2}\s+anni\b|alla\s+mia\s+età|"
    r"zu\s+(?:alt|spät|spaet)\b|mit\s+\d{2}\b(?!\s+jahren\s+(?:berufs)?erfahrung)|in\s+meinem\s+alter",
    "how_long": r"cu[aá]nto\s+tiempo|quanto\s+tempo|cu[aá]ntos\s+(?:meses|años)|quantos\s+(?:meses|anos)|"
    r"combien\s+de\s+(?:temps|mois|ans|années)|quelle\s+durée|"
    r"quanti\s+(?:mesi|anni)|quanto\s+(?:dura|ci\s+vuole)|"
    r"wie\s+lange?\b|wie\s+viele\s+(?:monate|jahre)",
    "where_start": r"por\s+d[oó]nde\s+empiezo|por\s+d[oó]nde\s+empezar|por\s+onde\s+come[cç]|c[oó]mo\s+empiezo|como\s+come[cç]o|primeros\s+pasos|primeiros\s+passos|"
    r"par\s+o[uù]\s+(?:commencer|je\s+commence)|comment\s+(?:commencer|débuter|je\s+commence)|premiers\s+pas|premières\s+étapes|"
    r"da\s+dove\s+(?:inizi|comincio|cominciare|parto|partire)|come\s+(?:inizio|iniziare|comincio|cominciare)|primi\s+passi|"
    r"wo\s+(?:soll\s+ich\s+)?(?:fange|anfangen|beginne|beginnen)|womit\s+(?:soll\s+ich\s+)?(?:anfangen|beginnen)|wie\s+fange\s+ich|erste[n]?\s+schritte",
    "recommend": r"qu[eé]\s+(?:curso|certificado|certificaci[oó]n)|qual\s+(?:curso|certificado|certifica[cç][aã]o)|recomiendan|recomendam|recomenda[cç][oõ]es|"
    r"quel(?:le)?s?\s+(?:formation|certification|certificat|cours)|recommand|conseillez|"
    r"quale\s+(?:corso|certificazione|certificato)|quali\s+(?:corsi|certificazioni)|mi\s+consigli|consigliate|raccomand|"
    r"welche[snrm]?\s+(?:kurs|zertifikat|zertifizierung|weiterbildung)|empfehl",
    "get_hired": r"conseguir\s+(?:un\s+|um\s+)?(?:trabajo|empleo|emprego)|entrevista|curr[ií]culo|"
    r"trouver\s+(?:un\s+)?(?:emploi|travail|poste|job)|décrocher|entretien|\bcv\b|embauch|"
    r"trovare\s+(?:un\s+)?(?:lavoro|impiego|posto)|colloquio|curriculum|assunt[oa]|assumere|"
    r"(?:job|stelle|arbeit|arbeitsstelle)\s+finden|vorstellungsgespräch|bewerbung|lebenslauf|eingestellt",
    "get_experience": r"experiencia|experiência|portafolio|portf[oó]lio|"
    r"sans\s+expérience|(?:acquérir|gagner|avoir)\s+(?:de\s+l'|l')?expérience|(?:pas|peu)\s+d'expérience|stage\b|"
    r"senza\s+esperienza|(?:fare|acquisire|farmi)\s+(?:un'|dell')?esperienza|(?:poca|nessuna)\s+esperienza|tirocinio|"
    r"ohne\s+(?:berufs)?erfahrung|erfahrung\s+(?:sammeln|bekommen)|keine\s+(?:berufs)?erfahrung|wenig\s+erfahrung|praktikum",
    "quit_or_study": r"dejar\s+mi\s+trabajo|renunciar|largar\s+(?:o\s+|meu\s+)?emprego|pedir\s+demiss|"
    r"quitter\s+mon\s+(?:emploi|travail|poste|job)|démissionner|reprendre\s+(?:mes\s+|des\s+)?études|"
    r"lasciare\s+(?:il\s+)?(?:mio\s+)?lavoro|licenziarmi|dimettermi|dimissioni|tornare\s+a\s+studiare|"
    r"kündigen|(?:job|stelle)\s+aufgeben|wieder\s+studieren|vollzeit\s+studieren",
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
    """'es', 'pt', 'fr', 'it', 'de', another code from the NLU or from the script, or 'en'."""
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
        own = _OTHER_WORDS.get(nlu_language)
        own_count = len(own.findall(text)) if own else 0
        if english and english / words >= 0.2 and not (own_count >= 3 and own_count > english):
            return "en"  # ("in die IT wechseln" is still German: its own words outnumber the English ones)
        return nlu_language
    if not nlu_language:
        # French and Italian share "en", "un", "una", "mi" with Spanish: their own function words go first
        for code, pattern in _OTHER_WORDS.items():
            found = len(pattern.findall(text))
            enough = (found >= 5 and found / words >= 0.15) or (found >= 3 and found / words >= 0.3)
            if enough and found > 2 * english and found > 2 * counts[best]:
                return code
    if counts[best] >= 2 and counts[best] > english and counts[best] / words >= 0.12:
        other = "pt" if best == "es" else "es"
        if counts[best] == counts[other]:
            return nlu_language if nlu_language in ("es", "pt") else best
        return best
    if nlu_language in ("es", "pt") and counts[nlu_language] >= 1 and english * 3 < words:
        return nlu_language  # the detector and the function words agree
    return "en"


def question_type_in(text: str) -> str:
    for kind, pattern in _COMPILED.items():
        if pattern.search(text):
            return kind
    return "where_start"
