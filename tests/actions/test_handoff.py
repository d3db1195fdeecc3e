"""What the person is told on hand-off and while they wait, at fixed clocks inside and outside a
site's office hours (America/New_York, Monday–Friday 09:00–17:00)."""

from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff
from actions.handoff import EMAIL_OFFER, ActionRequestHuman, answer_on_hold, on_hold_reply
from bot.notify.sites import parse_sites
from tests.actions.helpers import make_tracker, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")

UTC = dt.timezone.utc
TUESDAY_10AM_NY = dt.datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # EST = UTC-5
FRIDAY_6_30PM_NY = dt.datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
TUESDAY_5_30PM_NY = dt.datetime(2026, 12, 1, 22, 30, tzinfo=UTC)
SITES = parse_sites(
    {
        "sites": {
            "college.example": {
                "name": "Riverside College careers",
                "timezone": "America/New_York",
                "hours": {"mon-fri": "09:00-17:00"},
                "reply_within": "two working hours",
                "email": ["careers@college.example"],
                "webhook": "https://hooks.slack.com/services/T0/B0/x",
            },
            "quiet.example": {"timezone": "America/New_York", "hours": {"mon-fri": "09:00-17:00"}},
            "nohours.example": {"email": "help@nohours.example"},
        }
    }
)


@pytest.fixture(autouse=True)
def sites():
    handoff.set_sites(SITES)
    yield
    handoff.set_sites(None)
    handoff.set_clock(None)


def at(moment: dt.datetime) -> None:
    handoff.set_clock(lambda: moment)


def tracker(site: str | None = "college.example", text: str = "", held: bool = False, events=None):
    t = make_tracker({"handoff_requested": held}, intent="request_human", text=text, events=events or [])
    if site:
        t.latest_message["metadata"] = {"channel": "web", "site": site}
    return t


def asked_at(moment: dt.datetime, *extra: dict) -> list[dict]:
    return [
        {"event": "user", "text": "talk to a human", "metadata": {"site": "college.example"}},
        {"event": "slot", "name": "handoff_requested", "value": True, "timestamp": moment.timestamp()},
        *extra,
    ]


async def test_during_office_hours_the_person_hears_who_was_notified_and_when_to_expect_a_reply(
    dispatcher, domain
):
    at(TUESDAY_10AM_NY)
    events = await ActionRequestHuman().run(dispatcher, tracker(), domain)

    text = texts(dispatcher)[0]
    assert "a counselor has been notified" in text
    assert "expect a reply within two working hours" in text
    assert EMAIL_OFFER not in text
    assert dispatcher.messages[1]["custom"] == {"event": "handoff_requested", "new": True}
    assert events[0]["name"] == "handoff_requested" and events[0]["value"] is True


async def test_outside_office_hours_the_next_opening_and_the_email_choice(dispatcher, domain):
    at(FRIDAY_6_30PM_NY)
    await ActionRequestHuman().run(dispatcher, tracker(), domain)

    text = texts(dispatcher)[0]
    assert (
        "Counselors are away right now; the next opening is Monday at 09:00 (America/New York time)" in text
    )
    assert EMAIL_OFFER in text
    assert "expect a reply within" not in text


async def test_just_after_closing_the_next_opening_is_tomorrow(dispatcher, domain):
    at(TUESDAY_5_30PM_NY)
    await ActionRequestHuman().run(dispatcher, tracker(), domain)

    assert "the next opening is tomorrow at 09:00" in texts(dispatcher)[0]


async def test_a_site_without_a_destination_is_not_told_anyone_was_notified(dispatcher, domain):
    at(TUESDAY_10AM_NY)
    await ActionRequestHuman().run(dispatcher, tracker("quiet.example"), domain)

    text = texts(dispatcher)[0]
    assert "notified" not in text
    assert "counselors' list" in text and "can't tell when" in text


async def test_a_site_without_hours_promises_no_time(dispatcher, domain):
    at(TUESDAY_10AM_NY)
    await ActionRequestHuman().run(dispatcher, tracker("nohours.example"), domain)

    text = texts(dispatcher)[0]
    assert "a counselor has been notified" in text
    assert "within" not in text and "opening" not in text


async def test_how_long_during_hours_says_when_they_asked_and_what_to_expect():
    at(TUESDAY_10AM_NY)
    t = tracker(
        text="how long until someone answers?",
        held=True,
        events=asked_at(TUESDAY_10AM_NY - dt.timedelta(minutes=20)),
    )

    reply = on_hold_reply(t)

    assert reply is not None
    assert "You asked for a counselor 20 minutes ago" in reply
    assert "aim to reply within two working hours" in reply


async def test_how_long_outside_hours_gives_the_next_opening():
    at(FRIDAY_6_30PM_NY)
    t = tracker(text="How much longer?", held=True, events=asked_at(FRIDAY_6_30PM_NY - dt.timedelta(hours=3)))

    reply = on_hold_reply(t)

    assert reply is not None
    assert "away right now" in reply and "The next opening is Monday at 09:00" in reply
    assert "about 3 hours ago" in reply


@pytest.mark.parametrize("text", ["are you still there?", "hello??", "is anyone there", "any news?"])
async def test_availability_questions_are_answered_truthfully(text):
    at(TUESDAY_10AM_NY)
    reply = on_hold_reply(tracker(text=text, held=True, events=asked_at(TUESDAY_10AM_NY)))

    assert reply is not None and reply.startswith("I'm still here, and your request for a counselor is open.")


async def test_topic_questions_and_released_conversations_are_left_to_the_bot():
    at(TUESDAY_10AM_NY)
    topic = tracker(text="How long does the Google Data Analytics certificate take?", held=True)
    released = tracker(text="how long until someone answers?", held=False)

    assert on_hold_reply(topic) is None
    assert on_hold_reply(released) is None


async def test_an_email_after_the_offer_is_captured_with_consent_for_the_gateway():
    at(FRIDAY_6_30PM_NY)
    offer = {"event": "bot", "text": "Counselors are away right now. " + EMAIL_OFFER}
    t = tracker(
        text="yes please, my email is jane.doe@example.org.",
        held=True,
        events=asked_at(FRIDAY_6_30PM_NY, offer),
    )
    dispatcher = CollectingDispatcher()

    assert answer_on_hold(dispatcher, t) is True

    assert "jane.doe@example.org" in texts(dispatcher)[0]
    assert dispatcher.messages[1]["custom"] == {
        "event": "contact_email",
        "email": "jane.doe@example.org",
        "consent": EMAIL_OFFER,
    }


async def test_an_email_without_the_offer_is_not_captured():
    at(TUESDAY_10AM_NY)
    t = tracker(text="my email is jane.doe@example.org", held=True, events=asked_at(TUESDAY_10AM_NY))
    dispatcher = CollectingDispatcher()

    assert answer_on_hold(dispatcher, t) is False
    assert dispatcher.messages == []


async def test_an_offer_from_before_a_release_does_not_count():
    at(FRIDAY_6_30PM_NY)
    events = asked_at(
        FRIDAY_6_30PM_NY,
        {"event": "bot", "text": EMAIL_OFFER},
        {"event": "slot", "name": "handoff_requested", "value": False},
        {
            "event": "slot",
            "name": "handoff_requested",
            "value": True,
            "timestamp": FRIDAY_6_30PM_NY.timestamp(),
        },
    )
    assert on_hold_reply(tracker(text="me@example.org", held=True, events=events)) is None


async def test_a_repeated_request_is_not_a_new_notice_and_says_how_long_it_has_been(dispatcher, domain):
    at(TUESDAY_10AM_NY)
    t = tracker(held=True, events=asked_at(TUESDAY_10AM_NY - dt.timedelta(minutes=5)))

    await ActionRequestHuman().run(dispatcher, t, domain)

    assert "already on the list" in texts(dispatcher)[0]
    assert "5 minutes ago" in texts(dispatcher)[0]
    assert dispatcher.messages[1]["custom"] == {"event": "handoff_requested", "new": False}


@pytest.mark.parametrize(
    "text",
    ["how long until someone answers?", "how long?", "??", "r u there", "how long is the queue", "any update?",
     "are you still there?", "when will someone reply"],
)
def test_questions_about_the_wait_are_recognised(text):
    assert handoff.is_about_waiting(text)


@pytest.mark.parametrize(
    "text",
    ["how long until I can work as an LPN?", "how long until I get certified", "how soon can I become a nurse?",
     "how long does the CompTIA A+ take?"],
)
def test_questions_about_the_move_are_not_taken_for_the_wait(text):
    # while a hand-off request is open these still get Pivot's answer, not the queue status
    assert not handoff.is_about_waiting(text)
