"""What a held conversation is told, at fixed instants inside and outside a site's office hours (pure
functions of `bot.hold`; the gateway path is `test_hold.py`)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.hold import QUIET, HoldState, ack_due, ago, conversation_language, is_hold_reply, status_reply, when
from bot.hold_questions import HUMAN, PRESENCE, WAIT, HoldAsk
from bot.notify.sites import parse_sites

NY = ZoneInfo("America/New_York")
SITE = parse_sites(
    {
        "sites": {
            "college.example": {
                "name": "Riverside College careers",
                "timezone": "America/New_York",
                "hours": {"mon-fri": "09:00-17:00"},
                "reply_within": "two working hours",
                "email": ["careers@college.example"],
            }
        }
    }
).for_site("college.example")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """December 2026 in New York (the 1st is a Tuesday), as UTC."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=NY).astimezone(dt.timezone.utc)


def state(now: dt.datetime, **kw: object) -> HoldState:
    return HoldState(now=now, site=SITE, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(1, 10), "Counselors are working now and aim to reply within two working hours."),
        (at(1, 16, 59), "Counselors are working now and aim to reply within two working hours."),
        (
            at(1, 17),
            "Counselors are away right now; the next opening is tomorrow at 09:00 (America/New York time).",
        ),
        (
            at(4, 18),
            "Counselors are away right now; the next opening is Monday at 09:00 (America/New York time).",
        ),
        (
            at(5, 10),
            "Counselors are away right now; the next opening is Monday at 09:00 (America/New York time).",
        ),
        (
            at(6, 20),
            "Counselors are away right now; the next opening is tomorrow at 09:00 (America/New York time).",
        ),
        (
            at(7, 7),
            "Counselors are away right now; the next opening is today at 09:00 (America/New York time).",
        ),
    ],
)
def test_the_hours_line_at_fixed_instants(now: dt.datetime, expected: str) -> None:
    reply = status_reply(HoldAsk(WAIT, "en"), state(now))
    assert expected in reply


def test_the_whole_wait_answer_says_what_is_known() -> None:
    now = at(5, 10)  # Saturday
    requested = now - dt.timedelta(hours=20)
    reply = status_reply(
        HoldAsk(WAIT, "en"),
        state(
            now,
            requested_at=requested,
            notified_at=requested + dt.timedelta(seconds=2),
            counselor_wrote_at=now - dt.timedelta(hours=18),
        ),
    )
    assert reply == (
        "A counselor has taken over this conversation and last wrote about 18 hours ago. You asked for a "
        "counselor about 20 hours ago, and the counselors were notified straight away. Counselors are away "
        "right now; the next opening is Monday at 09:00 (America/New York time). They will answer you here; "
        "I can't tell exactly when."
    )


def test_a_late_notice_is_said_as_late() -> None:
    now = at(1, 12)
    reply = status_reply(
        HoldAsk(WAIT, "en"),
        state(now, requested_at=now - dt.timedelta(minutes=40), notified_at=now - dt.timedelta(minutes=25)),
    )
    assert (
        "You asked for a counselor 40 minutes ago, and the counselors were notified 25 minutes ago." in reply
    )


def test_no_notice_sent_means_no_claim_of_one() -> None:
    now = at(1, 12)
    reply = status_reply(HoldAsk(WAIT, "en"), state(now, requested_at=now - dt.timedelta(minutes=3)))
    assert "You asked for a counselor 3 minutes ago." in reply and "notified" not in reply


def test_presence_and_human_leads() -> None:
    now = at(1, 12)
    assert status_reply(HoldAsk(PRESENCE), state(now)).startswith(
        "Yes, I'm here. A counselor has taken over this conversation and hasn't written yet."
    )
    assert status_reply(HoldAsk(HUMAN, "en"), state(now)).startswith("You're already with a counselor.")


def test_while_the_hand_back_waits_the_person_hears_the_counselor_is_done() -> None:
    now = at(1, 12)
    reply = status_reply(HoldAsk(WAIT, "en"), state(now, handing_back=True))
    assert reply.startswith("The counselor has finished here; Pivot will be back with you shortly")
    assert status_reply(HoldAsk(PRESENCE), state(now, handing_back=True)).startswith(
        "Yes, I'm here. The counselor"
    )


@pytest.mark.parametrize(
    ("lang", "now", "expected"),
    [
        (
            "es",
            at(5, 10),
            "El equipo no está disponible ahora; vuelve el lunes a las 09:00 (hora de America/New York).",
        ),
        ("es", at(1, 17), "vuelve mañana a las 09:00"),
        ("es", at(1, 10), "El equipo está trabajando ahora."),
        (
            "pt",
            at(5, 10),
            "A equipe não está disponível agora; volta na segunda-feira às 09:00 "
            "(horário de America/New York).",
        ),
        ("pt", at(7, 7), "volta hoje às 09:00"),
        ("pt", at(1, 10), "A equipe está trabalhando agora."),
    ],
)
def test_spanish_and_portuguese(lang: str, now: dt.datetime, expected: str) -> None:
    reply = status_reply(HoldAsk(WAIT, lang), state(now, requested_at=now - dt.timedelta(minutes=5)), lang)
    assert expected in reply
    assert "two working hours" not in reply  # the site's English promise is not mixed in
    assert "minutos" in reply


def test_ago_and_when() -> None:
    now = at(1, 12)
    assert [ago(now - dt.timedelta(minutes=m), now) for m in (0, 1, 45, 150, 60 * 50)] == [
        "just now",
        "1 minute ago",
        "45 minutes ago",
        "about 2 hours ago",
        "2 days ago",
    ]
    assert ago(now - dt.timedelta(minutes=5), now, "es") == "hace 5 minutos"
    assert ago(now - dt.timedelta(minutes=5), now, "pt") == "há 5 minutos"
    opening = dt.datetime(2026, 12, 7, 9, 0, tzinfo=NY)
    assert when(opening, at(5, 10)) == "Monday at 09:00"
    assert when(opening, at(5, 10), "es") == "el lunes a las 09:00"


def test_one_acknowledgement_per_quiet_period() -> None:
    now = at(1, 12)
    assert ack_due([], None, now)
    assert not ack_due([now - dt.timedelta(minutes=5)], None, now)
    assert ack_due([now - QUIET - dt.timedelta(seconds=1)], None, now)
    assert not ack_due([], now - dt.timedelta(minutes=10), now)  # the counselor is talking
    assert ack_due([], now - QUIET - dt.timedelta(minutes=1), now)


def test_the_replies_are_recognised_in_the_record() -> None:
    now = at(1, 12)
    for lang in ("en", "es", "pt"):
        for kind in (WAIT, PRESENCE, HUMAN):
            assert is_hold_reply(status_reply(HoldAsk(kind, lang), state(now), lang))
    assert not is_hold_reply("Hi! I'm Pivot. Where do you work now?")


def test_the_conversation_language() -> None:
    assert conversation_language(["??", "¿cuánto falta?", "hi"]) == "es"
    assert conversation_language(["ok", "obrigado, quero mudar de área"]) == "pt"
    assert conversation_language(["I'd like to move into nursing, I work nights", "hola"]) == "en"
    assert conversation_language(["Je voudrais changer de carrière, je suis comptable"]) == "en"  # no texts
    assert conversation_language([]) == "en"
