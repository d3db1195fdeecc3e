"""What a person's message asks while a counselor holds their conversation: pure text, no I/O.

While a counselor holds a conversation the bot answers no topic; it only answers what people ask the
*waiting itself*, and keeps everything else for the counselor (`bot.hold`). `classify(text)` says which:

- `wait`: "how long until someone answers?", "when will the counselor get back to me?", "any update?",
  "what are your hours?", "I'm still waiting", "¿cuánto falta?", "quando vão responder?";
- `presence`: "are you still there?", "is anyone there?", "hello?", "??", "you there?", "¿hay alguien?",
  "tem alguém aí?";
- `human`: asking for a person again ("can I talk to a human?", "a counselor please");
- `other`: anything else, a question about a course, a job, a worry: the counselor's to answer.

The patterns are written from the way people write to support chats (short, often without capitals or
punctuation, "u" for "you", "till", stretched "hellooo"); a question about a course's length ("how long
is the nursing program?") is not about the wait. `HoldAsk.lang` is the language the phrasing is in
("en", "es", "pt"), or None when the words say nothing about it ("??", "ping").
"""

# ruff: noqa: E501  -- cue-pattern tables: one regular expression per line (as understanding/*.py)
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

WAIT, PRESENCE, HUMAN, OTHER = "wait", "presence", "human", "other"


@dataclass(frozen=True)
class HoldAsk:
    kind: str  # wait | presence | human | other
    lang: str | None = None

    @property
    def about_waiting(self) -> bool:
        return self.kind != OTHER


# --------------------------------------------------------------------------- English
# Who could answer: Pivot ("you"), a counselor, "someone".
_WHO = (
    r"(?:some ?one|some ?body|any ?one|any ?body|a (?:real )?(?:human|person)|"
    r"(?:a|the|my|your|an?) (?:counsel+or|counsel+er|advis[oe]r|career (?:coach|advis[oe]r)|coach|staff(?: member)?|"
    r"team|office|human|person|agent)s?|counsel+ors|advis[oe]rs|they|you guys|you|u)"
)
# The same without Pivot itself ("did you get my message?" checks presence, not the counselor's progress).
_THEY = (
    r"(?:some ?one|some ?body|any ?one|any ?body|a (?:real )?(?:human|person)|"
    r"(?:a|the|my|an?) (?:counsel+or|counsel+er|advis[oe]r|career (?:coach|advis[oe]r)|coach|staff(?: member)?|"
    r"team|office|human|person|agent)s?|counsel+ors|advis[oe]rs|they)"
)
_ANSWER = (
    r"(?:answer|reply|respond|get back|write|text|message|call|contact|email|come|coming|join|talk|speak|chat|"
    r"reach out|get in touch|follow up|pick (?:this|it|me) up|see (?:this|it|my)|read (?:this|it|my)|look at|"
    r"be (?:here|there|available|back|online|free|in|with me))"
)
_END = r"\s*[?.!]*\s*$"

_EN_WAIT = [
    # how long ...
    rf"\bhow long (?:until|till|til|before|'til|untill) (?:{_WHO}|an? (?:answer|reply|response)|"
    r"i (?:hear|get (?:an? )?(?:answer|reply|response|help)|can (?:talk|speak|chat)))",
    r"\bhow long (?:will|do|must|should|shall|would) i (?:have to |need to |be )?(?:wait|be waiting|sit here)",
    rf"^(?:so,? |ok(?:ay)?,? )?(?:must|should|do|shall) i (?:just |still )?(?:have to |need to )?(?:wait|keep waiting)"
    rf"(?: (?:here|longer|more|then))?{_END}",
    rf"^(?:is )?(?:any ?one|any ?body|some ?one|some ?body) (?:coming|going to come)(?: (?:soon|at all|now))?{_END}",
    r"\bhow long (?:is|will be|would be) (?:the|my|this) (?:wait|queue|line)",
    rf"\bhow long (?:does|will|would|is) (?:it|this|that) (?:take|be|going to take|gonna take)(?: now| then)?{_END}",
    r"\bhow long (?:this|it|that|the wait) (?:will|is going to|would|might|could) (?:take|be|last)\b",
    r"\bhow long (?:will|would|might) it be (?:before|until|till|til)\b",
    rf"\bhow long (?:do|will|would|does) (?:they|you|counsel+ors|(?:the|a) counsel+or|it) "
    rf"(?:usually |normally |typically )?(?:take|need)(?:(?: for)?(?: them| you| {_WHO})? to {_ANSWER}|{_END})",
    rf"^(?:ok(?:ay)?,? |so,? |um+,? )?how (?:long|much longer)(?: now| then| more| still)?{_END}",
    r"\bhow much longer\b(?! (?:is|are|does|would|will) (?:the|a|an) \w+ (?:course|program|programme|degree))",
    rf"\bhow soon (?:will|can|do|does|would|could) (?:{_WHO}|i (?:hear|get))",
    rf"^(?:will|is|would) (?:it|this|the wait) (?:be |take )?(?:long|much longer|a while|a long time|ages|forever)"
    rf"(?: now| still)?{_END}",
    # when ...
    rf"\bwhen (?:will|would|can|could|does|do|is|are|might|should|shall) {_WHO} (?:\w+ )?(?:be able to )?{_ANSWER}",
    rf"\bwhen {_WHO} (?:will|would|might|are going to|is going to|are gonna|is gonna|can) (?:\w+ )?{_ANSWER}",
    r"\bwhen (?:will|can|do|should|could|might|would) i (?:hear (?:back|from)|get (?:an? )?(?:answer|reply|response)|"
    r"expect|be able to (?:talk|speak|chat)|talk to|speak (?:to|with)|chat with|be contacted)",
    rf"\bwhen (?:are|is) {_WHO} (?:open|available|online|back|in|around|working|free|coming)",
    rf"\bwhen (?:do|does) {_WHO} (?:work|open|start|come in|get in)",
    # hours, availability
    r"\bwhat are (?:your|the|their) (?:office |opening |working |business )?hours\b",
    r"\b(?:office|opening|working|business) hours\b",
    rf"\bwhat time (?:do|does|will|would) {_WHO} (?:open|start|close|come back|come in|get in|be back)",
    rf"\b(?:are|r) (?:you|u|you guys|y'?all|they|the counsel+ors?|counsel+ors) (?:open|working)(?: (?:today|now|"
    rf"tomorrow|right now|on (?:the )?weekends?|on (?:mon|tues|wednes|thurs|fri|satur|sun)days?))?{_END}",
    rf"\b(?:are|is|r) {_THEY} (?:available|around|in|online|free|working|back|open)"
    rf"(?: (?:now|today|yet|right now|soon))?{_END}",
    # news, progress, nobody answered
    rf"^(?:\w+,? )?(?:any|an) (?:update|news|word|progress|reply|answer|response)s?"
    rf"(?: yet| at all| on (?:this|that|my request))?{_END}",
    rf"\b(?:still )?no (?:answer|reply|response|news|word)(?: (?:yet|at all|from (?:any|some)(?:one|body)))?{_END}",
    r"\b(?:no ?one|no ?body) (?:has |have |is |ever |even )*(?:answered|replied|responded|got back|gotten back|"
    r"answering|replying|responding|come|came|seen|read)",
    rf"\b(?:is|will|are|would) {_WHO} (?:(?:ever|actually|really|still|even) )?"
    rf"(?:going to |gonna |coming to |able to )?{_ANSWER}",
    rf"^(?:\w+,? )?{_WHO} (?:ever |actually |even )?(?:going to|gonna|coming to) {_ANSWER}",
    rf"\b(?:did|has|have|had) {_THEY} (?:even |already |actually |ever )?(?:seen|see|read|got|gotten|get|received|receive|"
    r"looked at|look at|opened) (?:my|this|the|our) (?:message|request|question|chat|conversation|case)s?",
    # waiting
    r"\b(?:i'?m|i am|still|been|i'?ve been|i have been|we'?re|we are) (?:still |just )?waiting"
    r"(?=\s*(?:[?.!…,]|$|here|still|so long|forever|ages|(?:for )?(?:over |almost |nearly |about )?(?:\d+|an?|half an) "
    r"(?:min|mins|minutes|hours?|hrs?|h|while)\b|on (?:you|someone|somebody|them|a reply|an answer)|"
    r"for (?:ages|hours|days|so long|a while|a long time|(?:an? |the |some |any )?(?:reply|answer|response|"
    r"counsel+or|human|person|real person|someone|somebody|you|them|advis[oe]r))))",
    rf"^(?:still )?waiting(?: (?:still|here))?{_END}",
    r"\bwaiting (?:for|on) (?:a|an|the|some|any)? ?(?:reply|answer|response|counsel+or|human|person|someone|somebody|"
    r"ages|so long|hours|a while)",
    r"\b(?:taking|take) (?:so|too|very|this|that) long\b",
    r"\b(?:is|it is) taking (?:forever|ages|a while|a long time)",
    # what next
    r"\bwhat happens (?:now|next)\b",
    rf"^(?:so,? |ok(?:ay)?,? )?(?:what is next|what now|now what){_END}",
    r"\b(?:eta|(?:wait(?:ing)?|response|reply|answer) times?|long wait)\b",
]
_EN_HUMAN = [
    r"\b(?:can|could|may) i (?:please |pls )?(?:talk|speak|chat) (?:to|with) (?:a |an |the |some |real )*"
    r"(?:human|person|counsel+or|counsel+er|advis[oe]r|someone|somebody|staff|agent)",
    r"\b(?:i want|i need|i'?d like|i would like|give me|get me|connect me (?:to|with)|put me through to)"
    r"(?: to (?:talk|speak|chat) (?:to|with))? (?:a |an |the |some |real )*(?:human|person|counsel+or|advis[oe]r|agent)\b",
    rf"^(?:(?:a|the) )?(?:real )?(?:human|person|counsel+or|agent|operator)(?: please| pls| now)?{_END}",
    r"^(?:talk|speak|chat) (?:to|with) (?:a|an|the) (?:real )?(?:human|person|counsel+or|advis[oe]r)\b",
]
_EN_PRESENCE = [
    r"^(?:hello|hi|hey|hallo|hullo|helo|yo|oi)+(?: there| again| anyone| pivot)?\s*,?\s*\?[?!.\s]*$",
    r"^(?:hel+o{2,}|he+y{2,}|hi{3,})[?!.\s]*$",
    r"\b(?:are|r) (?:you|u|ya|y'?all|you guys) (?:still |even )?(?:there|here|around|alive|awake|online|listening|with me)"
    r"(?=\s*(?:[?.!,…]|$|still|at all|anymore|any ?more|pivot|bot|or not|lol))",
    r"^(?:you|u|ya) (?:still )?(?:there|here|around|with me)\b",
    r"^still (?:there|here|with me|around)\b",
    r"\b(?:is|are) (?:there )?(?:any ?one|any ?body|some ?one|some ?body|people|a (?:real )?(?:human|person)) "
    r"(?:there|here|around|home|listening|reading|online|out there|on (?:this|the other) (?:end|side))\b",
    rf"\bis there (?:any ?one|any ?body|some ?one|some ?body|a (?:real )?(?:human|person))(?: there| here| around| at all)?{_END}",
    rf"^(?:hello,? |hi,? |hey,? )?(?:any ?one|any ?body|some ?one|some ?body)(?: (?:there|here|around|home|out there|at all))?{_END}",
    rf"\bis (?:this|it) (?:thing )?(?:on|working|still working|broken|dead){_END}",
    r"\b(?:can|do|does) (?:you|u|any ?one|some ?one|any ?body|some ?body) (?:hear|see|read) (?:me|this|my messages?)\b",
    r"\b(?:did|do) (?:you|u) (?:get|see|receive) (?:that|this|it|my (?:last )?message)\b",
    r"\bwhere (?:are|did) (?:you|u|they|every ?one|every ?body|the counsel+or)(?: go| gone)?\b",
    rf"^ping{_END}",
]

# --------------------------------------------------------------------------- Spanish
_ES_WAIT = [
    r"\bcu[aá]nto (?:m[aá]s )?(?:tiempo )?(?:falta|faltan|tarda|tardan|tardar[aá]n?|demora|demoran|"
    r"hay que esperar|tengo que esperar|debo esperar|voy a esperar|m[aá]s)\b",
    r"\bcu[aá]ndo (?:me )?(?:van a |va a |vais a |podr[aá]n |puede |pueden |podr[ií]a )?(?:me )?"
    r"(?:responder|contestar|atender|escribir|llamar)",
    r"\bcu[aá]ndo (?:\w+ ){0,3}(?:va|van) a (?:responder|contestar|atender|escribir)",
    r"\bcu[aá]ndo (?:me )?(?:responden|contestan|atienden|responder[aá]n|contestar[aá]n|escriben|escribir[aá]n)",
    r"\b(?:alguna|hay) (?:novedad|noticia|respuesta)",
    r"\b(?:sigo|estoy|todav[ií]a(?: estoy)?|a[uú]n(?: estoy)?) esperando\b",
    r"\b(?:qu[eé]|cu[aá]l es el) horario\b|\ba qu[eé] hora (?:abren|atienden|empiezan|vuelven)",
    r"\b(?:va|van) a (?:responder|contestar|atender)(?:me)? (?:alguien|alg[uú]n)",
    r"\b(?:alguien|me) (?:va|van) a (?:responder|contestar|atender)",
]
_ES_HUMAN = [
    r"\b(?:quiero|necesito|puedo|quisiera) (?:hablar|conversar|chatear) con (?:una persona|un humano|alguien|"
    r"un asesor|una asesora|un orientador|una orientadora|un consejero|una consejera)",
]
_ES_PRESENCE = [
    r"\b(?:sigues|sigue|sigues ah[ií]|est[aá]s|hay alguien|alguien) (?:ah[ií]|all[ií]|aqu[ií])\b",
    r"\bhay alguien\b",
    r"^(?:hola|buenas|al[oó])\s*,?\s*\?[?!.\s]*$",
    r"^¿?\s*(?:hola,? )?alguien\s*\?+\s*$",
]

# --------------------------------------------------------------------------- Portuguese
_PT_WAIT = [
    r"\bquanto (?:tempo )?(?:falta|demora|vai demorar|tenho que esperar|preciso esperar|mais)\b",
    r"\bquando (?:v[aã]o|vai|voc[eê]s v[aã]o|algu[eé]m vai) (?:me )?(?:responder|atender|retornar|escrever)",
    r"\bquando (?:\w+ ){0,3}(?:vai|vão|vao|irá|irão) (?:me )?(?:responder|atender|retornar|escrever)",
    r"\bquando (?:me )?(?:respondem|atendem|retornam|v[aã]o responder)",
    r"\balguma (?:novidade|not[ií]cia|resposta)",
    r"\b(?:ainda (?:estou )?|continuo |estou |to |tô )(?:esperando|aguardando)\b",
    r"\bqual (?:[eé] )?o hor[aá]rio\b|\bque horas (?:voc[eê]s )?(?:abrem|atendem|voltam)",
    r"\balgu[eé]m vai (?:me )?(?:responder|atender)",
]
_PT_HUMAN = [
    r"\b(?:quero|preciso|posso|gostaria de) falar com (?:uma pessoa|um humano|algu[eé]m|um atendente|uma atendente|"
    r"um orientador|uma orientadora|um conselheiro|uma conselheira)",
]
_PT_PRESENCE = [
    r"\b(?:ainda )?(?:est[aá]|t[aá]|est[aá]s|voc[eê] est[aá]|vc est[aá]|vc t[aá]) (?:a[ií]|por a[ií])\b",
    r"\btem algu[eé]m\b",
    r"^(?:ol[aá]|oi|al[oô])\s*,?\s*\?[?!.\s]*$",
    r"^(?:oi,? |ol[aá],? )?algu[eé]m(?: a[ií])?\s*\?+\s*$",
]

# Order matters: a message that asks about the wait and checks presence ("hello? how long?") is a
# wait question (its answer says more); asking for a person again comes before presence.
_RULES: list[tuple[str, str, list[str]]] = [
    (WAIT, "es", _ES_WAIT),
    (WAIT, "pt", _PT_WAIT),
    (WAIT, "en", _EN_WAIT),
    (HUMAN, "es", _ES_HUMAN),
    (HUMAN, "pt", _PT_HUMAN),
    (HUMAN, "en", _EN_HUMAN),
    (PRESENCE, "es", _ES_PRESENCE),
    (PRESENCE, "pt", _PT_PRESENCE),
    (PRESENCE, "en", _EN_PRESENCE),
]
_COMPILED = [
    (kind, lang, re.compile("|".join(f"(?:{p})" for p in patterns))) for kind, lang, patterns in _RULES
]
# "hello? anyone?", "olá? alguém aí?": a greeting, then the question that says what they ask.
_LEADING_GREETING = re.compile(r"^(?:hello|hi|hey|hiya|hola|buenas|ol[aá]|oi)[\s,]*[?!.,]+\s*(?=\S)")
_PUNCTUATION_ONLY = re.compile(r"^[?¿!¡.…\s]+$")
_NO_WORDS = re.compile(r"^\W*$")
MAX_CHARS = 400  # longer messages are content for the counselor, whatever they also ask


_CONTRACTIONS = [
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"),
    (re.compile(r"\b(what|it|that|who|where|when|how)'?s\b"), r"\1 is"),
]


def normalise(text: str) -> str:
    """Lower case, straight quotes, one space, NFC (accents kept: Spanish and Portuguese need them),
    "they'll" → "they will", "whats" → "what is"."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


_LANGUAGE_CUES = {
    "es": re.compile(
        r"\b(?:hola|gracias|buenas|buenos d[ií]as|por favor|quiero|necesito|¿|estoy|tengo|s[ií] claro)\b|¿"
    ),
    "pt": re.compile(
        r"\b(?:ol[aá]|oi|obrigad[oa]|bom dia|boa (?:tarde|noite)|quero|preciso|estou|tenho|você|vc|não)\b"
    ),
}


def language_hint(text: str) -> str | None:
    """The language a short message shows (its hold phrasing, else greetings and a few common words), or None."""
    ask = classify(text)
    if ask.lang is not None:
        return ask.lang
    t = normalise(text)
    found = [lang for lang, cue in _LANGUAGE_CUES.items() if cue.search(t)]
    return found[0] if len(found) == 1 else None


def classify(text: str) -> HoldAsk:
    """What `text` asks while on hold (see the module's docstring)."""
    t = normalise(text)
    if not t:
        return HoldAsk(OTHER)
    if _PUNCTUATION_ONLY.match(t):
        return HoldAsk(PRESENCE) if ("?" in t or "." in t or "…" in t) else HoldAsk(OTHER)
    if _NO_WORDS.match(t) or len(t) > MAX_CHARS:
        return HoldAsk(OTHER)
    for kind, lang, pattern in _COMPILED:
        if pattern.search(t):
            return HoldAsk(kind, lang)
    rest = _LEADING_GREETING.sub("", t)
    if rest != t:
        return classify(rest)
    return HoldAsk(OTHER)


def conversation_language(texts: Sequence[str]) -> str:
    """en / es / pt from what the person wrote (newest first): the newest message whose words say it
    (`hold_questions.language_hint`, else the reader's `guess_language` for longer ones); else English,
    also for languages Pivot has no texts in."""
    from understanding.languages import guess_language  # pure text (regular expressions), no I/O

    for text in texts:
        if not text or not text.strip():
            continue
        hint = language_hint(text)
        if hint is None and len(text.split()) >= 4:
            hint = guess_language(text)
        if hint is not None:
            return hint if hint in ("en", "es", "pt") else "en"
    return "en"


__all__ = [
    "HUMAN",
    "OTHER",
    "PRESENCE",
    "WAIT",
    "HoldAsk",
    "classify",
    "conversation_language",
    "language_hint",
    "normalise",
]
