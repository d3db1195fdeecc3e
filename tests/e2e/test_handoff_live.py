"""A hand-off on the real stack: the trained test model in Rasa, the action server, the gateway process
(`bench.stack.Stack`, as the other end-to-end suites), a real SMTP server (aiosmtpd, STARTTLS and a login)
and a local webhook receiver (both from `tests/bot/notify/conftest.py`, in threads of their own). Nothing is
mocked: the person talks to the widget's HTTP API, the counselor uses the dashboard over HTTP.

The site's office hours are set relative to today (the only opening three days from now, New York time), so
"outside hours" holds whenever the suite runs; the wording at fixed instants is tested in tests/actions and
tests/bot/notify/test_hold_texts.py.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import re
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.bot.notify.conftest import (
    SMTP_PASSWORD,
    SMTP_USER,
    Mailbox,
    Receiver,
    receiver_in_thread,
    start_mailbox,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NY = ZoneInfo("America/New_York")
COUNSELOR = "sam@college.example"
PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
BACK = "You're back with Pivot"


def opening_day() -> int:
    return (dt.datetime.now(NY).weekday() + 3) % 7


def wait_until(predicate: Callable[[], Any], timeout: float, what: str) -> float:
    """Seconds until `predicate()` held; fails after `timeout`."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - start


@dataclass
class Live:
    stack: Any
    mailbox: Mailbox
    hooks: Receiver
    counselor: urllib.request.OpenerDirector = field(init=False)

    # ---------------------------------------------------------------- the person (the widget's HTTP API)
    def _json(self, method: str, path: str, body: dict[str, Any] | None = None, **query: str) -> Any:
        url = f"{self.stack.base_url}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        req = urllib.request.Request(
            url,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "Origin": self.stack.base_url},
        )
        with urllib.request.urlopen(req, timeout=180) as resp:
            return json.loads(resp.read())

    def person(self, site: str) -> Person:
        session = self._json("POST", "/api/v1/session", {})
        return Person(self, session["sender_id"], session["token"], site)

    # ---------------------------------------------------------------- the counselor (the dashboard)
    def login(self) -> None:
        self.counselor = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = self.page("/counselor/login")
        form = {"email": COUNSELOR, "password": PASSWORD, "csrf_token": _csrf(page), "next": "/counselor/"}
        self.post_form("/counselor/login", form)

    def page(self, path: str) -> str:
        with self.counselor.open(f"{self.stack.base_url}{path}", timeout=60) as resp:
            return resp.read().decode()

    def post_form(self, path: str, form: dict[str, str]) -> str:
        data = urllib.parse.urlencode(form).encode()
        with self.counselor.open(f"{self.stack.base_url}{path}", data=data, timeout=60) as resp:
            return resp.read().decode()  # the page the 303 leads to

    def act(self, sender: str, action: str, **form: str) -> str:
        token = _csrf(self.page(f"/counselor/c/{sender}"))
        return self.post_form(f"/counselor/c/{sender}/{action}", {"csrf_token": token, **form})

    # ---------------------------------------------------------------- what arrived
    def emails_about(self, sender: str) -> list[Any]:
        return [m for m in self.mailbox.messages if sender in (m.get_payload(decode=True) or b"").decode()]

    def hooks_about(self, sender: str) -> list[dict[str, Any]]:
        return [c for c in self.hooks.calls if sender in json.dumps(c["json"])]

    def app_db(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.stack.app_db) as db:
            return db.execute(sql, args).fetchall()

    def rasa_tracker(self, sender: str) -> dict[str, Any]:
        url = f"{self.stack.rasa_url}/conversations/{sender}/tracker?token={self.stack.token}"
        with urllib.request.urlopen(url, timeout=30) as resp:
            return json.loads(resp.read())


@dataclass
class Person:
    live: Live
    sender: str
    token: str
    site: str

    def say(self, text: str) -> str:
        body = {"sender_id": self.sender, "token": self.token, "text": text, "site": self.site}
        reply = self.live._json("POST", "/api/v1/messages", body)
        return "\n".join(m.get("text") or "" for m in reply["messages"])

    def history(self) -> list[dict[str, Any]]:
        return self.live._json("GET", "/api/v1/history", sender_id=self.sender, token=self.token)["messages"]


def _csrf(page: str) -> str:
    match = CSRF_RE.search(page)
    assert match, page[:500]
    return match.group(1)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Live]:
    from bench.stack import APP_PY, ROOT, Stack, free_port, test_model

    if not (ROOT / ".venv-rasa" / "bin" / "python").exists():
        pytest.skip("the Rasa environment is missing: run `make venvs`")
    work = tmp_path_factory.mktemp("handoff")
    box, smtp = start_mailbox(work, free_port())
    with receiver_in_thread(free_port()) as hooks:
        day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[opening_day()]
        sites = work / "sites.yml"
        sites.write_text(
            f"""
sites:
  college.example:
    name: Riverside College careers
    timezone: America/New_York
    hours: {{{day}: "09:00-17:00"}}
    email: [careers@college.example]
    webhook: {hooks.url}/college
  open.example:
    name: Always-open careers desk
    timezone: Europe/Lisbon
    hours: {{mon-sun: "00:00-24:00"}}
    reply_within: two working hours
    email: [desk@open.example]
    webhook: {hooks.url}/open
  mail-only.example:
    name: Lakeside Workforce Board
    email: [advisers@lakeside.example]
  quiet.example:
    name: A site with no destination
""",
            encoding="utf-8",
        )
        stack = Stack(workdir=work, model=test_model())
        stack.extra_env = {
            "SITES_CONFIG": str(sites),
            "SMTP_HOST": box.host,
            "SMTP_PORT": str(box.port),
            "SMTP_USERNAME": SMTP_USER,
            "SMTP_PASSWORD": SMTP_PASSWORD,
            "SMTP_TLS": "starttls",
            "SMTP_FROM": "Pivot <notices@pivot.example.org>",
            "SMTP_CA_FILE": box.ca_file,
            "PUBLIC_URL": stack.base_url,  # plain http: the dashboard's cookie is not `Secure`
        }
        stack.start()
        try:
            stack.wait_healthy()
            subprocess.run(
                [str(APP_PY), "-m", "bot", "counselor", "add", COUNSELOR, "--password-stdin"],
                input=PASSWORD + "\n",
                cwd=ROOT,
                env=stack.env(),
                check=True,
                capture_output=True,
                text=True,
            )
            yield Live(stack, box, hooks)
        finally:
            stack.stop()
            smtp.stop()


def test_outside_hours_the_whole_hand_off(live: Live) -> None:
    from bot.notify.hours import DAY_NAMES

    person = live.person("college.example")
    sender = person.sender
    person.say("hi")
    started = time.monotonic()
    asked = person.say("talk to a human")

    # -- the counselors are told: one email and one webhook call with the summary and the link, within 5 s
    took = wait_until(
        lambda: live.emails_about(sender) and live.hooks_about(sender),
        5.0,
        "email and webhook after the request",
    )
    elapsed = time.monotonic() - started
    time.sleep(1.0)  # nothing more arrives
    (mail,) = live.emails_about(sender)
    (hook,) = live.hooks_about(sender)
    link = f"{live.stack.base_url}/counselor/c/{sender}"
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == "careers@college.example" and link in body and "Summary: " in body
    assert hook["path"] == "/hooks/college" and link in hook["json"]["text"]
    assert "talk to a human" not in body and "talk to a human" not in hook["json"]["text"]  # no transcript
    print(f"\nreal stack: email + webhook {took:.2f} s after the reply, {elapsed:.2f} s after sending")

    # -- the person is told the truth: away now, the next opening, the email option
    day = DAY_NAMES[opening_day()]
    assert f"the next opening is {day} at 09:00 (America/New York time)" in asked, asked
    assert "type your email address here" in asked, asked
    assert "notified" not in asked, asked  # the notice leaves after this reply: never said as done

    # -- follow-ups while the request is open (Rasa answers: actions/handoff.py)
    how_long = person.say("how long until someone answers?")
    assert "Take care" not in how_long and "asked for a counselor" in how_long, how_long
    assert f"{day} at 09:00" in how_long, how_long
    email = person.say("yes please, my email is x@example.org")
    assert "LinkedIn" not in email and "x@example.org" in email, email
    ((address, consent),) = live.app_db(
        "SELECT value, consent FROM contact_details WHERE sender_id = ?", sender
    )
    assert address == "x@example.org" and "type your email address" in consent  # with the words agreed to

    # -- the counselor sees it and replies; the reply reaches the (closed) widget when it reloads
    live.login()
    conversation = live.page(f"/counselor/c/{sender}")
    assert "Left an email for the reply: <strong>x@example.org</strong>" in conversation
    live.act(sender, "reply", text="Hi, I'm Sam from the careers office. I'll email you on Monday.")
    shown = person.history()
    assert shown[-1]["from"] == "counselor" and shown[-1]["text"].startswith("Hi, I'm Sam")

    # -- on hold: the gateway answers the wait, Rasa is not asked
    events_before = len(live.rasa_tracker(sender)["events"])
    held = person.say("how long until someone answers?")
    assert held.startswith("A counselor has taken over this conversation and last wrote just now."), held
    assert f"the next opening is {day} at 09:00 (America/New York time)" in held, held
    there = person.say("are you still there?")
    assert there.startswith("Yes, I'm here."), there
    # an address typed under the hold: the gateway keeps it (this request's offer is the consent)
    changed = person.say("please use jo.second@example.org instead")
    assert changed.startswith("Thanks, the counselor will reply to jo.second@example.org"), changed
    assert live.app_db("SELECT value, consent FROM contact_details WHERE sender_id = ?", sender) == [
        ("jo.second@example.org", consent)
    ]
    assert person.say("also, I only have evenings free") == ""  # kept for the counselor, already answered
    assert len(live.rasa_tracker(sender)["events"]) == events_before  # the bot did not talk over the human
    for text in (held, there):
        assert COUNSELOR not in text and "web:" not in text

    # -- released: Rasa's slot is reset, the person is told, the bot answers again
    live.act(sender, "hold", release="yes")
    assert person.history()[-1]["text"].startswith(BACK)
    assert live.rasa_tracker(sender)["slots"]["handoff_requested"] is False
    again = person.say("I work in retail and want to move into data analytics")
    assert again and not again.startswith(
        ("A counselor has taken over", "Yes, I'm here", "Thanks, I've kept")
    )
    person.say("talk to a human")  # a new request notifies again: the old one is closed
    wait_until(lambda: len(live.emails_about(sender)) == 2, 5.0, "a second request's email")


def test_a_failing_webhook_is_retried_and_an_open_site_says_when(live: Live) -> None:
    live.hooks.statuses = [500, 500]  # the receiver fails twice, then takes it
    person = live.person("open.example")

    asked = person.say("talk to a human")

    assert "I'm letting the counselors know now" in asked and "within two working hours" in asked, asked
    assert "notified" not in asked, asked
    took = wait_until(lambda: len(live.hooks_about(person.sender)) == 3, 15.0, "webhook retried to success")
    assert len(live.emails_about(person.sender)) == 1

    def outbox() -> list:
        return live.app_db(
            "SELECT kind, status, attempts FROM notification_outbox WHERE sender_id = ? ORDER BY kind",
            person.sender,
        )

    # The receiver has its third request before the sender records the 200, so the row may still
    # read 'pending' for a moment: wait for the record rather than race it.
    wait_until(lambda: all(status != "pending" for _, status, _ in outbox()), 10.0, "the outbox record")
    assert outbox() == [("email", "sent", 1), ("webhook", "sent", 3)]
    print(f"\nwebhook 500, 500, 200 -> delivered {took:.1f} s after the reply")

    # -- now the gateway tells the actions the notice arrived, and only now is it said
    later = person.say("how long until someone answers?")
    assert "The counselors were notified." in later and "within two working hours" in later, later
    # -- during hours no email was offered: an address typed anyway is asked about, kept on a yes
    question = person.say("you can also reach me at lee@example.org")
    assert question.startswith("Should the counselor also reply by email to lee@example.org?"), question
    assert live.app_db("SELECT COUNT(*) FROM contact_details WHERE sender_id = ?", person.sender) == [(0,)]
    thanks = person.say("yes")
    assert thanks.startswith("Thanks, the counselor will reply to lee@example.org"), thanks
    assert live.app_db("SELECT value, consent FROM contact_details WHERE sender_id = ?", person.sender) == [
        ("lee@example.org", question)
    ]


def test_no_notice_goes_where_a_site_has_no_destination(live: Live) -> None:
    mail_only = live.person("mail-only.example")
    quiet = live.person("quiet.example")

    mail_only.say("talk to a human")
    told = quiet.say("talk to a human")
    wait_until(lambda: live.emails_about(mail_only.sender), 5.0, "the mail-only site's email")
    time.sleep(1.5)

    (mail,) = live.emails_about(mail_only.sender)
    assert mail["To"] == "advisers@lakeside.example"
    assert live.hooks_about(mail_only.sender) == [] and live.emails_about(quiet.sender) == []
    assert live.hooks_about(quiet.sender) == []
    assert live.app_db("SELECT COUNT(*) FROM notification_outbox WHERE sender_id = ?", quiet.sender) == [(0,)]
    assert "I can't tell when" in told, told  # nothing promised where nobody is notified


def test_a_release_while_rasa_is_down_waits_until_rasa_took_it(live: Live) -> None:
    person = live.person("college.example")
    person.say("talk to a human")
    live.login()
    live.act(person.sender, "hold")
    live.stack.stop("rasa")
    try:
        page = live.act(person.sender, "hold", release="yes")

        assert "handing back to the bot" in page
        assert not any(m["text"].startswith(BACK) for m in person.history())
        waiting = person.say("hello?")
        assert waiting.startswith("Yes, I'm here. The counselor has finished here"), waiting
    finally:
        live.stack.start("rasa")
    live.stack.wait_healthy()
    took = wait_until(
        lambda: any(m["text"].startswith(BACK) for m in person.history()),
        90.0,
        "the hand-back after Rasa returned",
    )
    assert sum(m["text"].startswith(BACK) for m in person.history()) == 1
    assert live.rasa_tracker(person.sender)["slots"]["handoff_requested"] is False
    print(f"\nhand-back done {took:.1f} s after Rasa was healthy again")
