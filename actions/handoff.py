"""Hand-off to a human counselor: what the person is told, and what the bot says while they wait.

The gateway notifies the counselors of the person's site (Contract 3: `{"event": "handoff_requested"}`,
see `bot/notify/`); this module keeps the person's side honest. Everything it promises comes from the
site's entry in `SITES_CONFIG` (the same file the gateway reads, `bot.notify.sites`):
- a site with a notice destination and office hours: during hours "a counselor has been notified,
  expect a reply within <reply_within>"; outside hours the next opening, and the choice to leave an
  email address for the reply (captured only after that offer, as `{"event": "contact_email"}`);
- a site without a destination: the request is only on the counselors' list, and nothing is said
  about timing.
While `handoff_requested` is set (until the counselor releases the conversation, when the gateway
resets the slot), `on_hold_reply` answers "how long?" and "are you still there?" truthfully.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.notify.hours import when_phrase
from bot.notify.sites import SiteConfig, Sites, load_sites

SITES_ENV = "SITES_CONFIG"
EMAIL_OFFER = (
    "If you'd like the reply by email as well, type your email address here. It is used only for "
    "the counselor's reply and deleted together with this conversation."
)
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_WAITING = re.compile(
    # "how long until someone answers?", never "how long until I can work as an LPN?"
    r"\b(how long (until|till|before) (some|any)(one|body)|how long (until|till|before) (a |the )?(counsel+or|person|human|"
    r"they|you)\b|how long (until|till|before) i (hear|get (a |an )?(reply|answer|response))|"
    r"how long (will (it|this|they|that) take to (reply|answer|respond|get back)|will (i|we) (have to )?wait)|"
    r"how long do i (have to )?wait|how long is the (wait|queue)|\w+ i wait|"
    r"how long\s*(\?|$)|how much longer|how soon (will|can|do|is|are) (some|any|the|a|they|you)|"
    r"\br u (there|still)\b|\bu there\b|"
    r"when (will|do|does|can|is|are)\b.*\b(reply|answer|respond|get back|hear|come|join|"
    r"be (here|available|back|online))|still (there|here|waiting|with me)|"
    r"(any|some)(one|body) (there|coming|here)|are you (there|still)|"
    r"is (any|some)(one|body) (there|coming|here)|"
    r"any (news|update|word)|what happens (now|next)|"
    r"(has|did) (any|some)(one|body|a counsel+or|the counsel+or) (seen|read|got|get|answered))",
    re.IGNORECASE,
)
_HELLO_ONLY = re.compile(r"^\s*(?:(hello|hi|hey)\s*)?\?+\s*$", re.IGNORECASE)

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
    """What the person is told when they first ask for a human."""
    if site is None or not site.has_destination:
        return (
            "Okay, I've added this conversation to the counselors' list. A counselor will read what we "
            "talked about and reply right here, so you won't need to repeat yourself. I can't tell when "
            "that will be; you can keep chatting with me meanwhile."
        )
    first = "Okay, a counselor has been notified. They'll read our conversation so far and reply right here"
    if site.hours is None:
        return f"{first}, so you won't need to repeat yourself. You can keep chatting with me meanwhile."
    if site.hours.is_open(now):
        within = f" — expect a reply within {site.reply_within}" if site.reply_within else ""
        return f"{first}{within}. You can keep chatting with me meanwhile."
    opening = site.hours.next_opening(now)
    when = f"is {when_phrase(opening, now)} ({_zone_label(site)} time)" if opening else "is not scheduled yet"
    return (
        f"Counselors are away right now; the next opening {when}. I've notified them, and a counselor "
        f"will reply right here when they're back. {EMAIL_OFFER}"
    )


def _handoff_at(tracker: Tracker) -> dt.datetime | None:
    """When the open request was made: the last `handoff_requested` slot set to true."""
    for e in reversed(tracker.events or []):
        if e.get("event") == "slot" and e.get("name") == "handoff_requested":
            if e.get("value") and e.get("timestamp"):
                return dt.datetime.fromtimestamp(float(e["timestamp"]), dt.timezone.utc)
            return None
    return None


def _offered_email(tracker: Tracker) -> bool:
    """Whether this hand-off's reply offered the email option (consent needs the offer first)."""
    for e in reversed(tracker.events or []):
        if e.get("event") == "slot" and e.get("name") == "handoff_requested" and not e.get("value"):
            return False  # released since: an old offer does not count
        if e.get("event") == "bot" and EMAIL_OFFER in (e.get("text") or ""):
            return True
    return False


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


def status_text(
    site: SiteConfig | None, requested: dt.datetime | None, now: dt.datetime, lead: str = STILL_HERE
) -> str:
    """The truthful answer to "how long?" / "are you still there?" while a request is open."""
    asked = f" You asked for a counselor {_ago(requested, now)}." if requested else ""
    base = f"{lead}{asked}"
    if site is None or not site.has_destination:
        return f"{base} It is on the counselors' list; I can't tell when one will reply. {APPEARS_HERE}"
    if site.hours is None:
        return f"{base} The counselors were notified; I can't tell exactly when they'll reply. {APPEARS_HERE}"
    if site.hours.is_open(now):
        within = f" and aim to reply within {site.reply_within}" if site.reply_within else ""
        return f"{base} Counselors are working now{within}; the reply will appear right here."
    opening = site.hours.next_opening(now)
    when = f" The next opening is {when_phrase(opening, now)} ({_zone_label(site)} time)." if opening else ""
    return f"{base} Counselors are away right now.{when} Their reply will appear right here."


def is_about_waiting(text: str) -> bool:
    return bool(_WAITING.search(text) or _HELLO_ONLY.match(text))


def _hold_turn(tracker: Tracker) -> tuple[str, list[dict[str, Any]]] | None:
    if not tracker.get_slot("handoff_requested"):
        return None
    text = str((tracker.latest_message or {}).get("text") or "")
    site = get_sites().for_site(site_of(tracker))
    now = _clock()
    email = _EMAIL.search(text)
    if email and _offered_email(tracker):
        address = email.group(0).rstrip(".")
        reply = (
            f"Thanks, the counselor will reply to {address} as well as here. The address is kept only for "
            "that and deleted together with this conversation."
        )
        return reply, [{"event": "contact_email", "email": address, "consent": EMAIL_OFFER}]
    if is_about_waiting(text):
        return status_text(site, _handoff_at(tracker), now), []
    return None


def on_hold_reply(tracker: Tracker) -> str | None:
    """The reply while a hand-off is open (slot `handoff_requested` true, not yet released) and the
    message is about waiting or availability — or an email address after the email offer; else None.
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
            text = status_text(site, _handoff_at(tracker), _clock(), lead=lead)
        else:
            text = request_text(site, _clock())
        dispatcher.utter_message(text=text)
        # `new` lets the gateway notify counselors once per request, not on every repeat.
        dispatcher.utter_message(json_message={"event": "handoff_requested", "new": not already})
        return [SlotSet("handoff_requested", True)]
