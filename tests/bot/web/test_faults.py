"""The widget's fault suite (issue 12): the real gateway's socket under dropped connections, frames lost in
transit, reconnect storms, duplicates, Rasa down then up, a counselor reply to a dying socket and presses on
old buttons. Only Rasa and the action server are doubles (tests/bot/fakes.py; other processes in
production); the widget is `WidgetModel` (its delivery rules, checked against the real widget in
tests/browser/test_widget_delivery.py). Every scenario adds its counts to `fault_tally`, printed at the
end of the run: 0 lost, 0 duplicated, 0 recorded as delivered but never shown.
"""

from __future__ import annotations

from bot import store
from bot.counselor import receipts
from bot.delivery import deliver_counselor_message
from bot.keys import DB_KEY
from bot.web_delivery import LIST_CHANGED, WEB_DELIVERY_KEY, acked_ids, reply_ids
from tests.bot.fakes import PICK_FIRST
from tests.bot.web import fault_tally
from tests.bot.web.widget_model import WidgetModel, until

SENDER = "web:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
OTHER = "web:ffffeeee-dddd-4ccc-8bbb-aaaa99998888"


def rasa_texts(fake_rasa, sender: str = SENDER) -> list[str]:
    """What Rasa answered (a 500 during an outage is no answer)."""
    return [c["message"] for c in fake_rasa.answered if c["sender"] == sender]


async def tally(client, model: WidgetModel, fake_rasa, *, faults: int, sent: int, expected: list[str]):
    db = client.app[DB_KEY]
    shown_ids = model.known()
    acked = await acked_ids(db, model.sender)
    counts = fault_tally.record(
        faults=faults,
        sent=sent,
        expected=expected,
        shown=model.all_texts(),
        acked_not_shown=len(acked - shown_ids),
        rasa_texts=rasa_texts(fake_rasa, model.sender),
    )
    assert counts["lost"] == 0 and counts["duplicated"] == 0, (counts, model.shown)
    assert counts["recorded_not_delivered"] == 0 and counts["asked_rasa_twice"] == 0, counts
    return counts


async def all_acked(client, sender: str = SENDER) -> bool:
    db = client.app[DB_KEY]
    history = await store.get_history(db, sender)
    return {h.id for h in history if h.from_ != "user"} <= await acked_ids(db, sender)


async def test_a_socket_dropped_mid_reply_gets_the_reply_when_it_reconnects(widget_gateway, fake_rasa):
    client, db = widget_gateway, widget_gateway.app[DB_KEY]
    fake_rasa.delay_s = 0.3
    model = WidgetModel(client, SENDER)
    await model.connect()
    await model.send("hello there", "c1")
    await until(lambda: any(f["type"] == "typing" for f in model.frames))  # the gateway has it
    await model.close()  # fault: the socket drops while Rasa thinks

    await until(lambda: reply_ids(db, SENDER, "c1"))  # answered and recorded all the same
    assert await acked_ids(db, SENDER) == set()  # never shown, so not delivered
    fake_rasa.delay_s = 0
    await model.connect()  # `resume` brings the reply; the outbox's re-send is answered from the record
    await until(lambda: model.texts() == ["You said: hello there"] and not model.outbox)
    await until(lambda: all_acked(client))

    await model.close()
    seen = len(model.frames)
    await model.connect()  # fault: reconnect once more; everything was acknowledged, nothing comes again
    await model.quiet()
    assert not any(f["type"] == "resume" for f in model.frames[seen:])
    await tally(client, model, fake_rasa, faults=2, sent=1, expected=["You said: hello there"])
    await model.close()


async def test_frames_lost_in_transit_come_again_on_every_reconnect_until_acknowledged(
    widget_gateway, fake_rasa
):
    client, db = widget_gateway, widget_gateway.app[DB_KEY]
    model = WidgetModel(client, SENDER)
    await model.connect()
    model.deaf = True  # fault: the replies reach the machine but never the page
    for i in range(3):
        await model.send(f"message {i}", f"m{i}")
    await until(lambda: sum(1 for f in model.ignored if f["type"] == "bot") == 3)
    assert await acked_ids(db, SENDER) == set()  # written to the socket is not delivered
    await model.close()

    model.deaf = False
    resumes = []
    for _ in range(3):  # fault: a reconnect storm; the page draws each id once
        await model.connect()
        await until(lambda: not model.outbox)
        await model.quiet()
        resumes.append(sum(1 for f in model.frames if f["type"] == "resume"))
        await model.close()
    await until(lambda: all_acked(client))
    await model.connect()
    await model.quiet()
    assert resumes[0] >= 1  # the unacknowledged replies came back at the first reconnect
    assert sum(1 for f in model.frames if f["type"] == "resume") == resumes[-1]  # and not after the ack
    expected = [f"You said: message {i}" for i in range(3)]
    assert model.texts() == expected  # in order
    await tally(client, model, fake_rasa, faults=4, sent=3, expected=expected)
    await model.close()


async def test_the_same_message_sent_three_times_is_answered_and_shown_once(widget_gateway, fake_rasa):
    client = widget_gateway
    model = WidgetModel(client, SENDER)
    await model.connect()
    await model.send("once please", "dup")
    await model.resend("dup")  # fault: the same client_id again on the same socket
    await until(lambda: not model.outbox)
    await model.close()
    model.outbox["dup"] = {"type": "message", "text": "once please", "client_id": "dup"}  # a second tab
    await model.connect()  # fault: and again over a new socket
    await until(lambda: not model.outbox)
    await model.quiet()
    assert rasa_texts(fake_rasa) == ["once please"]
    await tally(client, model, fake_rasa, faults=2, sent=1, expected=["You said: once please"])
    await model.close()


async def test_rasa_down_keeps_the_messages_and_answers_them_in_order_when_it_is_back(
    widget_gateway, fake_rasa
):
    client = widget_gateway
    delivery = client.app[WEB_DELIVERY_KEY]
    fake_rasa.status_code = 500  # fault: Rasa is down
    model = WidgetModel(client, SENDER)
    await model.connect()
    await model.send("first", "r1")
    await until(lambda: any(f["type"] == "waiting" and f["reply_to"] == "r1" for f in model.frames))
    await model.send("second", "r2")  # waits behind the first
    await model.resend("r1")  # fault: the widget sends the kept message again
    await until(lambda: sum(1 for f in model.frames if f["type"] == "waiting") == 2)
    assert delivery.waiting == {(SENDER, "r1")}

    fake_rasa.status_code = 200
    await until(lambda: not model.outbox)
    assert model.texts() == ["You said: first", "You said: second"]
    kept = [f for f in model.frames if f["type"] == "waiting"]
    assert all("kept your message" in f["text"] for f in kept)
    assert delivery.counts["rasa_recovered"] >= 1
    await until(lambda: all_acked(client))
    await tally(client, model, fake_rasa, faults=2, sent=2, expected=["You said: first", "You said: second"])
    await model.close()


async def test_rasa_down_while_the_widget_closes_is_answered_when_it_comes_back(widget_gateway, fake_rasa):
    client, db = widget_gateway, widget_gateway.app[DB_KEY]
    fake_rasa.status_code = 500  # fault: Rasa down
    model = WidgetModel(client, SENDER)
    await model.connect()
    await model.send("are you there", "w1")
    await until(lambda: any(f["type"] == "waiting" for f in model.frames))
    await model.close()  # fault: the person closes the tab

    fake_rasa.status_code = 200
    await until(lambda: reply_ids(db, SENDER, "w1"))  # answered while no socket was open
    await model.connect()
    await until(lambda: model.texts() == ["You said: are you there"] and not model.outbox)
    await until(lambda: all_acked(client))
    await tally(client, model, fake_rasa, faults=2, sent=1, expected=["You said: are you there"])
    await model.close()


async def test_a_counselor_reply_to_a_dying_socket_is_delivered_on_reconnect(widget_gateway, fake_rasa):
    client, db = widget_gateway, widget_gateway.app[DB_KEY]
    model = WidgetModel(client, SENDER)
    await model.connect()
    await model.send("I want a human", "h1")
    await until(lambda: not model.outbox)
    model.deaf = True  # fault: the pushed reply never reaches the page
    result = await deliver_counselor_message(client.app, SENDER, "Hi, I'm Ann from careers.", "ann")
    assert result.live
    await until(lambda: any(f["type"] == "counselor" for f in model.ignored))
    [state] = (await receipts.reply_states(db, SENDER)).values()
    assert state.delivered_at is None  # the dashboard does not say "delivered"
    await model.close()

    model.deaf = False
    await model.connect()
    await until(lambda: model.texts("counselor") == ["Hi, I'm Ann from careers."])

    async def receipt() -> bool:
        [state] = (await receipts.reply_states(db, SENDER)).values()
        # `history` when the page drew it from the history it reloaded (the resume path), `live` when
        # it drew the frame itself.
        return state.delivered_at is not None and state.via in ("live", "history")

    await until(receipt)
    expected = ["I'll ask a counselor to join.", "Hi, I'm Ann from careers."]
    await tally(client, model, fake_rasa, faults=2, sent=1, expected=expected)
    await model.close()


async def test_a_press_on_an_older_list_is_answered_honestly_and_never_reaches_rasa(
    widget_gateway, fake_rasa
):
    client, db = widget_gateway, widget_gateway.app[DB_KEY]
    model = WidgetModel(client, SENDER)
    await model.connect()
    await model.send("list a", "la")
    await until(lambda: not model.outbox)
    [list_a] = await reply_ids(db, SENDER, "la")
    await model.send("list b", "lb")
    await until(lambda: not model.outbox)
    [list_b] = await reply_ids(db, SENDER, "lb")

    # fault: "Tell me more about #1" of list A (e.g. queued while offline, or from a second tab)
    await model.send(PICK_FIRST, "old", display="Tell me more about #1", list_id=list_a)
    await until(lambda: not model.outbox)
    stale = next(f for f in model.frames if f["type"] == "bot" and f["reply_to"] == "old")
    assert stale["messages"] == [
        {"text": LIST_CHANGED, "buttons": [{"title": "Tell me more about #1", "payload": PICK_FIRST}]}
    ]
    assert PICK_FIRST not in rasa_texts(fake_rasa)  # Rasa never saw the old payload
    await model.resend("old")  # fault: the stale press again: answered from the record, once
    await model.quiet()

    # The current list (B, or the notice's own copy of it) still works.
    await model.send(PICK_FIRST, "cur", display="Tell me more about #1", list_id=list_b)
    await until(lambda: not model.outbox)
    assert rasa_texts(fake_rasa)[-1] == PICK_FIRST
    assert client.app[WEB_DELIVERY_KEY].counts["stale_buttons"] == 1
    history = [(h.from_, h.text) for h in await store.get_history(db, SENDER)]
    assert ("user", "Tell me more about #1") in history and ("bot", LIST_CHANGED) in history
    expected = ["1. Cert A", "1. Cert B", LIST_CHANGED, f"You said: {PICK_FIRST}"]
    await until(lambda: all_acked(client))
    await tally(client, model, fake_rasa, faults=2, sent=4, expected=expected)
    await model.close()


async def test_acknowledgements_count_only_for_the_senders_own_messages(widget_gateway, fake_rasa):
    client, db = widget_gateway, widget_gateway.app[DB_KEY]
    model = WidgetModel(client, SENDER)
    await model.connect()
    model.deaf = True
    await model.send("mine", "x1")
    await until(lambda: any(f["type"] == "bot" for f in model.ignored))
    ids = await reply_ids(db, SENDER, "x1")
    other = WidgetModel(client, OTHER)
    await other.connect()
    await other.ws.send_json({"type": "ack", "ids": [*ids, "7", True, -1, None]})  # fault: a forged ack
    await other.quiet()
    assert await acked_ids(db, SENDER) == set() and await acked_ids(db, OTHER) == set()
    model.deaf = False
    await model.close()
    await model.connect()
    await until(lambda: model.texts() == ["You said: mine"])
    await until(lambda: all_acked(client))
    await tally(client, model, fake_rasa, faults=2, sent=1, expected=["You said: mine"])
    await model.close()
    await other.close()
