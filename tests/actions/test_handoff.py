"""What the person is told on hand-off and while they wait, at fixed clocks inside and outside a
site's office hours (America/New_York, Monday–Friday 09:00–17:00); what they are told about the notice
follows the gateway's word on it (metadata `handoff_notice`); an email address is kept only with consent."""

from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff
from actions.handoff import EMAIL_OFFER, ActionRequestHuman, answer_on_hold, on_hold_reply
from bot.hold_questions import classify
from bot.notify import consent
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


def tracker(
    site: str | None = "college.example", text: str = "", held: bool = False, events=None, notice=None
):
    t = make_tracker({"handoff_requested": held}, intent="request_human", text=text, events=events or [])
    if site:
        t.latest_message["metadata"] = {"channel": "web", "site": site}
        if notice:
            t.latest_message["metadata"]["handoff_notice"] = notice
    return t


def asked_at(moment: dt.datetime, *extra: dict) -> list[dict]:
    return [
        {"event": "user", "text": "talk to a human", "metadata": {"site": "college.example"}},
        {"event": "slot", "name": "handoff_requested", "value": True, "timestamp": moment.timestamp()},
        *extra,
    ]


async def test_during_office_hours_the_person_hears_who_is_being_told_and_when_to_expect_a_reply(
    dispatcher, domain
):
    at(TUESDAY_10AM_NY)
    events = await ActionRequestHuman().run(dispatcher, tracker(), domain)

    text = texts(dispatcher)[0]
    # The gateway queues the notice after this reply: it is under way, not yet done.
    assert "I'm letting the counselors know now" in text
    assert "notified" not in text
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
    assert "I'm leaving them a notice now" in text and "notified" not in text


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
    assert "I'm letting the counselors know now" in text and "notified" not in text
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


async def test_an_email_without_the_offer_is_asked_about_not_captured():
    at(TUESDAY_10AM_NY)
    t = tracker(text="my email is jane.doe@example.org", held=True, events=asked_at(TUESDAY_10AM_NY))
    dispatcher = CollectingDispatcher()

    assert answer_on_hold(dispatcher, t) is True

    assert texts(dispatcher) == [consent.confirm_question("jane.doe@example.org")]
    assert not any(m.get("custom") for m in dispatcher.messages)  # nothing kept yet


def _after_question(text: str):
    question = consent.confirm_question("jane.doe@example.org")
    events = asked_at(TUESDAY_10AM_NY, {"event": "bot", "text": question}, {"event": "user", "text": text})
    return tracker(text=text, held=True, events=events), question


@pytest.mark.parametrize("text", ["yes", "Yes please", "sure", "ok, thanks", "yes, that's fine"])
async def test_a_yes_to_the_question_keeps_the_address_with_the_question_as_consent(text):
    at(TUESDAY_10AM_NY)
    t, question = _after_question(text)
    dispatcher = CollectingDispatcher()

    assert answer_on_hold(dispatcher, t) is True

    assert texts(dispatcher) == [consent.thanks("jane.doe@example.org")]
    assert dispatcher.messages[1]["custom"] == {
        "event": "contact_email",
        "email": "jane.doe@example.org",
        "consent": question,
    }


@pytest.mark.parametrize("text", ["no", "no thanks", "nope, just here"])
async def test_a_no_to_the_question_keeps_nothing(text):
    at(TUESDAY_10AM_NY)
    t, _ = _after_question(text)
    dispatcher = CollectingDispatcher()

    assert answer_on_hold(dispatcher, t) is True

    assert texts(dispatcher) == [consent.DECLINED]
    assert not any(m.get("custom") for m in dispatcher.messages)


async def test_anything_else_after_the_question_is_left_to_pivot():
    at(TUESDAY_10AM_NY)
    t, _ = _after_question("what does a data analyst earn?")

    assert on_hold_reply(t) is None


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
    dispatcher = CollectingDispatcher()

    assert answer_on_hold(dispatcher, tracker(text="me@example.org", held=True, events=events)) is True
    assert texts(dispatcher) == [consent.confirm_question("me@example.org")]  # asked, not kept
    assert not any(m.get("custom") for m in dispatcher.messages)


@pytest.mark.parametrize(
    ("notice", "said", "not_said"),
    [
        ("sent", "The counselors were notified.", "trying"),
        ("trying", "I'm still trying to reach the counselors", "were notified"),
        ("failed", "I couldn't get a notice to the counselors, but your request is on their list", "were "),
        ("none", "It is on the counselors' list.", "notified"),
        (None, "Counselors are working now", "notified"),  # the gateway did not say: nothing claimed
    ],
)
async def test_how_long_says_what_the_gateway_knows_about_the_notice(notice, said, not_said):
    at(TUESDAY_10AM_NY)
    t = tracker(text="how long?", held=True, events=asked_at(TUESDAY_10AM_NY), notice=notice)

    reply = on_hold_reply(t)

    assert reply is not None and said in reply and not_said not in reply, reply


async def test_a_site_without_hours_claims_a_notice_only_when_it_arrived():
    at(TUESDAY_10AM_NY)
    sent = on_hold_reply(tracker("nohours.example", "any news?", True, asked_at(TUESDAY_10AM_NY), "sent"))
    failed = on_hold_reply(tracker("nohours.example", "any news?", True, asked_at(TUESDAY_10AM_NY), "failed"))

    assert sent is not None and "The counselors were notified." in sent
    assert failed is not None and "were notified" not in failed and "couldn't get a notice" in failed


async def test_a_repeated_request_is_not_a_new_notice_and_says_how_long_it_has_been(dispatcher, domain):
    at(TUESDAY_10AM_NY)
    t = tracker(held=True, events=asked_at(TUESDAY_10AM_NY - dt.timedelta(minutes=5)))

    await ActionRequestHuman().run(dispatcher, t, domain)

    assert "already on the list" in texts(dispatcher)[0]
    assert "5 minutes ago" in texts(dispatcher)[0]
    assert dispatcher.messages[1]["custom"] == {"event": "handoff_requested", "new": False}


WAIT_TEXTS = [
    "how long until someone answers?",
    "how long?",
    "??",
    "r u there",
    "how long is the queue",
    "any update?",
    "are you still there?",
    "when will someone reply",
]
MOVE_TEXTS = [
    "how long until I can work as an LPN?",
    "how long until I get certified",
    "how soon can I become a nurse?",
    "how long does the CompTIA A+ take?",
]


@pytest.mark.parametrize("text", WAIT_TEXTS)
def test_questions_about_the_wait_are_recognised(text):
    assert handoff.is_about_waiting(text)


@pytest.mark.parametrize("text", MOVE_TEXTS)
def test_questions_about_the_move_are_not_taken_for_the_wait(text):
    # while a hand-off request is open these still get Pivot's answer, not the queue status
    assert not handoff.is_about_waiting(text)


def test_the_action_server_and_the_gateway_read_the_wait_alike():
    """One classifier (`bot.hold_questions.classify`) on both sides of the hold: every English phrasing
    of the gateway's tests, and this file's, is read alike here (Spanish and Portuguese go on to Pivot's
    answer in their language before a counselor holds the conversation)."""
    from tests.bot import test_hold_questions as gateway_cases

    about_wait = gateway_cases.WAIT_PHRASES + gateway_cases.PRESENCE_PHRASES + gateway_cases.HUMAN_PHRASES
    checked = 0
    for text in about_wait + gateway_cases.OTHER_PHRASES + WAIT_TEXTS + MOVE_TEXTS:
        ask = classify(text)
        if ask.lang not in (None, "en"):
            continue
        checked += 1
        assert handoff.is_about_waiting(text) == ask.about_waiting, text
        assert ask.about_waiting == (text in about_wait or text in WAIT_TEXTS), text
    assert checked > 150
