"""The counselor sees a hand-off's reach on the dashboard: each notice's state (a failing webhook
as retrying, with its error), the email a person left, and whether a reply was delivered."""

from __future__ import annotations

import re
from typing import Any

import pytest
from argon2 import PasswordHasher

from bot.app import init_app
from bot.counselor import auth
from bot.counselor.auth import hash_password
from bot.counselor.models import Counselor
from bot.delivery import deliver_counselor_message
from bot.keys import DB_KEY
from bot.notify.config import NotifyConfig
from tests.bot.notify.conftest import API_KEY, notify_env, wait_for

PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same algorithm, small parameters: the tests check what the page shows, not the hash cost."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(auth, "_DUMMY_HASH", None)


@pytest.fixture
async def dashboard(aiohttp_client: Any, gateway_settings, sites_file, mailbox) -> Any:
    # plain-http public URL: the session cookie is `Secure` under https, which the test client won't send
    settings = gateway_settings.replace(
        public_url="http://127.0.0.1:8080",
        api_keys=(API_KEY,),
        notify=NotifyConfig.from_env(notify_env(sites_file, mailbox)),
    )
    client = await aiohttp_client(await init_app(settings), headers={"X-API-Key": API_KEY})
    async with client.server.app[DB_KEY].sessionmaker() as db:
        db.add(
            Counselor(email="sam@college.example", role="counselor", password_hash=hash_password(PASSWORD))
        )
        await db.commit()
    page = await (await client.get("/counselor/login")).text()
    token = CSRF_RE.search(page).group(1)
    resp = await client.post(
        "/counselor/login",
        data={
            "email": "sam@college.example",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/counselor/",
        },
        allow_redirects=False,
    )
    assert resp.status == 303, await resp.text()
    return client


async def test_the_conversation_page_shows_notices_contact_and_reply_state(dashboard, receiver, mailbox):
    receiver.statuses = [500] * 5
    for text in ("I want a human", "please reply to eve@example.org"):
        resp = await dashboard.post(
            "/api/v1/messages", json={"sender_id": "api:eve", "text": text, "site": "college.example"}
        )
        assert resp.status == 200
    await wait_for(lambda: len(mailbox.messages) == 1 and len(receiver.calls) >= 1)
    await deliver_counselor_message(
        dashboard.server.app, "api:eve", "Hello Eve, Sam here.", "sam@college.example"
    )

    page = await (await dashboard.get("/counselor/c/api:eve")).text()
    listing = await (await dashboard.get("/counselor/handoffs")).text()

    assert re.search(r"Email to careers@college.example:\s*<span class=\"pill\">sent ", page)
    assert re.search(r"Webhook:\s*<span class=\"pill warn\">retrying \(attempt 1", page)
    assert "webhook answered HTTP 500" in page
    assert "Left an email for the reply: <strong>eve@example.org</strong>" in page
    assert "waiting: they have not been back since" in page
    assert receiver.url not in page  # a webhook URL is a secret: the page names only its kind
    assert '<span class="pill warn">retrying</span>' in listing


async def test_a_release_waiting_for_rasa_is_shown_and_the_person_stays_held(dashboard, fake_rasa):
    resp = await dashboard.post(
        "/api/v1/messages", json={"sender_id": "api:fin", "text": "I want a human", "site": "college.example"}
    )
    assert resp.status == 200
    page = await (await dashboard.get("/counselor/c/api:fin")).text()
    token = CSRF_RE.search(page).group(1)
    await dashboard.post("/counselor/c/api:fin/hold", data={"csrf_token": token})
    fake_rasa.events_statuses = [503] * 20  # Rasa keeps refusing the reset

    await dashboard.post("/counselor/c/api:fin/hold", data={"csrf_token": token, "release": "yes"})
    page = await (await dashboard.get("/counselor/c/api:fin")).text()

    assert '<span class="pill warn">handing back to the bot</span>' in page
    assert "The person stays with you and is told they are back once it worked." in page
    assert "Rasa answered HTTP 503" in page
    assert "Release to the bot" in page  # still held: releasing again is possible
