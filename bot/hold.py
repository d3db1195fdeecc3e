"""What the bot says while a counselor holds a conversation: only the truth about the wait.

Under a hold the counselor owns every topic, so Rasa is not asked (`bot.conversation`). The gateway
answers just what people ask about the wait itself (`bot.hold_questions.classify`):
- "how long?", "are you still there?", "hello?", "can I talk to a human?" get a reply built from what is
  known: a counselor has taken the conversation (the hold), when they last wrote here, when the person
  asked for one and when the site's counselors were notified (the notice outbox), and the site's office
  hours (`SITES_CONFIG`): working now, with the reply time the site promises, or away until the next
  opening;
- anything else is kept for the counselor unanswered, with one short acknowledgement per quiet period
  (`QUIET`: none while the counselor or an earlier acknowledgement spoke in the last half hour), so a
  person who writes five lines is not answered five times.
Texts exist in English, Spanish and Portuguese (the languages Pivot answers in); the language is the
one the question is asked in, else the one of the person's recent messages. Nothing here names a
counselor, an id or a setting: the person reads only times, days and the site's own wording.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.db import Conversation, Database, Message, utcnow
from bot.handback import Handback
from bot.hold_questions import HUMAN, PRESENCE, WAIT, HoldAsk, conversation_language
from bot.notify import consent, contacts
from bot.notify.hours import DAY_NAMES
from bot.notify.models import OutboxItem
from bot.notify.sites import SiteConfig, Sites

QUIET = dt.timedelta(minutes=30)
LANGS = ("en", "es", "pt")
_RECENT_INBOUND = 5

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "ack": "Thanks, I've kept this for the counselor, who will answer you here.",
        "presence": "Yes, I'm here.",
        "human": "You're already with a counselor.",
        "taken": "A counselor has taken over this conversation",
        "taken_wrote": " and last wrote {ago}",
        "taken_silent": " and hasn't written yet",
        "kept": "Your messages are kept for them, and they will answer you here.",
        "handing_back": "The counselor has finished here; Pivot will be back with you shortly and will "
        "say so here. Your messages are kept.",
        "when_unknown": "They will answer you here; I can't tell exactly when.",
        "asked": "You asked for a counselor {ago}",
        "told_now": ", and the counselors were notified straight away",
        "told_later": ", and the counselors were notified {ago}",
        "open": "Counselors are working now",
        "within": " and aim to reply within {within}",
        "closed": "Counselors are away right now; the next opening is {when} ({zone} time).",
        "closed_unknown": "Counselors are away right now.",
        "today": "today at {clock}",
        "tomorrow": "tomorrow at {clock}",
        "weekday": "{day} at {clock}",
    },
    "es": {
        "ack": "Gracias, lo guardo para la persona del equipo de orientación, que te responderá aquí.",
        "presence": "Sí, aquí estoy.",
        "human": "Ya estás con una persona del equipo de orientación.",
        "taken": "Una persona del equipo de orientación se ha hecho cargo de esta conversación",
        "taken_wrote": " y escribió por última vez {ago}",
        "taken_silent": " y aún no ha escrito",
        "kept": "Tus mensajes quedan guardados para ella, y te responderá aquí.",
        "handing_back": "La persona del equipo de orientación ha terminado aquí; Pivot volverá contigo "
        "enseguida y te lo dirá aquí. Tus mensajes quedan guardados.",
        "when_unknown": "Te responderá aquí; no puedo decirte exactamente cuándo.",
        "asked": "Pediste hablar con una persona {ago}",
        "told_now": ", y el equipo fue avisado enseguida",
        "told_later": ", y el equipo fue avisado {ago}",
        "open": "El equipo está trabajando ahora",
        "within": "",  # the site's own promise is written in English; not said rather than mistranslated
        "closed": "El equipo no está disponible ahora; vuelve {when} ({zone_label}).",
        "closed_unknown": "El equipo no está disponible ahora.",
        "today": "hoy a las {clock}",
        "tomorrow": "mañana a las {clock}",
        "weekday": "el {day} a las {clock}",
    },
    "pt": {
        "ack": "Obrigado, guardei isto para a pessoa da equipe de orientação, que vai responder aqui.",
        "presence": "Sim, estou aqui.",
        "human": "Você já está com uma pessoa da equipe de orientação.",
        "taken": "Uma pessoa da equipe de orientação assumiu esta conversa",
        "taken_wrote": " e escreveu pela última vez {ago}",
        "taken_silent": " e ainda não escreveu",
        "kept": "Suas mensagens ficam guardadas para ela, e ela vai responder aqui.",
        "handing_back": "A pessoa da equipe de orientação terminou aqui; o Pivot volta em instantes e vai "
        "avisar aqui. Suas mensagens ficam guardadas.",
        "when_unknown": "Ela vai responder aqui; não consigo dizer exatamente quando.",
        "asked": "Você pediu para falar com uma pessoa {ago}",
        "told_now": ", e a equipe foi avisada na hora",
        "told_later": ", e a equipe foi avisada {ago}",
        "open": "A equipe está trabalhando agora",
        "within": "",
        "closed": "A equipe não está disponível agora; volta {when} ({zone_label}).",
        "closed_unknown": "A equipe não está disponível agora.",
        "today": "hoje às {clock}",
        "tomorrow": "amanhã às {clock}",
        "weekday": "{day} às {clock}",
    },
}
_DAYS = {
    "en": DAY_NAMES,
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "pt": (
        "na segunda-feira",
        "na terça-feira",
        "na quarta-feira",
        "na quinta-feira",
        "na sexta-feira",
        "no sábado",
        "no domingo",
    ),
}
_ZONE_LABEL = {"es": "hora de {zone}", "pt": "horário de {zone}"}
# How each of the replies above begins: the acknowledgement rule counts them as "already told".
_OPENINGS = (
    tuple(t[key] for t in TEXTS.values() for key in ("ack", "presence", "human", "taken", "handing_back"))
    + consent.OPENINGS
)


def is_hold_reply(text: str) -> bool:
    """Whether a recorded bot message is one of this module's replies (any language)."""
    return text.startswith(_OPENINGS)


@dataclass(frozen=True)
class HoldState:
    """What is true about a held conversation at `now`, read from the app DB and `SITES_CONFIG`."""

    now: dt.datetime
    site: SiteConfig | None = None
    requested_at: dt.datetime | None = None  # the person's open hand-off request, if any
    notified_at: dt.datetime | None = None  # the first notice of that request the counselors got
    counselor_wrote_at: dt.datetime | None = None  # the counselor's latest message here
    handing_back: bool = False  # the counselor released it; waiting for Rasa to take it back (`bot.handback`)


def ago(then: dt.datetime, now: dt.datetime, lang: str = "en") -> str:
    """'just now', '5 minutes ago', 'about 2 hours ago', '3 days ago' (and the same in es/pt)."""
    minutes = max(int((now - then).total_seconds() // 60), 0)
    hours = round(minutes / 60)
    days = round(hours / 24)
    if lang == "es":
        if minutes < 1:
            return "hace un momento"
        if minutes < 90:
            return f"hace {minutes} minuto{'s' if minutes != 1 else ''}"
        return f"hace unas {hours} horas" if hours < 48 else f"hace {days} días"
    if lang == "pt":
        if minutes < 1:
            return "agora mesmo"
        if minutes < 90:
            return f"há {minutes} minuto{'s' if minutes != 1 else ''}"
        return f"há cerca de {hours} horas" if hours < 48 else f"há {days} dias"
    if minutes < 1:
        return "just now"
    if minutes < 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    return f"about {hours} hours ago" if hours < 48 else f"{days} days ago"


def when(opening: dt.datetime, now: dt.datetime, lang: str = "en") -> str:
    """'today at 14:00', 'tomorrow at 09:00', 'Monday at 09:00' in the opening's own zone (es/pt too)."""
    t = TEXTS[lang]
    days = (opening.date() - now.astimezone(opening.tzinfo).date()).days
    clock = opening.strftime("%H:%M")
    if days == 0:
        return t["today"].format(clock=clock)
    if days == 1:
        return t["tomorrow"].format(clock=clock)
    return t["weekday"].format(day=_DAYS[lang][opening.weekday()], clock=clock)


def _hours_line(site: SiteConfig | None, now: dt.datetime, lang: str) -> str:
    t = TEXTS[lang]
    if site is None or site.hours is None:
        return ""
    if site.hours.is_open(now):
        within = t["within"].format(within=site.reply_within) if site.reply_within and t["within"] else ""
        return f"{t['open']}{within}."
    opening = site.hours.next_opening(now)
    if opening is None:
        return t["closed_unknown"]
    zone = site.hours.timezone.replace("_", " ")
    label = _ZONE_LABEL.get(lang, "{zone}").format(zone=zone)
    return t["closed"].format(when=when(opening, now, lang), zone=zone, zone_label=label)


def _taken_line(state: HoldState, lang: str) -> str:
    t = TEXTS[lang]
    if state.counselor_wrote_at is not None:
        return t["taken"] + t["taken_wrote"].format(ago=ago(state.counselor_wrote_at, state.now, lang)) + "."
    return t["taken"] + t["taken_silent"] + "."


def _asked_line(state: HoldState, lang: str) -> str:
    if state.requested_at is None:
        return ""
    t = TEXTS[lang]
    line = t["asked"].format(ago=ago(state.requested_at, state.now, lang))
    if state.notified_at is not None:
        if state.notified_at - state.requested_at <= dt.timedelta(minutes=2):
            line += t["told_now"]
        else:
            line += t["told_later"].format(ago=ago(state.notified_at, state.now, lang))
    return line + "."


def status_reply(ask: HoldAsk, state: HoldState, lang: str = "en") -> str:
    """The truthful answer to a question about the wait (`ask.kind` wait / presence / human)."""
    lang = lang if lang in TEXTS else "en"
    t = TEXTS[lang]
    if state.handing_back:
        return f"{t['presence']} {t['handing_back']}" if ask.kind == PRESENCE else t["handing_back"]
    hours = _hours_line(state.site, state.now, lang)
    if ask.kind == PRESENCE:
        parts = [t["presence"], _taken_line(state, lang), t["kept"], hours]
    elif ask.kind == HUMAN:
        parts = [t["human"], _taken_line(state, lang), t["kept"], hours]
    else:
        assert ask.kind == WAIT, ask
        parts = [_taken_line(state, lang), _asked_line(state, lang), hours, t["when_unknown"]]
    return " ".join(p for p in parts if p)


def acknowledgement(lang: str = "en") -> str:
    return TEXTS.get(lang, TEXTS["en"])["ack"]


def ack_due(told_at: Sequence[dt.datetime], counselor_wrote_at: dt.datetime | None, now: dt.datetime) -> bool:
    """One acknowledgement per quiet period: none if the counselor wrote, or the person was already
    answered by this module (`told_at`), within the last `QUIET`."""
    since = now - QUIET
    if counselor_wrote_at is not None and counselor_wrote_at > since:
        return False
    return not any(t > since for t in told_at)


def _aware(ts: dt.datetime | None) -> dt.datetime | None:
    return ts.replace(tzinfo=dt.timezone.utc) if ts is not None and ts.tzinfo is None else ts


class HoldDesk:
    """Reads a held conversation's state and words the replies (`bot.conversation` calls it)."""

    def __init__(self, db: Database, sites: Sites, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.sites = sites
        self.clock = clock

    async def state(self, sender_id: str) -> HoldState:
        now = self.clock()
        async with self.db.reader() as session:
            conv = await session.get(Conversation, sender_id)
            wrote = await session.scalar(
                select(func.max(Message.created_at)).where(
                    Message.sender_id == sender_id, Message.direction == "counselor"
                )
            )
            notified = None
            requested = _aware(conv.handoff_at) if conv is not None and conv.handoff_requested else None
            if requested is not None:
                notified = await session.scalar(
                    select(func.min(OutboxItem.sent_at)).where(
                        OutboxItem.sender_id == sender_id,
                        OutboxItem.status == "sent",
                        OutboxItem.created_at >= requested - dt.timedelta(seconds=5),
                    )
                )
            handing_back = await session.get(Handback, sender_id) is not None
        return HoldState(
            now=now,
            site=self.sites.for_site(conv.site if conv is not None else None),
            requested_at=requested,
            notified_at=_aware(notified),
            counselor_wrote_at=_aware(wrote),
            handing_back=handing_back,
        )

    async def language(self, sender_id: str, text: str, ask: HoldAsk) -> str:
        if ask.lang in LANGS:
            return ask.lang  # type: ignore[return-value]
        async with self.db.reader() as session:
            earlier = list(
                await session.scalars(
                    select(Message.text)
                    .where(Message.sender_id == sender_id, Message.direction == "in")
                    .order_by(Message.id.desc())
                    .limit(_RECENT_INBOUND)
                )
            )
        return conversation_language([text, *earlier])

    async def answer(self, sender_id: str, text: str, ask: HoldAsk) -> str:
        """The reply to a question about the wait."""
        return status_reply(ask, await self.state(sender_id), await self.language(sender_id, text, ask))

    async def contact(self, sender_id: str, text: str) -> str | None:
        """An email address typed under the hold, or the answer to the question about one: kept as the
        conversation's contact detail only with consent (`bot.notify.consent`, the same rule as the
        action server's before the hold): typed after the out-of-hours offer of this request, or
        confirmed with a yes to the question asked when it came without the offer. Returns the reply,
        or None when the message is neither (the other hold replies apply)."""
        address = consent.find_email(text)
        if address is not None and not contacts.valid_email(address):
            address = None
        async with self.db.reader() as session:
            conv = await session.get(Conversation, sender_id)
            requested = _aware(conv.handoff_at) if conv is not None and conv.handoff_requested else None
            if address is not None:
                if requested is None:  # held without an open request: no offer was made
                    offered = False
                else:
                    said = await session.scalars(
                        select(Message.text).where(
                            Message.sender_id == sender_id,
                            Message.direction == "out",
                            Message.created_at >= requested - dt.timedelta(seconds=5),
                        )
                    )
                    offered = any(consent.EMAIL_OFFER in (t or "") for t in said)
            else:
                # The question counts only if it is the last thing said to the person (not the counselor's).
                last = await session.scalar(
                    select(Message)
                    .where(Message.sender_id == sender_id, Message.direction != "in")
                    .order_by(Message.id.desc())
                    .limit(1)
                )
        if address is not None:
            if offered:
                await contacts.save_contact(self.db, sender_id, address, consent.EMAIL_OFFER)
                return consent.thanks(address)
            return consent.confirm_question(address)
        asked = consent.asked_about(last.text or "") if last is not None and last.direction == "out" else None
        if asked is None:
            return None
        if consent.is_yes(text):
            await contacts.save_contact(self.db, sender_id, asked, consent.confirm_question(asked))
            return consent.thanks(asked)
        return consent.DECLINED if consent.is_no(text) else None

    async def acknowledge(self, sender_id: str, text: str, ask: HoldAsk) -> str | None:
        """The short acknowledgement for a message kept for the counselor, or None in a quiet period."""
        now = self.clock()
        async with self.db.reader() as session:
            handing_back = await session.get(Handback, sender_id) is not None
            wrote = await session.scalar(
                select(func.max(Message.created_at)).where(
                    Message.sender_id == sender_id, Message.direction == "counselor"
                )
            )
            recent = (
                await session.execute(
                    select(Message.text, Message.created_at)
                    .where(
                        Message.sender_id == sender_id,
                        Message.direction == "out",
                        Message.created_at > now - QUIET,
                    )
                    .order_by(Message.id.desc())
                    .limit(50)
                )
            ).all()
        told = [
            t for t in (_aware(at) for text_, at in recent if is_hold_reply(text_ or "")) if t is not None
        ]
        # While the hand-back waits the counselor has finished: their last message is no answer.
        if not ack_due(told, None if handing_back else _aware(wrote), now):
            return None
        lang = await self.language(sender_id, text, ask)
        return TEXTS[lang]["handing_back"] if handing_back else acknowledgement(lang)


__all__ = [
    "QUIET",
    "TEXTS",
    "HoldDesk",
    "HoldState",
    "ack_due",
    "acknowledgement",
    "ago",
    "conversation_language",
    "is_hold_reply",
    "status_reply",
    "when",
]
