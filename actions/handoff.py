"""Hand-off to a human counselor: what the person is told, and what the bot says while they wait.

The gateway notifies the counselors of the person's site (Contract 3: `{"event": "handoff_requested"}`,
see `bot/notify/`); this module keeps the person's side honest. Everything it promises comes from the
site's entry in `SITES_CONFIG` (the same file the gateway reads, `bot.notify.sites`) and from what the
gateway says about the notice (message metadata `handoff_notice`, Contract 3):
- a site with a notice destination and office hours: during hours "I'm letting the counselors know
  now ... expect a reply within <reply_within>" (the notice leaves after this reply, so it is never said
  as done); outside hours the next opening, and the choice to leave an email address for the reply;
- a site without a destination: the request is only on the counselors' list, and nothing is said
  about timing;
- later, "how long?" says "the counselors were notified" only when the gateway says a notice arrived,
  "still trying" while it retries, and that it could not when it gave up.
An email address is kept (`{"event": "contact_email"}`) only with consent (`bot.notify.consent`): typed
after the offer, or confirmed with a yes to Pivot's question about an address typed without it.
While `handoff_requested` is set (until the counselor releases the conversation, when the gateway
resets the slot), `on_hold_reply` answers "how long?" and "are you still there?" truthfully; once a
counselor holds the conversation the gateway answers instead (`bot.hold`), with the same classifier.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.hold_questions import classify
from bot.notify import consent
from bot.notify.hours import when_phrase
from bot.notify.sites import SiteConfig, Sites, load_sites

SITES_ENV = "SITES_CONFIG"
# What a person agrees to when they leave an address: one text for the action server and the gateway.
EMAIL_OFFER = consent.EMAIL_OFFER
NOTICE_KEY = "handoff_notice"  # message metadata from the gateway (Contract 3): the request's notice state
NOTICE_STATES = ("sent", "trying", "failed", "none")

_sites: Sites | None = None
_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)  # noqa: E731


def get_sites() -> Sites:
    """The sites file named by `SITES_CONFIG`, read once (empty when unset)."""
    global _sites
    if _sites is None:
        _sites = load_sites(os.environ.get(SITES_ENV, "").strip() or None)
    return _sites


def set_sites(sites: Sites | None) -> None:
    """Replace the cached sites (tests), or clear the cache with `None`."""
    global _sites
    _sites = sites


def set_clock(clock: Callable[[], dt.datetime] | None) -> None:
    """Fix "now" (tests); `None` restores the real clock."""
    global _clock
    _clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))


def site_of(tracker: Tracker) -> str | None:
    """The `site` the gateway put in the message metadata (Contract 3), newest first."""
    candidates: list[Any] = [(tracker.latest_message or {}).get("metadata")]
    candidates += [e.get("metadata") for e in reversed(tracker.events or []) if e.get("event") == "user"]
    candidates.append(tracker.get_slot("session_started_metadata"))
    for meta in candidates:
        if isinstance(meta, dict) and isinstance(meta.get("site"), str) and meta["site"].strip():
            return meta["site"].strip()
    return None


def _zone_label(site: SiteConfig) -> str:
    assert site.hours is not None
    return site.hours.timezone.replace("_", " ")


def request_text(site: SiteConfig | None, now: dt.datetime) -> str:
    """What the person is told when they first ask for a human.

    The gateway queues the notice only after this reply (`bot.notify`), so it is said as under way
    ("I'm letting the counselors know now"), never as done; "how long?" later says whether it arrived."""
    if site is None or not site.has_destination:
        return (
            "Okay, I've added this conversation to the counselors' list. A counselor will read what we "
            "talked about and reply right here, so you won't need to repeat yourself. I can't tell when "
            "that will be; you can keep chatting with me meanwhile."
        )
    first = (
        "Okay, I'm letting the counselors know now. They'll read our conversation so far and reply right here"
    )
    if site.hours is None:
        return f"{first}, so you won't need to repeat yourself. You can keep chatting with me meanwhile."
    if site.hours.is_open(now):
        within = f" — expect a reply within {site.reply_within}" if site.reply_within else ""
        return f"{first}{within}. You can keep chatting with me meanwhile."
    opening = site.hours.next_opening(now)
    when = f"is {when_phrase(opening, now)} ({_zone_label(site)} time)" if opening else "is not scheduled yet"
    return (
        f"Counselors are away right now; the next opening {when}. I'm leaving them a notice now, and a "
        f"counselor will reply right here when they're back. {EMAIL_OFFER}"
    )


def _handoff_at(tracker: Tracker) -> dt.datetime | None:
    """When the open request was made: the last `handoff_requested` slot set to true."""
    for e in reversed(tracker.events or []):
        if e.get("event") == "slot" and e.get("name") == "handoff_requested":
            if e.get("value") and e.get("timestamp"):
                return dt.datetime.fromtimestamp(float(e["timestamp"]), dt.timezone.utc)
            return None
    return None


def _bot_texts_of_this_request(tracker: Tracker) -> list[str]:
    """What the bot said since the open request was made (newest first); an earlier request's words
    (before a release reset the slot) do not count."""
    out: list[str] = []
    for e in reversed(tracker.events or []):
        if e.get("event") == "slot" and e.get("name") == "handoff_requested" and not e.get("value"):
            break  # released since: an old offer or question does not count
        if e.get("event") == "bot" and e.get("text"):  # not the payload-only events (`json_message`)
            out.append(e["text"])
    return out


def _offered_email(tracker: Tracker) -> bool:
    """Whether this hand-off's reply offered the email option (consent needs the offer first)."""
    return any(EMAIL_OFFER in t for t in _bot_texts_of_this_request(tracker))


def _asked_to_confirm(tracker: Tracker) -> str | None:
    """The address Pivot's last message asked the person to confirm (`consent.confirm_question`)."""
    said = _bot_texts_of_this_request(tracker)
    return consent.asked_about(said[0]) if said else None


def notice_state(tracker: Tracker) -> str | None:
    """Whether the counselors got this request's notice, as the gateway knows it (metadata `handoff_notice`:
    sent / trying / failed / none), or None when the gateway did not say."""
    meta = (tracker.latest_message or {}).get("metadata")
    if not isinstance(meta, dict) or NOTICE_KEY not in meta:
        # Rasa keeps a message's metadata on its `user` event: this turn's is the newest one.
        last_user = next((e for e in reversed(tracker.events or []) if e.get("event") == "user"), None)
        meta = (last_user or {}).get("metadata")
    state = meta.get(NOTICE_KEY) if isinstance(meta, dict) else None
    return state if state in NOTICE_STATES else None


def _ago(then: dt.datetime, now: dt.datetime) -> str:
    minutes = max(int((now - then).total_seconds() // 60), 0)
    if minutes < 1:
        return "just now"
    if minutes < 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = round(minutes / 60)
    return f"about {hours} hours ago" if hours < 48 else f"{round(hours / 24)} days ago"


STILL_HERE = "I'm still here, and your request for a counselor is open."
APPEARS_HERE = "Their reply will appear right here."
NOTICE_LINES = {
    "sent": " The counselors were notified.",
    "trying": " I'm still trying to reach the counselors; your request is on their list meanwhile.",
    "failed": " I couldn't get a notice to the counselors, but your request is on their list.",
    "none": " It is on the counselors' list.",
}


def status_text(
    site: SiteConfig | None,
    requested: dt.datetime | None,
    now: dt.datetime,
    lead: str = STILL_HERE,
    notice: str | None = None,
) -> str:
    """The truthful answer to "how long?" / "are you still there?" while a request is open.

    `notice` is the gateway's word on this request's notice (`notice_state`); without it nothing is
    said about whether the counselors were told, because only the gateway knows."""
    asked = f" You asked for a counselor {_ago(requested, now)}." if requested else ""
    base = f"{lead}{asked}"
    if site is None or not site.has_destination:
        return f"{base} It is on the counselors' list; I can't tell when one will reply. {APPEARS_HERE}"
    told = NOTICE_LINES.get(notice or "", "")
    if site.hours is None:
        return f"{base}{told} I can't tell exactly when they'll reply. {APPEARS_HERE}"
    if site.hours.is_open(now):
        within = f" and aim to reply within {site.reply_within}" if site.reply_within else ""
        return f"{base}{told} Counselors are working now{within}; the reply will appear right here."
    opening = site.hours.next_opening(now)
    when = f" The next opening is {when_phrase(opening, now)} ({_zone_label(site)} time)." if opening else ""
    return f"{base}{told} Counselors are away right now.{when} Their reply will appear right here."


def is_about_waiting(text: str) -> bool:
    """Whether an English (or wordless: "??") message asks about the wait itself.

    The same classifier as the gateway's under a hold (`bot.hold_questions.classify`, pure text, which
    the action server imports like `bot.notify.sites`): both sides must agree on what "how long?" is.
    Here a request is open but Pivot still answers topics, so a question about a course ("how long is
    the nursing program?") must stay Pivot's; the classifier keeps those `other` for both. Spanish and
    Portuguese phrasings go on to Pivot's answer in their language (`actions/other_languages.py`), as
    the status below is written in English only."""
    ask = classify(text)
    return ask.about_waiting and ask.lang in (None, "en")


def _contact_turn(tracker: Tracker, text: str) -> tuple[str, list[dict[str, Any]]] | None:
    """An email address typed while the request is open, or the answer to Pivot's question about one.
    Kept only with consent (`bot.notify.consent`): typed after the offer, or confirmed with a yes."""
    address = consent.find_email(text)
    if address is not None:
        if _offered_email(tracker):
            return consent.thanks(address), [
                {"event": "contact_email", "email": address, "consent": EMAIL_OFFER}
            ]
        return consent.confirm_question(address), []
    asked = _asked_to_confirm(tracker)
    if asked is None:
        return None
    if consent.is_yes(text):
        question = consent.confirm_question(asked)
        return consent.thanks(asked), [{"event": "contact_email", "email": asked, "consent": question}]
    if consent.is_no(text):
        return consent.DECLINED, []
    return None


def _hold_turn(tracker: Tracker) -> tuple[str, list[dict[str, Any]]] | None:
    if not tracker.get_slot("handoff_requested"):
        return None
    text = str((tracker.latest_message or {}).get("text") or "")
    contact = _contact_turn(tracker, text)
    if contact is not None:
        return contact
    if is_about_waiting(text):
        site = get_sites().for_site(site_of(tracker))
        return status_text(site, _handoff_at(tracker), _clock(), notice=notice_state(tracker)), []
    return None


def on_hold_reply(tracker: Tracker) -> str | None:
    """The reply while a hand-off is open (slot `handoff_requested` true, not yet released) and the
    message is about waiting or availability, or an email address (kept after the offer, else asked
    about), or the answer to that question; else None.
    Text only: use `answer_on_hold` so a left email address also reaches the gateway."""
    turn = _hold_turn(tracker)
    return turn[0] if turn else None


def answer_on_hold(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """`on_hold_reply` plus its payload for the gateway; True when it answered the turn."""
    turn = _hold_turn(tracker)
    if turn is None:
        return False
    text, custom = turn
    dispatcher.utter_message(text=text)
    for payload in custom:
        dispatcher.utter_message(json_message=payload)
    return True


class ActionRequestHuman(Action):
    """Records the request and tells the person what happens next."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        already = bool(tracker.get_slot("handoff_requested"))
        site = get_sites().for_site(site_of(tracker))
        if already:
            lead = (
                "You're already on the list for a counselor; they'll read our conversation and reply right "
                "here, so you don't need to repeat anything."
            )
            text = status_text(site, _handoff_at(tracker), _clock(), lead=lead, notice=notice_state(tracker))
        else:
            text = request_text(site, _clock())
        dispatcher.utter_message(text=text)
        # `new` lets the gateway notify counselors once per request, not on every repeat.
        dispatcher.utter_message(json_message={"event": "handoff_requested", "new": not already})
        return [SlotSet("handoff_requested", True)]
