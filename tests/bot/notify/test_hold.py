"""While a counselor holds a conversation (the real gateway and SQLite; Rasa is the fake of conftest, which
must not be asked): questions about the wait get the truth from the hold, the notices and the site's office
hours, in the person's language; everything else is kept for the counselor with one acknowledgement per
quiet period; nothing internal reaches the person. Wording at fixed instants is in `test_hold_texts.py`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import store
from bot.conversation import CONVERSATION_KEY
from bot.counselor import gateway as dashboard
from bot.db import utcnow
from bot.delivery import deliver_counselor_message
from bot.hold import QUIET, TEXTS
from bot.keys import DB_KEY
from bot.notify.hours import DAY_NAMES
from tests.bot.notify.conftest import Mailbox, Receiver, stack_settings, start_stack, wait_for

COUNSELOR = "sam.private@college.example"  # never shown to the person
NY = ZoneInfo("America/New_York")


def closed_day() -> int:
    """A weekday three days from today in New York: the only opening of `closed.example`."""
    return (dt.datetime.now(NY).weekday() + 3) % 7


@pytest.fixture
def hold_sites(tmp_path: Path, receiver: Receiver) -> Path:
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[closed_day()]
    path = tmp_path / "hold_sites.yml"
    path.write_text(
        f"""
sites:
  open.example:
    name: Always-open careers desk
    timezone: Europe/Lisbon
    hours: {{mon-sun: "00:00-24:00"}}
    reply_within: two working hours
    webhook: {receiver.url}/open
  closed.example:
    name: Riverside College careers
    timezone: America/New_York
    hours: {{{day}: "09:00-17:00"}}
    email: [careers@college.example]
  plain.example:
    name: A site with no hours and no destination
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
async def gw(aiohttp_client: Any, gateway_settings: Any, hold_sites: Path, mailbox: Mailbox) -> Any:
    return await start_stack(aiohttp_client, stack_settings(gateway_settings, hold_sites, mailbox))


async def say(client: Any, sender: str, text: str, site: str) -> list[str]:
    resp = await client.post("/api/v1/messages", json={"sender_id": sender, "text": text, "site": site})
    assert resp.status == 200, await resp.text()
    return [m["text"] for m in (await resp.json())["messages"]]


async def on_hold(client: Any, sender: str, site: str, *, ask_first: bool = True) -> None:
    """The person asks for a human (unless not), then a counselor holds the conversation."""
    await say(client, sender, "I want a human" if ask_first else "hi", site)
    await dashboard.set_hold(client.server.app, sender, COUNSELOR)


def clean(text: str) -> None:
    """Nothing internal: no counselor address, no ids, no setting names."""
    for leak in (
        COUNSELOR,
        "@",
        "api:",
        "held_by",
        "handoff",
        "SITES_CONFIG",
        "open.example",
        "closed.example",
    ):
        assert leak not in text, (leak, text)


async def test_how_long_during_office_hours(gw, fake_rasa, receiver):
    await on_hold(gw, "api:ana", "open.example")
    await wait_for(lambda: len(receiver.calls) == 1)  # the counselors were notified
    asked = len(fake_rasa.calls)

    (reply,) = await say(gw, "api:ana", "how long until someone answers?", "open.example")

    assert reply == (
        "A counselor has taken over this conversation and hasn't written yet. You asked for a counselor just "
        "now, and the counselors were notified straight away. Counselors are working now and aim to reply "
        "within two working hours. They will answer you here; I can't tell exactly when."
    )
    assert len(fake_rasa.calls) == asked and fake_rasa.parsed == []  # Rasa was not asked, not even to parse
    clean(reply)


async def test_are_you_still_there_after_the_counselor_wrote(gw):
    app = gw.server.app
    await on_hold(gw, "api:ben", "open.example")
    await deliver_counselor_message(app, "api:ben", "Hi, I'm Sam. Give me a minute.", COUNSELOR)

    for text in ("are you still there?", "hello?", "??"):
        (reply,) = await say(gw, "api:ben", text, "open.example")
        assert reply.startswith(
            "Yes, I'm here. A counselor has taken over this conversation and last wrote just now. Your "
            "messages are kept for them, and they will answer you here."
        ), (text, reply)
        clean(reply)


async def test_outside_office_hours_the_next_opening(gw, mailbox):
    await on_hold(gw, "api:cid", "closed.example")
    await wait_for(lambda: len(mailbox.messages) == 1)

    (reply,) = await say(gw, "api:cid", "when will the counselor get back to me?", "closed.example")

    day = DAY_NAMES[closed_day()]
    assert (
        f"Counselors are away right now; the next opening is {day} at 09:00 (America/New York time)." in reply
    )
    assert reply.startswith("A counselor has taken over this conversation")
    clean(reply)


async def test_asking_for_a_person_again(gw, fake_rasa):
    await on_hold(gw, "api:dee", "closed.example")

    (reply,) = await say(gw, "api:dee", "can I talk to a human?", "closed.example")

    assert reply.startswith("You're already with a counselor. A counselor has taken over this conversation")
    assert sum(1 for c in fake_rasa.calls if "human" in c["message"]) == 1  # no second request to Rasa


async def test_a_site_without_hours_promises_nothing_about_timing(gw):
    await on_hold(gw, "api:eli", "plain.example")

    (reply,) = await say(gw, "api:eli", "how long?", "plain.example")

    assert "Counselors are" not in reply and "opening" not in reply
    assert reply.endswith("They will answer you here; I can't tell exactly when.")
    assert "notified" not in reply  # nothing was sent anywhere for this site


async def test_other_messages_are_kept_with_one_acknowledgement_per_quiet_period(gw, fake_rasa):
    app = gw.server.app
    desk = app[CONVERSATION_KEY].hold
    await on_hold(gw, "api:fay", "open.example")
    asked = len(fake_rasa.calls)

    first = await say(gw, "api:fay", "I also wanted to ask about nursing programs", "open.example")
    second = await say(gw, "api:fay", "I work nights, so evenings are hard", "open.example")
    third = await say(gw, "api:fay", "and my budget is about $2,000", "open.example")
    desk.clock = lambda: utcnow() + QUIET + dt.timedelta(minutes=1)  # half an hour of silence later
    later = await say(gw, "api:fay", "one more thing: I live in Ohio", "open.example")

    assert first == [TEXTS["en"]["ack"]] and second == [] and third == []
    assert later == [TEXTS["en"]["ack"]]
    assert len(fake_rasa.calls) == asked and fake_rasa.parsed == [  # only the deletion check read them
        "I also wanted to ask about nursing programs",
        "I work nights, so evenings are hard",
        "and my budget is about $2,000",
        "one more thing: I live in Ohio",
    ]
    history = [(h.from_, h.text) for h in await store.get_history(app[DB_KEY], "api:fay")]
    for text in ("I work nights, so evenings are hard", "and my budget is about $2,000"):
        assert ("user", text) in history  # kept for the counselor


async def test_no_acknowledgement_while_the_counselor_is_talking(gw):
    app = gw.server.app
    await on_hold(gw, "api:gus", "open.example")
    await deliver_counselor_message(app, "api:gus", "Hi, I'm Sam. What are you hoping to do?", COUNSELOR)

    assert await say(gw, "api:gus", "I'd like to move into nursing", "open.example") == []
    app[CONVERSATION_KEY].hold.clock = lambda: utcnow() + QUIET + dt.timedelta(minutes=1)
    assert await say(gw, "api:gus", "hello, one more question", "open.example") == [TEXTS["en"]["ack"]]


async def test_a_status_answer_counts_as_the_acknowledgement(gw):
    await on_hold(gw, "api:hal", "open.example")

    await say(gw, "api:hal", "how long will this take?", "open.example")

    assert await say(gw, "api:hal", "ok, I'll wait. My question is about loans", "open.example") == []


async def test_spanish_and_portuguese_speakers_are_answered_in_their_language(gw):
    day = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")[closed_day()]
    await on_hold(gw, "api:ines", "closed.example", ask_first=False)
    await say(gw, "api:ines", "hola", "closed.example")  # (held since the start: nothing went to Rasa)

    (wait,) = await say(gw, "api:ines", "¿cuánto falta?", "closed.example")
    (there,) = await say(gw, "api:ines", "??", "closed.example")  # no words: the conversation's language
    ack = await say(gw, "api:ines", "quiero estudiar enfermería, pero trabajo de noche", "closed.example")

    assert wait.startswith("Una persona del equipo de orientación se ha hecho cargo de esta conversación")
    assert f"vuelve el {day} a las 09:00 (hora de America/New York)" in wait
    assert there.startswith("Sí, aquí estoy.")
    assert ack == []  # already answered in this quiet period

    await on_hold(gw, "api:joao", "open.example", ask_first=False)
    (pt,) = await say(gw, "api:joao", "tem alguém aí?", "open.example")
    assert pt.startswith("Sim, estou aqui. Uma pessoa da equipe de orientação assumiu esta conversa")
    assert "A equipe está trabalhando agora." in pt


async def test_a_deletion_request_is_still_left_to_the_counselor(gw):
    from bot.conversation import FORGET_BY_COUNSELOR

    await on_hold(gw, "api:kit", "open.example")
    assert await say(gw, "api:kit", "please delete my data", "open.example") == [FORGET_BY_COUNSELOR]
    assert await store.get_flags(gw.server.app[DB_KEY], "api:kit") is not None
