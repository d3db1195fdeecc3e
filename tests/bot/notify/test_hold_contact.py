"""An email address left for the counselor's reply, and what Rasa's actions are told about the notice.

The real gateway and SQLite; Rasa is the fake of conftest (`HandoffRasa`), whose hand-off reply here is
the action server's out-of-hours wording with the email offer (`bot.notify.consent.EMAIL_OFFER`) when the
test asks for it. While a counselor holds the conversation the gateway answers instead of Rasa
(`bot.hold.HoldDesk.contact`), with the action server's rule: an address is kept only after the offer
of this request, or after a yes to the question asked about an address typed without it; it is shown
on the counselor's conversation page with the words agreed to and deleted with the person's data.
Every message for Rasa while a request is open carries the notice's state (`handoff_notice`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import store
from bot.counselor import gateway as dashboard
from bot.delivery import forget_person
from bot.keys import DB_KEY
from bot.notify import consent, contacts, outbox
from bot.notify.models import ContactDetail
from tests.bot.notify.conftest import HandoffRasa, Mailbox, Receiver, wait_for
from tests.bot.notify.test_hold import COUNSELOR, clean, say
from tests.bot.notify.test_hold import gw as gw  # noqa: F401  (the fixture, reused as is)
from tests.bot.notify.test_hold import hold_sites as hold_sites  # noqa: F401

AWAY = "Counselors are away right now; the next opening is Monday at 09:00 (America/New York time). "


@pytest.fixture
def offering(fake_rasa: HandoffRasa) -> HandoffRasa:
    """The fake Rasa's hand-off reply carries the out-of-hours email offer, as `actions/handoff.py`'s."""
    plain = fake_rasa.reply

    def reply(sender: str, message: str) -> list[dict[str, Any]]:
        if "human" in message.lower():
            said = f"{AWAY}I'm leaving them a notice now. {consent.EMAIL_OFFER}"
            return [
                {"recipient_id": sender, "text": said},
                {"recipient_id": sender, "custom": {"event": "handoff_requested", "new": True}},
            ]
        return plain(sender, message)

    fake_rasa.reply = reply  # type: ignore[method-assign]
    return fake_rasa


async def contact_of(app: Any, sender: str) -> tuple[str, str] | None:
    row = await contacts.contact_for(app[DB_KEY], sender)
    return (row.value, row.consent) if row is not None else None


async def test_an_address_typed_under_hold_after_the_offer_is_kept_with_the_offer(gw, offering, mailbox):
    app = gw.server.app
    await say(gw, "api:amy", "I want a human", "closed.example")
    await dashboard.set_hold(app, "api:amy", COUNSELOR)
    asked = len(offering.calls)

    (reply,) = await say(gw, "api:amy", "yes please, my email is amy.r@example.org.", "closed.example")

    assert reply == consent.thanks("amy.r@example.org")
    assert await contact_of(app, "api:amy") == ("amy.r@example.org", consent.EMAIL_OFFER)
    assert len(offering.calls) == asked  # the gateway answered: the bot did not talk over the counselor
    history = [(h.from_, h.text) for h in await store.get_history(app[DB_KEY], "api:amy")]
    assert ("user", "yes please, my email is amy.r@example.org.") in history  # the counselor reads it too


async def test_an_address_typed_without_the_offer_is_asked_about_then_kept_on_yes(gw, fake_rasa):
    app = gw.server.app
    await say(gw, "api:bea", "I want a human", "open.example")  # during hours: no offer was made
    await dashboard.set_hold(app, "api:bea", COUNSELOR)

    (question,) = await say(gw, "api:bea", "you can reach me at bea@example.org", "open.example")
    assert question == consent.confirm_question("bea@example.org")
    assert await contact_of(app, "api:bea") is None  # not before a yes

    (thanks,) = await say(gw, "api:bea", "yes", "open.example")
    assert thanks == consent.thanks("bea@example.org")
    assert await contact_of(app, "api:bea") == ("bea@example.org", question)  # the words agreed to
    assert fake_rasa.parsed == []  # Rasa was not even asked to parse


async def test_a_no_keeps_nothing_and_a_yes_after_the_counselor_spoke_is_not_consent(gw):
    from bot.delivery import deliver_counselor_message

    app = gw.server.app
    await say(gw, "api:cal", "I want a human", "open.example")
    await dashboard.set_hold(app, "api:cal", COUNSELOR)
    await say(gw, "api:cal", "cal@example.org", "open.example")
    assert await say(gw, "api:cal", "no thanks", "open.example") == [consent.DECLINED]
    assert await contact_of(app, "api:cal") is None

    await say(gw, "api:cal", "cal@example.org", "open.example")
    await deliver_counselor_message(app, "api:cal", "Would Tuesday suit you for a call?", COUNSELOR)
    replies = await say(gw, "api:cal", "yes", "open.example")  # an answer to the counselor, not to Pivot
    assert await contact_of(app, "api:cal") is None
    assert all(consent.thanks("cal@example.org") != r for r in replies)


async def test_the_counselor_sees_the_address_and_it_goes_with_the_persons_data(gw, offering):
    app = gw.server.app
    await say(gw, "api:dot", "I want a human", "closed.example")
    await dashboard.set_hold(app, "api:dot", COUNSELOR)
    await say(gw, "api:dot", "dot@example.org", "closed.example")
    assert await contact_of(app, "api:dot") is not None

    await forget_person(app, "api:dot")

    async with app[DB_KEY].sessionmaker() as s:
        left = await s.scalar(
            select(func.count()).select_from(ContactDetail).where(ContactDetail.sender_id == "api:dot")
        )
    assert left == 0


async def test_a_held_conversation_without_a_request_is_asked_too(gw):
    app = gw.server.app
    await say(gw, "api:eve", "hi", "closed.example")
    await dashboard.set_hold(app, "api:eve", COUNSELOR)  # the counselor stepped in unasked: no offer

    (reply,) = await say(gw, "api:eve", "eve@example.org", "closed.example")

    assert reply == consent.confirm_question("eve@example.org")
    assert await contact_of(app, "api:eve") is None


async def test_the_replies_name_only_the_persons_own_address(gw, offering):
    await say(gw, "api:fox", "I want a human", "closed.example")
    await dashboard.set_hold(gw.server.app, "api:fox", COUNSELOR)
    (reply,) = await say(gw, "api:fox", "fox@example.org", "closed.example")
    clean(reply.replace("fox@example.org", "their address"))  # nothing internal, no counselor address


async def test_rasa_is_told_whether_the_counselors_got_the_notice(
    gw, fake_rasa: HandoffRasa, receiver: Receiver, mailbox: Mailbox
):
    receiver.statuses = [500] * 20  # the open site's only destination keeps failing
    await say(gw, "api:gil", "I want a human", "open.example")
    await say(gw, "api:gil", "how long?", "open.example")
    await say(gw, "api:hana", "I want a human", "closed.example")  # email: arrives
    await wait_for(lambda: len(mailbox.messages) == 1)
    flags = await store.get_flags(gw.server.app[DB_KEY], "api:hana")
    for _ in range(100):  # the server has the mail a moment before the outbox row reads 'sent'
        if await outbox.request_notice(gw.server.app[DB_KEY], "api:hana", flags.handoff_at) == "sent":
            break
        await asyncio.sleep(0.05)
    await say(gw, "api:hana", "how long?", "closed.example")
    await say(gw, "api:ivy", "I want a human", "plain.example")  # no destination
    await say(gw, "api:ivy", "how long?", "plain.example")
    await say(gw, "api:jo", "hi", "open.example")  # no request: no such metadata

    notice = {(c["sender"], c["message"]): c["metadata"].get("handoff_notice") for c in fake_rasa.calls}
    assert notice[("api:gil", "I want a human")] is None  # asked before any request existed
    assert notice[("api:gil", "how long?")] == "trying"
    assert notice[("api:hana", "how long?")] == "sent"
    assert notice[("api:ivy", "how long?")] == "none"
    assert notice[("api:jo", "hi")] is None


async def test_asking_again_keeps_the_time_of_the_first_request(gw):
    app = gw.server.app
    await say(gw, "api:kai", "I want a human", "open.example")
    first = (await store.get_flags(app[DB_KEY], "api:kai")).handoff_at
    await say(gw, "api:kai", "a human please", "open.example")

    assert (await store.get_flags(app[DB_KEY], "api:kai")).handoff_at == first
